// Host and user names as OpenSSH takes them (the real `ssh -G` is the oracle): names a shell
// could read are refused before anything expands them into a ProxyCommand (%h, %r, %n) or a
// command line; everything ssh accepts, Kubedeck accepts. A ProxyCommand that fails is an
// error that names it; nothing it does takes the process down.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli } from '../../../src/main/commands'
import { sshTargetSchema } from '../../../src/shared/contracts/ssh'
import { SshService } from '../../../src/main/services/ssh'
import { scripted } from './scripted-interaction'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-ssh-names-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function kubedeck(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.on('data', (d) => (stdout += d))
  err.on('data', (d) => (stderr += d))
  const code = await runCli(['ssh', ...args], { stdout: out, stderr: err, stdin: new PassThrough(), env: { ...process.env, SSH_AUTH_SOCK: '' }, cwd: dir })
  return { code, stdout, stderr }
}

/** Every character ssh treats specially, at the start, inside and at the end, plus whole-name cases. */
function candidates(): string[] {
  const specials = [...`'\`"$\\;&<>|(){},*!#~%=?[]@:`, ' ', '\t', '\n', '\x7f', '\x01', 'é', '名']
  const out = new Set<string>(['node-1', '-oProxyCommand=x', 'a -b', 'a\\', 'ünï', '198.18.0.1', 'host.example.com', 'a-', 'x$(touch /tmp/kd-f)', 'x`id`'])
  for (const c of specials) for (const s of [`a${c}b`, `${c}ab`, `ab${c}`]) out.add(s)
  return [...out]
}

/** What ssh says of `args`: accepted, or the line it refuses with. */
function sshSays(args: string[]): { ok: boolean; line: string } {
  const r = spawnSync('ssh', ['-G', '-F', '/dev/null', ...args], { encoding: 'utf8' })
  const first = (r.stderr.split('\n').find((l) => /invalid|Invalid/.test(l)) ?? '').trim()
  return { ok: r.status === 0 && !first, line: first }
}

describe('ssh names: the same ones refused as by ssh -G', () => {
  it.each([
    ['host', (n: string) => ['--', n], (n: string) => ['config', '-F', '/dev/null', '--', n], (n: string) => sshTargetSchema.safeParse({ host: n }).success],
    ['user (-l)', (n: string) => ['-l', n, 'h'], (n: string) => ['config', '-F', '/dev/null', `-l${n}`, 'h'], (n: string) => sshTargetSchema.safeParse({ host: 'h', user: n }).success],
    ['jump host (-J)', (n: string) => ['-J', n, 'h'], (n: string) => ['config', '-F', '/dev/null', `-J${n}`, 'h'], null]
  ] as const)('%s', async (_what, sshArgs, ourArgs, schema) => {
    const disagree: string[] = []
    for (const name of candidates()) {
      // A name ssh would split differently (user@ inside -l, a comma in -J) is compared as ssh reads it.
      const oracle = sshSays(sshArgs(name))
      const ours = await kubedeck(ourArgs(name))
      if (oracle.ok !== (ours.code === 0)) disagree.push(`${JSON.stringify(name)}: ssh ${oracle.ok ? 'accepts' : `refuses (${oracle.line})`}, kubedeck ${ours.code === 0 ? 'accepts' : `refuses (${ours.stderr.trim()})`}`)
      if (!oracle.ok && /contains invalid characters/.test(oracle.line)) expect(ours.stderr).toContain(oracle.line.replace(/^.*?(hostname|remote username)/, '$1'))
      if (schema && !name.includes('@') && schema(name) !== oracle.ok) disagree.push(`${JSON.stringify(name)}: the contract's schema ${schema(name) ? 'accepts' : 'refuses'} it, ssh ${oracle.ok ? 'accepts' : 'refuses'}`)
    }
    expect(disagree).toEqual([])
  })
})

describe('ProxyCommand', () => {
  it('a host name with $(…) never reaches the shell of a ProxyCommand', async () => {
    const canary = join(dir, 'canary')
    const config = join(dir, 'proxy-config')
    writeFileSync(config, `Host *\n  ProxyCommand sh -c 'echo %h %r %n > /dev/null; exit 1'\n  BatchMode yes\n`)
    const r = await kubedeck(['run', '-F', config, `x$(touch ${canary})`, '--', 'true'])
    expect(r.code).toBe(255)
    expect(r.stderr).toContain('hostname contains invalid characters')
    const u = await kubedeck(['run', '-F', config, '-l', `u$(touch ${canary})`, 'h', '--', 'true'])
    expect(u.code).toBe(255)
    expect(existsSync(canary)).toBe(false)
  })

  it('a ProxyCommand that exits non-zero is a connection error naming it and what it said (no crash, no stack)', async () => {
    const config = join(dir, 'failing-proxy')
    writeFileSync(config, `Host broken\n  ProxyCommand sh -c 'echo "proxy says no" >&2; exit 3'\n  BatchMode yes\n  ConnectTimeout 5\n`)
    const report = await new SshService({ dataDir: join(dir, 'data'), configFile: config, env: { ...process.env, SSH_AUTH_SOCK: '' } }).testConnection({ host: 'broken' }, scripted())
    expect(report.ok).toBe(false)
    expect(report.error).toMatchObject({ code: 'ssh.proxy-command' })
    expect(report.error!.message).toMatch(/ProxyCommand .* exited with 3: proxy says no/)
    const cli = await kubedeck(['run', '-F', config, 'broken', '--', 'true'])
    expect(cli.code).toBe(255)
    expect(cli.stderr).toMatch(/exited with 3: proxy says no/)
    expect(cli.stderr).not.toMatch(/\n\s+at /)
  })

  it('a ProxyCommand that does not exist is an error too', async () => {
    const config = join(dir, 'missing-proxy')
    writeFileSync(config, `Host gone\n  ProxyCommand /nonexistent/proxy %h %p\n  BatchMode yes\n`)
    const report = await new SshService({ dataDir: join(dir, 'data'), configFile: config, env: { ...process.env, SSH_AUTH_SOCK: '' } }).testConnection({ host: 'gone' }, scripted())
    expect(report.ok).toBe(false)
    expect(report.error!.message).toMatch(/ProxyCommand .*(exited with 127|could not start)/)
  })
})

describe('~ in ssh config paths', () => {
  it('is the passwd entry’s home, not $HOME, as ssh -G prints it', async () => {
    const config = join(dir, 'tilde-config')
    writeFileSync(config, 'Host t\n  IdentityFile ~/.ssh/kd_test_id\n  UserKnownHostsFile ~/kd_known_hosts ~/.ssh/kd_other\n  CertificateFile ~/kd_cert\n')
    const env = { ...process.env, HOME: join(dir, 'not-the-home') }
    const ssh = spawnSync('ssh', ['-G', '-F', config, 't'], { encoding: 'utf8', env })
    const keys = ['identityfile', 'userknownhostsfile', 'certificatefile']
    const pick = (text: string) => text.split('\n').filter((l) => keys.includes(l.split(' ')[0]))
    const out = new PassThrough()
    let stdout = ''
    out.on('data', (d) => (stdout += d))
    const code = await runCli(['ssh', 'config', '-F', config, 't'], { stdout: out, stderr: new PassThrough(), stdin: new PassThrough(), env, cwd: dir })
    expect(code).toBe(0)
    expect(pick(ssh.stdout).length).toBeGreaterThan(0)
    expect(pick(stdout)).toEqual(pick(ssh.stdout))
    expect(stdout).not.toContain('not-the-home')
  })
})
