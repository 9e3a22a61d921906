// The wizards' command runner against a lab node (through the bastion): exit codes, stdout
// and stderr apart and streamed, stdin, timeouts and cancels that really stop the remote
// process, sudo, SFTP transfers checked with sha256 on both ends, and the audit log.
import { createHash, randomBytes } from 'node:crypto'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/commands'
import { SshService, type HostSession } from '../../../src/main/services/ssh'
import { AuditLog } from '../../../src/main/services/ssh/audit-log'
import { hostExec, hostFile, labSkipReason, type LabInfo } from '../../lab'
import { bastionBlock, hostBlock, scratch, sshLab, type Scratch } from './lab-fixture'
import { scripted } from './scripted-interaction'
import { sh, typedByUser } from '../../../src/main/services/shell'

const skip = labSkipReason()

describe.skipIf(!!skip)(`Command runner against the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let s: Scratch
  let ssh: SshService
  let session: HostSession
  let config: string

  function cliIO(env: Record<string, string>) {
    const stdout = new PassThrough()
    const stderr = new PassThrough()
    let out = ''
    let err = ''
    stdout.on('data', (d) => (out += d))
    stderr.on('data', (d) => (err += d))
    return { stdout, stderr, stdin: new PassThrough(), env: { ...process.env, ...env }, cwd: s.dir, out: () => out, err: () => err }
  }

  beforeAll(async () => {
    lab = await sshLab()
    s = scratch()
    const node = lab.hosts[0]
    config = s.file(
      'config',
      bastionBlock(lab) +
        hostBlock('node', node, ['User root', `IdentityFile ${lab.identityFile}`, 'IdentitiesOnly yes', 'IdentityAgent none', `UserKnownHostsFile ${lab.knownHosts}`, 'StrictHostKeyChecking yes', 'ProxyJump lab-bastion'])
    )
    ssh = new SshService({ dataDir: s.dataDir, configFile: config })
    session = await ssh.session({ host: 'node' }, scripted(), { context: 'lab-ssh' })
  })
  afterAll(() => {
    session?.close()
    s?.cleanup()
  })

  /** Is a process whose command line contains `marker` running on node-1? (`[s]leep` keeps pgrep's own shell out.) */
  const running = async (marker: string) =>
    (await hostExec(lab, 'node-1', `pgrep -f '[${marker[0]}]${marker.slice(1).replace(/\./g, '[.]')}' >/dev/null && echo yes || echo no`)).stdout.trim() === 'yes'

  it('returns exit codes and keeps stdout and stderr apart, streaming both', async () => {
    const out: string[] = []
    const err: string[] = []
    const r = await session.run(sh`for i in 1 2 3; do echo "out $i"; echo "err $i" >&2; done; printf "多字节✓%.0s" $(seq 2000); exit 7`, {
      onStdout: (c) => out.push(c),
      onStderr: (c) => err.push(c),
      audit: { purpose: 'test: exit codes' }
    })
    expect(r.exitCode).toBe(7)
    expect(r.stdout.startsWith('out 1\nout 2\nout 3\n')).toBe(true)
    // Multi-byte characters split across packets arrive whole.
    expect(r.stdout.slice('out 1\nout 2\nout 3\n'.length)).toBe('多字节✓'.repeat(2000))
    expect(r.stderr).toBe('err 1\nerr 2\nerr 3\n')
    expect(out.join('')).toBe(r.stdout)
    expect(err.join('')).toBe(r.stderr)
    expect((await session.run(sh`true`)).exitCode).toBe(0)
    expect((await session.run(sh`kill -TERM $$`)).signal).toBe('SIGTERM')
  })

  it('never loses the exit status of fast commands (many at once on one session)', async () => {
    // Short commands end in the same TCP read that confirms their channel: the exit status,
    // output and close all arrive before any await could attach a listener.
    const kinds = [
      { command: 'true', exitCode: 0, stdout: '' },
      { command: 'echo hi', exitCode: 0, stdout: 'hi\n' },
      { command: 'exit 3', exitCode: 3, stdout: '' },
      { command: 'for f in /x; do [ -f "$f" ]; done', exitCode: 1, stdout: '' }
    ]
    const rounds = 200
    const wrong: string[] = []
    const started = Date.now()
    for (let i = 0; i < rounds; i++) {
      const results = await Promise.all(kinds.map((k) => session.run(typedByUser(k.command)).then((r) => r, (e: { info?: { code: string } }) => e.info?.code ?? String(e))))
      results.forEach((r, j) => {
        const k = kinds[j]
        if (typeof r === 'string') wrong.push(`${k.command}: ${r}`)
        else if (r.exitCode !== k.exitCode || r.stdout !== k.stdout || r.stderr !== '') wrong.push(`${k.command}: exit ${r.exitCode} stdout ${JSON.stringify(r.stdout)} stderr ${JSON.stringify(r.stderr)}`)
      })
    }
    console.log(`exit status: ${rounds * kinds.length} short commands in ${Date.now() - started} ms, ${wrong.length} wrong`)
    expect(wrong).toEqual([])
  })

  it('feeds stdin', async () => {
    const data = randomBytes(200_000).toString('base64')
    const r = await session.run(sh`sha256sum`, { stdin: data })
    expect(r.stdout.split(' ')[0]).toBe(createHash('sha256').update(data).digest('hex'))
  })

  it('stops a command that runs past its timeout, on the host too', async () => {
    const started = Date.now()
    const e = await session.run(sh`sleep 61.25; echo never`, { timeoutMs: 800 }).catch((x: { info: { code: string } }) => x.info)
    expect(e).toEqual(expect.objectContaining({ code: 'ssh.command-timeout' }))
    expect(Date.now() - started).toBeLessThan(5000)
    for (let i = 0; i < 30 && (await running('sleep 61.25')); i++) await new Promise((r) => setTimeout(r, 100))
    expect(await running('sleep 61.25')).toBe(false)
  })

  it('cancels a command (AbortSignal), killing its whole process group', async () => {
    const controller = new AbortController()
    const pending = session.run(sh`sleep 62.5 & sleep 62.75; wait`, { signal: controller.signal })
    for (let i = 0; i < 50 && !(await running('sleep 62.75')); i++) await new Promise((r) => setTimeout(r, 100))
    expect(await running('sleep 62.5')).toBe(true)
    controller.abort()
    await expect(pending).rejects.toMatchObject({ info: { code: 'ssh.command-cancelled' } })
    for (let i = 0; i < 30 && ((await running('sleep 62.5')) || (await running('sleep 62.75'))); i++) await new Promise((r) => setTimeout(r, 100))
    expect(await running('sleep 62.5')).toBe(false)
    expect(await running('sleep 62.75')).toBe(false)
  })

  it('runs sudo commands as root without asking (root needs no sudo)', async () => {
    const who = scripted()
    const root = await ssh.session({ host: 'node' }, who)
    try {
      const r = await root.run(sh`id -u`, { sudo: true })
      expect(r.stdout.trim()).toBe('0')
      expect(who.asked.secrets).toEqual([])
      // Scripts on the host that call sudo themselves get the real one, which lets root in without a password.
      const own = await root.run(sh`command -v sudo; sudo -n id -u`)
      expect([own.exitCode, own.stdout, own.stderr]).toEqual([0, '/usr/bin/sudo\n0\n', ''])
    } finally {
      root.close()
    }
  })

  it('uploads and downloads through SFTP, checking sha256 on both ends, with progress', async () => {
    const local = join(s.dir, 'payload.bin')
    const content = randomBytes(3 * 1024 * 1024 + 17)
    writeFileSync(local, content)
    const sha = createHash('sha256').update(content).digest('hex')
    const progress: number[] = []
    const up = await session.upload(local, '/tmp/kubedeck-runner-test.bin', { mode: 0o640, onProgress: (sent) => progress.push(sent) })
    expect(up).toEqual({ sha256: sha, bytes: content.length })
    expect(progress.at(-1)).toBe(content.length)
    expect(readFileSync(hostFile(lab, 'node-1', '/tmp/kubedeck-runner-test.bin')).equals(content)).toBe(true)
    expect((await session.run(sh`stat -c %a /tmp/kubedeck-runner-test.bin`)).stdout.trim()).toBe('640')
    expect((await session.run(sh`ls /tmp | grep -c kubedeck-runner-test.bin.kubedeck- || true`)).stdout.trim()).toBe('0')

    const back = join(s.dir, 'back.bin')
    const down = await session.download('/tmp/kubedeck-runner-test.bin', back)
    expect(down).toEqual({ sha256: sha, bytes: content.length })
    expect(readFileSync(back).equals(content)).toBe(true)

    await expect(session.download('/tmp/kubedeck-no-such-file', join(s.dir, 'nothing'))).rejects.toMatchObject({ info: { code: 'ssh.transfer' } })
    await session.run(sh`rm -f /tmp/kubedeck-runner-test.bin`)
  })

  it('runs the same runner from the CLI: exit code, output, and no questions without a terminal', async () => {
    const io = cliIO({ KUBEDECK_DATA_DIR: s.dataDir })
    const code = await runCli(['ssh', 'run', 'node', '-F', config, '--context', 'lab-ssh', '--', 'hostname; echo oops >&2; exit 3'], io)
    expect(code).toBe(3)
    expect(io.out()).toBe('node-1\n')
    expect(io.err()).toBe('oops\n')
    // An unknown host key cannot be asked about in a script: refused, like ssh -o BatchMode=yes.
    const unknown = s.file('config-unknown', readFileSync(config, 'utf8').replace(`UserKnownHostsFile ${lab.knownHosts}\n  StrictHostKeyChecking yes\n  ProxyJump`, `UserKnownHostsFile ${join(s.dir, 'empty_known_hosts')}\n  StrictHostKeyChecking ask\n  ProxyJump`))
    const io2 = cliIO({ KUBEDECK_DATA_DIR: s.dataDir })
    expect(await runCli(['ssh', 'run', 'node', '-F', unknown, '--', 'true'], io2)).toBe(255)
    expect(io2.err()).toContain('Host key verification failed')
  })

  it('writes every command it ran to the audit log', async () => {
    const records = await new AuditLog(s.dataDir).read()
    const commands = records.map((r) => r.command)
    expect(commands).toContain('sha256sum')
    expect(records.find((r) => r.command === 'hostname; echo oops >&2; exit 3')).toEqual(expect.objectContaining({ context: 'lab-ssh', purpose: 'kubedeck ssh run', exitCode: 3 }))
    expect(records.find((r) => r.purpose === 'test: exit codes')).toEqual(
      expect.objectContaining({ context: 'lab-ssh', host: 'node', user: 'root', exitCode: 7, outcome: 'exit', address: `${lab.hosts[0].address}:22` })
    )
    expect(records.find((r) => r.command.startsWith('sleep 61.25'))).toEqual(expect.objectContaining({ outcome: 'timeout', exitCode: null }))
    expect(records.find((r) => r.command.startsWith('sleep 62.5'))).toEqual(expect.objectContaining({ outcome: 'cancelled' }))
    expect(records.find((r) => r.command.startsWith('sftp put'))).toEqual(expect.objectContaining({ purpose: 'upload', bytes: 3 * 1024 * 1024 + 17 }))
    expect(records.every((r) => typeof r.time === 'string' && !Number.isNaN(Date.parse(r.time)))).toBe(true)
  })
})
