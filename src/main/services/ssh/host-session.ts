// The command runner the wizards use on a host: commands with exit codes and streamed output,
// optional sudo (the password asked once per session and sent on stdin, never on a command
// line), timeouts and cancels that really stop the remote process, SFTP transfers checked
// with sha256 on both ends, and an audit line for each.
import { randomBytes } from 'node:crypto'
import { rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { StringDecoder } from 'node:string_decoder'
import type { ClientChannel, SFTPWrapper } from 'ssh2'
import { AppError, isAppError } from '../../../shared/errors'
import type { AuditLog, AuditRecord } from './audit-log'
import type { SshClientConnection } from './connection'
import type { SecretPrompter } from './secrets'
import { renameIntoPlace, sftpDownload, sftpUpload } from './sftp-transfer'
import type { CommandResult, HostSession, RunOptions, TransferResult } from './types'

/** POSIX shell single-quoting. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

const PID_MARK = 'KUBEDECK-PID:'
const KILL_GRACE_MS = 1500

/**
 * sshd starts an exec'd command as a session leader (setsid), so the pid printed first is also
 * its process group: that is what a cancel kills, since OpenSSH's sshd ignores "signal" requests.
 */
function wrap(command: string, sudo: 'none' | 'nopasswd' | 'password'): string {
  const inner =
    sudo === 'none'
      ? `sh -c ${shellQuote(command)}`
      : sudo === 'nopasswd'
        ? `sudo -n -- sh -c ${shellQuote(command)}`
        : `sudo -k -S -p '' -- sh -c ${shellQuote(command)}`
  return `printf '${PID_MARK}%s\\n' "$$" >&2; exec ${inner}`
}

export class SshHostSession implements HostSession {
  private sudoMode: 'nopasswd' | 'password' | null = null
  private sudoPassword: string | null = null
  private sftpChannel: Promise<SFTPWrapper> | null = null

  constructor(
    readonly host: string,
    private readonly conn: SshClientConnection,
    private readonly secrets: SecretPrompter,
    private readonly audit: AuditLog,
    private readonly context: string | null
  ) {}

  private record(r: Omit<AuditRecord, 'time' | 'context' | 'host' | 'address' | 'user'> & { purpose: string | null }, context?: string): Promise<void> {
    return this.audit.append({
      time: new Date().toISOString(),
      context: context ?? this.context,
      host: this.host,
      address: `${this.conn.options.hostname}:${this.conn.options.port}`,
      user: this.conn.options.user,
      ...r
    })
  }

  async run(command: string, opts: RunOptions = {}): Promise<CommandResult> {
    const sudo = opts.sudo && this.conn.options.user !== 'root' ? await this.sudoReady(opts) : 'none'
    const stdin = sudo === 'password' ? Buffer.concat([Buffer.from(`${this.sudoPassword}\n`), Buffer.from(opts.stdin ?? '')]) : opts.stdin
    return this.execute(command, wrap(command, sudo), { ...opts, stdin }, !!opts.sudo)
  }

  /** Finds out once per session whether sudo needs a password, and gets a right one if so. */
  private async sudoReady(opts: RunOptions): Promise<'nopasswd' | 'password'> {
    if (this.sudoMode === 'nopasswd') return 'nopasswd'
    if (this.sudoMode === 'password' && this.sudoPassword !== null) return 'password'
    const probe = await this.execute('sudo -n true', wrap('sudo -n true', 'none'), { audit: { ...opts.audit, purpose: 'sudo: does it need a password?' } }, false)
    if (probe.exitCode === 0) {
      this.sudoMode = 'nopasswd'
      return 'nopasswd'
    }
    if (/not found/.test(probe.stderr)) {
      throw new AppError({ code: 'ssh.sudo', message: `sudo is not installed on ${this.host}.`, host: this.host, hint: `Log in as root (User root in the ssh config) or install sudo.` })
    }
    if (!/password is required/i.test(probe.stderr)) {
      throw new AppError({
        code: 'ssh.sudo',
        message: `${this.conn.options.user} cannot use sudo on ${this.host}: ${probe.stderr.trim() || `sudo exited with ${probe.exitCode}`}`,
        host: this.host,
        hint: 'Add the user to sudoers on the host, or connect as a user who can.'
      })
    }
    const req = { kind: 'sudo' as const, host: this.conn.options.hostname, user: this.conn.options.user, port: this.conn.options.port }
    const password = await this.secrets.obtain(req, async (candidate) => {
      const check = await this.execute(
        'sudo -k -S -p "" -- true',
        wrap('true', 'password'),
        { stdin: `${candidate}\n`, audit: { ...opts.audit, purpose: 'sudo: check the password' } },
        true
      )
      return check.exitCode === 0 ? candidate : null
    })
    if (password === null) {
      throw new AppError({ code: 'ssh.sudo-cancelled', message: `No sudo password for ${this.conn.options.user}@${this.host}; the command was not run.`, host: this.host })
    }
    this.sudoMode = 'password'
    this.sudoPassword = password
    return 'password'
  }

  private async execute(shown: string, wire: string, opts: RunOptions, sudo: boolean): Promise<CommandResult> {
    const started = Date.now()
    const purpose = opts.audit?.purpose ?? null
    if (opts.signal?.aborted) throw this.stopped('cancelled', shown, '', '', started)
    let ch: ClientChannel
    try {
      ch = await this.conn.exec(wire)
    } catch (e) {
      await this.record({ purpose, command: shown, sudo, exitCode: null, outcome: 'error', durationMs: Date.now() - started }, opts.audit?.context)
      throw e
    }
    const out = new StringDecoder('utf8')
    const err = new StringDecoder('utf8')
    let stdout = ''
    let stderr = ''
    let pid: number | null = null
    let pending = ''
    return new Promise<CommandResult>((resolve, reject) => {
      let exitCode: number | null = null
      let signal: string | undefined
      let stop: 'timeout' | 'cancelled' | null = null
      const timer = opts.timeoutMs ? setTimeout(() => void halt('timeout'), opts.timeoutMs) : undefined
      const onAbort = () => void halt('cancelled')
      opts.signal?.addEventListener('abort', onAbort, { once: true })

      const halt = async (why: 'timeout' | 'cancelled') => {
        if (stop) return
        stop = why
        await this.killGroup(pid, sudo)
        setTimeout(() => ch.close(), KILL_GRACE_MS).unref()
      }

      ch.on('data', (d: Buffer) => {
        const s = out.write(d)
        stdout += s
        if (s) opts.onStdout?.(s)
      })
      ch.stderr.on('data', (d: Buffer) => {
        let s = err.write(d)
        if (pid === null) {
          // The wrapper's first stderr line is the pid; everything after belongs to the command.
          pending += s
          const nl = pending.indexOf('\n')
          if (nl < 0) return
          const first = pending.slice(0, nl)
          s = pending.slice(nl + 1)
          pending = ''
          pid = first.startsWith(PID_MARK) ? Number(first.slice(PID_MARK.length)) : -1
          if (pid === -1) s = `${first}\n${s}`
        }
        stderr += s
        if (s) opts.onStderr?.(s)
      })
      ch.on('exit', (code: number | null, sig?: string) => {
        exitCode = code
        if (sig) signal = sig
      })
      // The exit status may have arrived before this listener existed (ssh2 parses a whole
      // TCP read at once, and the channel reached us a microtask later); 'close' repeats it.
      ch.on('close', (code?: number | null, sig?: string) => {
        if (exitCode === null && typeof code === 'number') exitCode = code
        if (!signal && sig) signal = sig
        clearTimeout(timer)
        opts.signal?.removeEventListener('abort', onAbort)
        const tailOut = out.end()
        const tailErr = err.end() + pending
        stdout += tailOut
        stderr += tailErr
        if (tailOut) opts.onStdout?.(tailOut)
        if (tailErr) opts.onStderr?.(tailErr)
        const durationMs = Date.now() - started
        if (stop) {
          void this.record({ purpose, command: shown, sudo, exitCode, signal, outcome: stop, durationMs }, opts.audit?.context)
          return reject(this.stopped(stop, shown, stdout, stderr, started, opts.timeoutMs))
        }
        if (exitCode === null && !signal) {
          // sshd always reports how a command ended; without that, the result would be a guess.
          void this.record({ purpose, command: shown, sudo, exitCode, outcome: 'error', durationMs }, opts.audit?.context)
          return reject(
            this.conn.closed
              ? new AppError({ code: 'ssh.connection-lost', message: `The connection to ${this.host} was lost while running: ${shown}`, host: this.host, command: shown })
              : new AppError({
                  code: 'ssh.no-exit-status',
                  message: `${this.host} closed the channel of "${shown}" without saying how it ended.`,
                  host: this.host,
                  command: shown,
                  data: { stdout: stdout.slice(-4000), stderr: stderr.slice(-4000) }
                })
          )
        }
        void this.record({ purpose, command: shown, sudo, exitCode, signal, outcome: 'exit', durationMs }, opts.audit?.context)
        resolve({ command: shown, exitCode, ...(signal ? { signal } : {}), stdout, stderr, durationMs })
      })
      if (opts.stdin !== undefined) ch.end(opts.stdin)
      else ch.end()
    })
  }

  /** TERM to the command's process group, KILL if it is still there a moment later. */
  private async killGroup(pid: number | null, sudo: boolean): Promise<void> {
    if (!pid || pid <= 1 || this.conn.closed) return
    const asRoot = sudo && this.conn.options.user !== 'root'
    const kill = (sig: string) => {
      const cmd = `kill -${sig} -- -${pid} 2>/dev/null || kill -${sig} ${pid} 2>/dev/null; true`
      const wire = !asRoot ? cmd : this.sudoMode === 'nopasswd' ? `sudo -n -- sh -c ${shellQuote(cmd)}` : `sudo -k -S -p '' -- sh -c ${shellQuote(cmd)}`
      return this.conn.exec(wire).then(
        (ch) =>
          new Promise<void>((done) => {
            ch.on('close', () => done())
            ch.stderr.resume()
            ch.resume()
            ch.end(asRoot && this.sudoMode === 'password' ? `${this.sudoPassword}\n` : undefined)
          }),
        () => undefined
      )
    }
    await kill('TERM')
    setTimeout(() => void kill('KILL'), KILL_GRACE_MS).unref()
  }

  private stopped(why: 'timeout' | 'cancelled', command: string, stdout: string, stderr: string, started: number, timeoutMs?: number): AppError {
    return why === 'timeout'
      ? new AppError({
          code: 'ssh.command-timeout',
          message: `${command} on ${this.host} did not finish within ${Math.round((timeoutMs ?? 0) / 100) / 10} s and was stopped.`,
          host: this.host,
          command,
          data: { stdout: stdout.slice(-4000), stderr: stderr.slice(-4000), durationMs: Date.now() - started }
        })
      : new AppError({
          code: 'ssh.command-cancelled',
          message: `${command} on ${this.host} was cancelled and stopped.`,
          host: this.host,
          command,
          data: { stdout: stdout.slice(-4000), stderr: stderr.slice(-4000), durationMs: Date.now() - started }
        })
  }

  private sftp(): Promise<SFTPWrapper> {
    this.sftpChannel ??= this.conn.sftp().catch((e) => {
      this.sftpChannel = null
      throw e
    })
    return this.sftpChannel
  }

  private async remoteSha256(path: string, signal?: AbortSignal): Promise<string> {
    // coreutils' sha256sum does not use the CPU's SHA instructions; OpenSSL does, at a fifth of
    // the CPU time, which matters on a busy control-plane node. Reading stdin spares both tools
    // from a path that looks like an option.
    const file = shellQuote(path)
    const r = await this.run(`if command -v openssl >/dev/null 2>&1; then openssl dgst -sha256 -r < ${file}; else sha256sum < ${file}; fi`, {
      signal,
      audit: { purpose: 'transfer: check sha256' }
    })
    const sum = /^([0-9a-f]{64})\b/.exec(r.stdout)?.[1]
    if (r.exitCode !== 0 || !sum) {
      throw new AppError({
        code: 'ssh.transfer',
        message: `Could not compute the sha256 of ${path} on ${this.host}: ${r.stderr.trim() || `sha256sum exited with ${r.exitCode}`}`,
        host: this.host,
        command: r.command,
        hint: 'Check that the file exists and is readable by the ssh user, and that sha256sum (coreutils) is installed.'
      })
    }
    return sum
  }

  async upload(
    localPath: string,
    remotePath: string,
    opts: { onProgress?(sent: number, total: number): void; mode?: number; signal?: AbortSignal } = {}
  ): Promise<TransferResult> {
    const started = Date.now()
    const command = `sftp put ${localPath} → ${remotePath}`
    const tmp = `${remotePath}.kubedeck-${randomBytes(4).toString('hex')}.part`
    let sftp: SFTPWrapper | null = null
    try {
      sftp = await this.sftp()
      const sent = await sftpUpload(sftp, localPath, tmp, {
        onProgress: opts.onProgress,
        signal: opts.signal,
        cancelled: () => new AppError({ code: 'ssh.command-cancelled', message: `Upload of ${localPath} to ${this.host} was cancelled.`, host: this.host })
      }).catch((e: NodeJS.ErrnoException) => {
        // Only a local problem has an errno code; the server's answers have numeric SFTP codes.
        throw typeof e.code === 'string' && e.syscall ? new AppError({ code: 'ssh.transfer', message: `Cannot read ${localPath}: ${e.message}`, file: localPath }) : e
      })
      const remote = await this.remoteSha256(tmp, opts.signal)
      if (remote !== sent.sha256) {
        throw new AppError({
          code: 'ssh.transfer-checksum',
          message: `Upload of ${localPath} to ${this.host}:${remotePath} arrived damaged (sha256 ${remote} instead of ${sent.sha256}); nothing was replaced.`,
          host: this.host,
          file: localPath
        })
      }
      const s = sftp
      if (opts.mode !== undefined) await new Promise<void>((r, j) => s.chmod(tmp, opts.mode!, (e) => (e ? j(e) : r())))
      await new Promise<void>((resolve, reject) =>
        // posix-rename replaces an existing file in one step; plain SFTP rename refuses to.
        s.ext_openssh_rename(tmp, remotePath, (e) => (e ? s.rename(tmp, remotePath, (e2) => (e2 ? reject(e2) : resolve())) : resolve()))
      )
      await this.record({ purpose: 'upload', command, sudo: false, exitCode: 0, outcome: 'exit', durationMs: Date.now() - started, sha256: sent.sha256, bytes: sent.bytes })
      return sent
    } catch (e) {
      const s = sftp
      if (s) await new Promise<void>((r) => s.unlink(tmp, () => r()))
      await this.record({ purpose: 'upload', command, sudo: false, exitCode: null, outcome: opts.signal?.aborted ? 'cancelled' : 'error', durationMs: Date.now() - started })
      if (isAppError(e)) throw e
      throw new AppError({ code: 'ssh.transfer', message: `Upload of ${localPath} to ${this.host}:${remotePath} failed: ${(e as Error).message}`, host: this.host, file: localPath })
    }
  }

  async download(remotePath: string, localPath: string, opts: { onProgress?(got: number, total: number): void; signal?: AbortSignal } = {}): Promise<TransferResult> {
    const started = Date.now()
    const command = `sftp get ${remotePath} → ${localPath}`
    const tmp = join(dirname(localPath), `.${basename(localPath)}.kubedeck-${randomBytes(4).toString('hex')}.part`)
    // The host hashes its copy while the bytes travel (and are hashed here as they arrive).
    const expected = this.remoteSha256(remotePath, opts.signal)
    expected.catch(() => undefined)
    try {
      const got = await sftpDownload(await this.sftp(), remotePath, tmp, {
        onProgress: opts.onProgress,
        signal: opts.signal,
        cancelled: () => new AppError({ code: 'ssh.command-cancelled', message: `Download of ${remotePath} from ${this.host} was cancelled.`, host: this.host })
      }).catch(async (e: unknown) => {
        // When the host could not hash the file either, its sha256sum says why in the host's words.
        await expected
        throw e
      })
      const sum = await expected
      if (got.sha256 !== sum) {
        throw new AppError({
          code: 'ssh.transfer-checksum',
          message: `Download of ${this.host}:${remotePath} arrived damaged or changed while it was copied (sha256 ${got.sha256} instead of ${sum}); ${localPath} was not written.`,
          host: this.host,
          file: localPath
        })
      }
      await renameIntoPlace(tmp, localPath)
      await this.record({ purpose: 'download', command, sudo: false, exitCode: 0, outcome: 'exit', durationMs: Date.now() - started, sha256: got.sha256, bytes: got.bytes })
      return got
    } catch (e) {
      await rm(tmp, { force: true })
      await this.record({ purpose: 'download', command, sudo: false, exitCode: null, outcome: opts.signal?.aborted ? 'cancelled' : 'error', durationMs: Date.now() - started })
      if (isAppError(e)) throw e
      throw new AppError({ code: 'ssh.transfer', message: `Download of ${this.host}:${remotePath} failed: ${(e as Error).message}`, host: this.host, file: localPath })
    }
  }

  close(): void {
    this.sudoPassword = null
    this.conn.close()
  }
}
