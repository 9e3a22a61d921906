// Host key checking against the lab's real sshd, with real OpenSSH as the judge of what
// Kubedeck writes: unknown keys are asked about (once / save / reject) and saved lines are
// accepted by `ssh`; StrictHostKeyChecking yes and accept-new; hashed entries, wildcards,
// negation, @revoked, @cert-authority; and a changed key (the host's sshd restarted with a new
// key on the same address) refused with OpenSSH's warning and the line to remove.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshService } from '../../../src/main/services/ssh'
import { isAppError, type AppError } from '../../../src/shared/errors'
import { labSkipReason, replaceHostKey, restoreHostKey, type LabInfo } from '../../lab'
import { bastionBlock, hostBlock, scratch, sshLab, type Scratch } from './lab-fixture'
import { scripted } from './scripted-interaction'

const skip = labSkipReason()

describe.skipIf(!!skip)(`Host keys against the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let s: Scratch
  let n = 0

  beforeAll(async () => {
    lab = await sshLab()
    s = scratch()
  })
  afterAll(() => s?.cleanup())

  const node = (name = 'node-1') => lab.hosts.find((h) => h.name === name)!
  const keyLine = (name: string) => readFileSync(lab.knownHosts, 'utf8').split('\n').find((l) => l.startsWith(`${name},`))!.split(' ').slice(1).join(' ')

  /** A service whose `target` is a node behind the bastion, checked against `knownHosts`. */
  function service(knownHosts: string, lines: string[] = [], name = 'node-1') {
    const config = s.file(
      `config-${++n}`,
      bastionBlock(lab) +
        hostBlock('target', node(name), ['User root', `IdentityFile ${lab.identityFile}`, 'IdentitiesOnly yes', 'IdentityAgent none', 'ProxyJump lab-bastion', `UserKnownHostsFile ${knownHosts}`, ...lines])
    )
    return { ssh: new SshService({ dataDir: s.dataDir, configFile: config }), config }
  }

  /** Real OpenSSH, through the same bastion, with only `knownHosts` and strict checking. */
  function realSsh(config: string, knownHosts: string, address = node().address) {
    return spawnSync(
      'ssh',
      ['-F', config, '-o', `UserKnownHostsFile=${knownHosts}`, '-o', 'GlobalKnownHostsFile=/dev/null', '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-i', lab.identityFile, '-J', 'lab-bastion', `root@${address}`, 'hostname'],
      { encoding: 'utf8', timeout: 30_000 }
    )
  }

  async function refusal(p: Promise<unknown>): Promise<AppError> {
    const e = await p.then(
      () => null,
      (err: unknown) => err
    )
    if (!isAppError(e)) throw new Error(`expected a refusal, got ${String(e)}`)
    return e
  }

  it('asks about an unknown key: reject refuses, once connects without writing, save writes a line ssh accepts', async () => {
    const kh = join(s.dir, 'known_hosts_ask')
    const { ssh, config } = service(kh, ['StrictHostKeyChecking ask'])

    const declined = scripted({ hostKey: ['reject'] })
    expect((await refusal(ssh.connect({ host: 'target' }, declined))).info.code).toBe('ssh.host-key-rejected')
    expect(declined.asked.hostKey).toEqual([
      { host: node().address, port: 22, keyType: 'ED25519', fingerprintSha256: node().hostKeyFingerprint, knownHostsFile: kh, status: 'unknown', otherKnownKeys: undefined, certAuthorityLines: undefined }
    ])
    expect(existsSync(kh)).toBe(false)

    const once = scripted({ hostKey: ['once'] })
    ;(await ssh.connect({ host: 'target' }, once)).close()
    expect(once.asked.hostKey).toHaveLength(1)
    expect(existsSync(kh)).toBe(false)

    const save = scripted({ hostKey: ['save'] })
    ;(await ssh.connect({ host: 'target' }, save)).close()
    expect(readFileSync(kh, 'utf8')).toBe(`${node().address} ${keyLine('node-1')}\n`)

    const again = scripted()
    ;(await ssh.connect({ host: 'target' }, again)).close()
    expect(again.asked.hostKey).toEqual([])

    const real = realSsh(config, kh)
    expect(real.stderr).not.toMatch(/verification failed/)
    expect(real.stdout.trim()).toBe('node-1')
  })

  it('writes hashed |1| entries when HashKnownHosts is on, and ssh accepts them', async () => {
    const kh = join(s.dir, 'known_hosts_hashed')
    const { ssh, config } = service(kh, ['StrictHostKeyChecking ask', 'HashKnownHosts yes'])
    ;(await ssh.connect({ host: 'target' }, scripted({ hostKey: ['save'] }))).close()
    const text = readFileSync(kh, 'utf8')
    expect(text).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 AAAA\S+\n$/)
    expect(text).not.toContain(node().address)
    expect(spawnSync('ssh-keygen', ['-F', node().address, '-f', kh], { encoding: 'utf8' }).status).toBe(0)
    expect(realSsh(config, kh).stdout.trim()).toBe('node-1')
  })

  it('honours StrictHostKeyChecking yes (refuse, never ask) and accept-new (save, never ask)', async () => {
    const strict = service(join(s.dir, 'known_hosts_strict'), ['StrictHostKeyChecking yes'])
    const who = scripted({ hostKey: ['save'] })
    const e = await refusal(strict.ssh.connect({ host: 'target' }, who))
    expect(e.info.code).toBe('ssh.host-key-unknown')
    expect(e.info.message).toBe(`No ED25519 host key is known for ${node().address} and you have requested strict checking. Host key verification failed.`)
    expect(who.asked.hostKey).toEqual([])

    const kh = join(s.dir, 'known_hosts_new')
    const acceptNew = service(kh, ['StrictHostKeyChecking accept-new'])
    const quiet = scripted()
    ;(await acceptNew.ssh.connect({ host: 'target' }, quiet)).close()
    expect(quiet.asked.hostKey).toEqual([])
    expect(readFileSync(kh, 'utf8')).toBe(`${node().address} ${keyLine('node-1')}\n`)
  })

  it('matches wildcard and negated host patterns, refuses @revoked keys, and reports @cert-authority lines', async () => {
    const key = keyLine('node-1')
    const wildcard = s.file('kh_wildcard', `# lab hosts\n198.18.0.* ${key}\n`)
    const w = scripted()
    ;(await service(wildcard, ['StrictHostKeyChecking yes']).ssh.connect({ host: 'target' }, w)).close()
    expect(w.asked.hostKey).toEqual([])

    const negated = s.file('kh_negated', `!${node().address},198.18.0.* ${key}\n@cert-authority *.lab ${key}\n@cert-authority 198.18.0.* ${key}\n`)
    const neg = scripted({ hostKey: ['reject'] })
    expect((await refusal(service(negated, ['StrictHostKeyChecking ask']).ssh.connect({ host: 'target' }, neg))).info.code).toBe('ssh.host-key-rejected')
    expect(neg.asked.hostKey[0].certAuthorityLines).toEqual([{ file: negated, line: 3 }])

    const revoked = s.file('kh_revoked', `${node().address} ${key}\n@revoked * ${key}\n`)
    const r = await refusal(service(revoked, ['StrictHostKeyChecking no']).ssh.connect({ host: 'target' }, scripted({ hostKey: ['save'] })))
    expect(r.info.code).toBe('ssh.host-key-revoked')
    expect(r.info.line).toBe(2)
    expect(String(r.info.data?.warning)).toContain('WARNING: REVOKED HOST KEY DETECTED!')
  })

  it('refuses a changed host key with OpenSSH’s warning and the line to remove, whatever StrictHostKeyChecking says', async () => {
    const kh = join(s.dir, 'known_hosts_changed')
    copyFileSync(lab.knownHosts, kh)
    const line = readFileSync(kh, 'utf8').split('\n').findIndex((l) => l.startsWith('node-2,')) + 1
    const rotated = await replaceHostKey(lab, 'node-2')
    try {
      for (const strict of ['ask', 'no', 'accept-new']) {
        const { ssh, config } = service(kh, [`StrictHostKeyChecking ${strict}`], 'node-2')
        const who = scripted({ hostKey: ['save'] })
        const e = await refusal(ssh.connect({ host: 'target' }, who))
        expect(who.asked.hostKey).toEqual([])
        expect(e.info.code).toBe('ssh.host-key-changed')
        expect(e.info.file).toBe(kh)
        expect(e.info.line).toBe(line)
        expect(e.info.data?.fingerprint).toBe(rotated.current)
        const warning = String(e.info.data?.warning)
        // Every line OpenSSH prints about it (its own wording), Kubedeck says too.
        const real = realSsh(config, kh, node('node-2').address)
        expect(real.status).not.toBe(0)
        const sshLines = real.stderr
          .split(/\r?\n/)
          .filter((l) => /^@|IT IS POSSIBLE|eavesdropping|host key has just been changed|fingerprint for|^SHA256:|contact your system|Add correct host key|Offending|remove with|ssh-keygen -f|Host key verification failed/.test(l))
        expect(sshLines.length).toBeGreaterThanOrEqual(12)
        for (const l of sshLines) expect(warning.split('\n'), `ssh said: ${l}`).toContain(l)
        expect(readFileSync(kh, 'utf8')).toContain(`node-2,${node('node-2').address} ${keyLine('node-2')}`)
      }
      // The way out: remove exactly the offending line (only a line a refusal named), then trust the new key.
      const { ssh } = service(kh, ['StrictHostKeyChecking ask'], 'node-2')
      await expect(ssh.removeKnownHost(kh, line, 'ssh-ed25519')).rejects.toThrow(/only removes a known_hosts line that a refused connection named/)
      await refusal(ssh.connect({ host: 'target' }, scripted()))
      await ssh.removeKnownHost(kh, line, 'ssh-ed25519')
      expect(readFileSync(kh, 'utf8')).not.toContain('node-2,')
      const who = scripted({ hostKey: ['save'] })
      ;(await ssh.connect({ host: 'target' }, who)).close()
      expect(who.asked.hostKey[0].fingerprintSha256).toBe(rotated.current)
    } finally {
      await restoreHostKey(lab, 'node-2')
    }
  })
})
