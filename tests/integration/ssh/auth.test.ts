// Authentication against the lab's real sshd (OpenSSH with PAM), through the bastion: the lab
// key, an encrypted key (a wrong passphrase is asked again), ssh-agent (started here, key
// added with ssh-add), password and keyboard-interactive (PAM prompts relayed), and a failure
// that names the methods, OpenSSH's way.
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshService } from '../../../src/main/services/ssh'
import { hostExec, labSkipReason, type LabInfo } from '../../lab'
import { bastionBlock, hostBlock, scratch, sshLab, type Scratch } from './lab-fixture'
import { keygen } from './local-sshd'
import { scripted } from './scripted-interaction'
import { sh } from '../../../src/main/services/shell'

const skip = labSkipReason()

describe.skipIf(!!skip)(`SSH authentication against the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let s: Scratch
  let agent: { sock: string; pid: string } | null = null
  const encryptedPub: string[] = []

  beforeAll(async () => {
    lab = await sshLab()
    s = scratch()
  })
  afterAll(async () => {
    if (agent) spawnSync('kill', [agent.pid])
    for (const pub of encryptedPub) {
      const key = pub.split(' ')[1]
      await hostExec(lab, 'node-1', `sed -i '\\#${key}#d' /root/.ssh/authorized_keys`)
    }
    s?.cleanup()
  })

  /** A config reaching node-1 (or another node) as `target` through the bastion. */
  const config = (lines: string[], host = 'node-1') => {
    const h = lab.hosts.find((x) => x.name === host)!
    return s.file(
      `config-${Math.random().toString(36).slice(2)}`,
      bastionBlock(lab) + hostBlock('target', h, ['ProxyJump lab-bastion', `UserKnownHostsFile ${lab.knownHosts}`, 'StrictHostKeyChecking yes', ...lines])
    )
  }

  it('logs in with an identity file, and reports the route and host key', async () => {
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config(['User root', `IdentityFile ${lab.identityFile}`, 'IdentitiesOnly yes', 'IdentityAgent none']) })
    const who = scripted()
    const report = await ssh.testConnection({ host: 'target' }, who)
    expect(report.error).toBeUndefined()
    expect(report.ok).toBe(true)
    expect(report.authMethod).toBe('publickey')
    expect(report.route).toEqual([`root@${lab.bastion!.address}:22`, `root@${lab.hosts[0].address}:22`])
    expect(report.hostKeyFingerprint).toBe(lab.hosts[0].hostKeyFingerprint)
    expect(report.serverVersion).toMatch(/^OpenSSH_/)
    expect(who.asked).toEqual({ hostKey: [], secrets: [], keyboard: [] })
  })

  it('asks for the passphrase of an encrypted key only when the server would take it, and again after a wrong one', async () => {
    const key = keygen(join(s.dir, 'encrypted_ed25519'), { passphrase: 'correct horse battery', rounds: 2 })
    const pub = readFileSync(`${key}.pub`, 'utf8').trim()
    encryptedPub.push(pub)
    await hostExec(lab, 'node-1', `echo '${pub}' >> /root/.ssh/authorized_keys`)
    // The default key (unencrypted, a different one) is offered first: no passphrase for it.
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config(['User root', `IdentityFile ${key}`, 'IdentitiesOnly yes', 'IdentityAgent none']) })
    const who = scripted({ secrets: ['wrong one', 'correct horse battery'] })
    const session = await ssh.session({ host: 'target' }, who)
    try {
      expect((await session.run(sh`hostname`)).stdout.trim()).toBe('node-1')
    } finally {
      session.close()
    }
    expect(who.asked.secrets.map((q) => [q.kind, q.keyFile, q.attempt])).toEqual([
      ['passphrase', key, 1],
      ['passphrase', key, 2]
    ])
  })

  it('gives up on an encrypted key when the person declines, and says what was tried', async () => {
    const key = join(s.dir, 'encrypted_ed25519')
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config(['User root', `IdentityFile ${key}`, 'IdentitiesOnly yes', 'IdentityAgent none', 'PreferredAuthentications publickey']) })
    const who = scripted({ secrets: [null] })
    const report = await ssh.testConnection({ host: 'target' }, who)
    expect(report.ok).toBe(false)
    expect(report.error?.code).toBe('ssh.auth-failed')
    expect(report.error?.message).toBe(`root@${lab.hosts[0].address}: Permission denied (publickey).`)
    expect(report.error?.hint).toContain(key)
    expect(report.error?.hint).toContain('no passphrase')
    expect(who.asked.secrets).toHaveLength(1)
  })

  it('uses keys from ssh-agent (SSH_AUTH_SOCK), before identity files', async () => {
    const started = spawnSync('ssh-agent', ['-s', '-a', join(s.dir, 'agent.sock')], { encoding: 'utf8' })
    expect(started.status, started.stderr).toBe(0)
    agent = { sock: join(s.dir, 'agent.sock'), pid: /SSH_AGENT_PID=(\d+)/.exec(started.stdout)![1] }
    const added = spawnSync('ssh-add', [lab.identityFile], { env: { ...process.env, SSH_AUTH_SOCK: agent.sock }, encoding: 'utf8' })
    expect(added.status, added.stderr).toBe(0)
    // No IdentityFile that exists: only the agent can log in.
    const ssh = new SshService({
      dataDir: s.dataDir,
      configFile: config(['User root', `IdentityFile ${join(s.dir, 'no-such-key')}`]),
      env: { ...process.env, SSH_AUTH_SOCK: agent.sock }
    })
    const who = scripted()
    const conn = await ssh.connect({ host: 'target' }, who)
    try {
      expect(conn.authMethod).toBe('publickey')
      const ch = await conn.exec('echo $SSH_CONNECTION')
      const out = await new Promise<string>((resolve) => {
        let text = ''
        ch.on('data', (d: Buffer) => (text += d))
        ch.on('close', () => resolve(text))
      })
      expect(out).toContain(lab.hosts[0].address)
    } finally {
      conn.close()
    }
    // Without the agent, the same config cannot log in.
    const noAgent = new SshService({ dataDir: s.dataDir, configFile: config(['User root', `IdentityFile ${join(s.dir, 'no-such-key')}`, 'PreferredAuthentications publickey']), env: { ...process.env, SSH_AUTH_SOCK: '' } })
    const denied = await noAgent.testConnection({ host: 'target' }, scripted())
    expect(denied.error?.code).toBe('ssh.auth-failed')
  })

  it('logs in with a password (asked again after a wrong one)', async () => {
    const pw = lab.passwordHost
    const ssh = new SshService({
      dataDir: s.dataDir,
      configFile: config([`User ${pw.user}`, 'IdentityAgent none', 'IdentityFile /nonexistent', 'PreferredAuthentications password'], pw.host)
    })
    const who = scripted({ secrets: ['not the password', pw.password] })
    const session = await ssh.session({ host: 'target' }, who)
    try {
      const r = await session.run(sh`id -un`)
      expect(r.stdout.trim()).toBe(pw.user)
    } finally {
      session.close()
    }
    expect(who.asked.secrets.map((q) => [q.kind, q.user, q.attempt])).toEqual([
      ['password', pw.user, 1],
      ['password', pw.user, 2]
    ])
  })

  it('relays keyboard-interactive prompts (PAM) and their answers', async () => {
    const pw = lab.passwordHost
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config([`User ${pw.user}`, 'IdentityAgent none', 'IdentityFile /nonexistent'], pw.host) })
    const who = scripted({ keyboard: [[pw.password]] })
    const report = await ssh.testConnection({ host: 'target' }, who)
    expect(report.error).toBeUndefined()
    expect(report.authMethod).toBe('keyboard-interactive')
    expect(who.asked.keyboard).toHaveLength(1)
    expect(who.asked.keyboard[0].prompts).toEqual([{ prompt: expect.stringMatching(/password/i), echo: false }])
    expect(who.asked.secrets).toEqual([])
  })

  it('fails with OpenSSH’s "Permission denied (…)" and lists what it tried', async () => {
    const pw = lab.passwordHost
    // One try of each (PAM makes every wrong answer wait); retries are covered above.
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config([`User ${pw.user}`, 'IdentityAgent none', `IdentityFile ${lab.identityFile}`, 'NumberOfPasswordPrompts 1'], pw.host) })
    const who = scripted({ keyboard: [['nope']], secrets: ['wrong'] })
    const report = await ssh.testConnection({ host: 'target' }, who)
    expect(report.ok).toBe(false)
    expect(report.error?.code).toBe('ssh.auth-failed')
    expect(report.error?.message).toBe(`${pw.user}@${lab.hosts.find((h) => h.name === pw.host)!.address}: Permission denied (publickey,password,keyboard-interactive).`)
    const tried = report.error?.data?.tried as string[]
    expect(tried.some((t) => t.startsWith(`publickey ${lab.identityFile}`))).toBe(true)
    expect(tried).toContain('keyboard-interactive: attempt 1')
    expect(tried).toContain('password: attempt 1')
    expect(who.asked.keyboard).toHaveLength(1)
    expect(who.asked.secrets).toHaveLength(1)
  })
})
