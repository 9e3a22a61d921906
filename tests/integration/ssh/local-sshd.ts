// A throwaway OpenSSH sshd on 127.0.0.1 (free port, temp config and keys) for SSH tests that
// need to control the server itself (its host key, its auth methods). Stop it in afterAll.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs'
import { connect, createServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface LocalSshd {
  dir: string
  port: number
  hostKeyFile: string
  /** An unencrypted ed25519 key root may log in with. */
  userKey: string
  /** known_hosts line for this server. */
  knownHostsLine: string
  /** Writes an ssh config for the client side and returns its path. */
  writeClientConfig(extra?: string): string
  authorize(pubKeyFile: string): void
  /** Replaces the host key and restarts sshd on the same port. */
  newHostKey(): Promise<void>
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port
      s.close(() => resolve(port))
    })
  })
}

export function keygen(file: string, opts: { passphrase?: string; type?: string; comment?: string; format?: 'PEM'; rounds?: number } = {}): string {
  const args = ['-q', '-t', opts.type ?? 'ed25519', '-N', opts.passphrase ?? '', '-C', opts.comment ?? 'kubedeck-test', '-f', file]
  if (opts.format) args.push('-m', opts.format)
  // Fewer KDF rounds than ssh-keygen's 16 keep passphrase tests fast; the format is the same.
  if (opts.rounds) args.push('-a', String(opts.rounds))
  const r = spawnSync('ssh-keygen', args, { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`ssh-keygen failed: ${r.stderr}`)
  return file
}

async function waitForPort(port: number, log: string): Promise<void> {
  const deadline = Date.now() + 10_000
  while (Date.now() < deadline) {
    const ok = await new Promise<boolean>((resolve) => {
      const sock: Socket = connect({ host: '127.0.0.1', port })
      sock.once('connect', () => {
        sock.destroy()
        resolve(true)
      })
      sock.once('error', () => resolve(false))
    })
    if (ok) return
    await new Promise((r) => setTimeout(r, 50))
  }
  throw new Error(`sshd did not listen on ${port}: ${readFileSync(log, 'utf8')}`)
}

export async function startLocalSshd(opts: { sshdConfig?: string } = {}): Promise<LocalSshd> {
  const dir = mkdtempSync(join(tmpdir(), 'kubedeck-sshd-'))
  chmodSync(dir, 0o755)
  mkdirSync('/run/sshd', { recursive: true })
  const port = await freePort()
  const hostKeyFile = keygen(join(dir, 'host_ed25519'))
  const userKey = keygen(join(dir, 'user_ed25519'))
  const authorized = join(dir, 'authorized_keys')
  writeFileSync(authorized, readFileSync(`${userKey}.pub`), { mode: 0o600 })
  const log = join(dir, 'sshd.log')
  const config = join(dir, 'sshd_config')
  writeFileSync(
    config,
    [
      `Port ${port}`,
      'ListenAddress 127.0.0.1',
      `HostKey ${hostKeyFile}`,
      `PidFile ${join(dir, 'sshd.pid')}`,
      `AuthorizedKeysFile ${authorized}`,
      'PermitRootLogin yes',
      'StrictModes no',
      'UsePAM no',
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'Subsystem sftp internal-sftp',
      'AllowTcpForwarding yes',
      'ClientAliveInterval 0',
      opts.sshdConfig ?? ''
    ].join('\n') + '\n'
  )
  let child: ChildProcess | null = null
  const start = async () => {
    child = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] })
    child.stderr!.on('data', (d) => {
      try {
        writeFileSync(log, d, { flag: 'a' })
      } catch {
        // The folder is gone after stop(); late lines do not matter.
      }
    })
    await waitForPort(port, log)
  }
  const stopChild = async () => {
    const c = child as ChildProcess | null
    if (!c || c.exitCode !== null) return
    const exited = new Promise((r) => c.once('exit', r))
    c.kill('SIGTERM')
    await exited
  }
  writeFileSync(log, '')
  await start()
  const line = () => `[127.0.0.1]:${port} ${readFileSync(`${hostKeyFile}.pub`, 'utf8').split(' ').slice(0, 2).join(' ')}`
  return {
    dir,
    port,
    hostKeyFile,
    userKey,
    get knownHostsLine() {
      return line()
    },
    writeClientConfig(extra = '') {
      const file = join(dir, `client_config_${Math.random().toString(36).slice(2)}`)
      writeFileSync(file, `Host sshd-under-test\n  HostName 127.0.0.1\n  Port ${port}\n  User root\n${extra}`, { mode: 0o600 })
      return file
    },
    authorize(pub) {
      writeFileSync(authorized, readFileSync(pub), { flag: 'a' })
    },
    async newHostKey() {
      await stopChild()
      rmSync(hostKeyFile)
      rmSync(`${hostKeyFile}.pub`)
      keygen(hostKeyFile)
      await start()
    },
    async stop() {
      await stopChild()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
