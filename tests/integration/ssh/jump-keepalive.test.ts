// ProxyJump and keepalive against the lab: the node hosts sit behind the bastion (not
// reachable from the machine), so only a chain through it works; every hop's host key is
// checked with that hop's own settings; closing the target closes the chain; and a node whose
// link goes silent is reported within ServerAliveInterval × ServerAliveCountMax.
import { connect as tcpConnect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshService, type SshConnection } from '../../../src/main/services/ssh'
import { hostExec, labSkipReason, setLinkState, type LabInfo } from '../../lab'
import { bastionBlock, hostBlock, scratch, sshLab, type Scratch } from './lab-fixture'
import { scripted } from './scripted-interaction'

const skip = labSkipReason()

function output(conn: SshConnection, command: string): Promise<string> {
  return conn.exec(command).then(
    (ch) =>
      new Promise((resolve) => {
        let text = ''
        ch.on('data', (d: Buffer) => (text += d))
        ch.stderr.resume()
        ch.on('close', () => resolve(text))
      })
  )
}

describe.skipIf(!!skip)(`ProxyJump and keepalive against the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let s: Scratch

  beforeAll(async () => {
    lab = await sshLab()
    s = scratch()
  })
  afterAll(() => s?.cleanup())

  const node = (name: string) => lab.hosts.find((h) => h.name === name)!
  const common = (extra: string[] = []) => ['User root', `IdentityFile ${lab.identityFile}`, 'IdentitiesOnly yes', 'IdentityAgent none', `UserKnownHostsFile ${lab.knownHosts}`, 'StrictHostKeyChecking yes', ...extra]

  /** Established SSH connections the bastion's sshd holds right now. */
  const bastionSessions = async () => Number((await hostExec(lab, 'bastion', `ss -Htn state established '( sport = :22 )' | wc -l`)).stdout.trim())

  it('reaches a node that is not directly reachable through the bastion, and closing it closes the chain', async () => {
    const direct = await new Promise<string>((resolve) => {
      const sock = tcpConnect({ host: node('node-2').address, port: 22, timeout: 2000 })
      sock.once('connect', () => (sock.destroy(), resolve('connected')))
      sock.once('timeout', () => (sock.destroy(), resolve('timeout')))
      sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message))
    })
    expect(direct).not.toBe('connected')

    const config = s.file('jump-config', bastionBlock(lab) + hostBlock('target', node('node-2'), common(['ProxyJump lab-bastion'])))
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config })
    const before = await bastionSessions()
    const conn = await ssh.connect({ host: 'target' }, scripted())
    expect(conn.route).toEqual([`root@${lab.bastion!.address}:22`, `root@${node('node-2').address}:22`])
    expect((await output(conn, 'hostname')).trim()).toBe('node-2')
    expect(await bastionSessions()).toBe(before + 1)
    const closed = new Promise((r) => conn.once('close', r))
    conn.close()
    await closed
    // The bastion hop was only there for this target: it is gone too.
    for (let i = 0; i < 50 && (await bastionSessions()) > before; i++) await new Promise((r) => setTimeout(r, 100))
    expect(await bastionSessions()).toBe(before)
  })

  it('chains several hops (-J style overrides), checking each hop’s host key with its own settings', async () => {
    // node-1 is the middle hop; its known_hosts is a fresh file, so its key is asked about.
    const middleKnown = s.file('middle-known-hosts', '')
    const config = s.file(
      'multi-config',
      bastionBlock(lab) +
        hostBlock('middle', node('node-1'), ['User root', `IdentityFile ${lab.identityFile}`, 'IdentityAgent none', `UserKnownHostsFile ${middleKnown}`, 'StrictHostKeyChecking ask', 'ProxyJump lab-bastion']) +
        hostBlock('target', node('node-2'), common())
    )
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config })
    const who = scripted({ hostKey: ['once'] })
    // The target's own config has no ProxyJump: the override gives the whole chain.
    const conn = await ssh.connect({ host: 'target', proxyJump: 'lab-bastion,middle' }, who)
    try {
      expect(conn.route).toEqual([`root@${lab.bastion!.address}:22`, `root@${node('node-1').address}:22`, `root@${node('node-2').address}:22`])
      expect(who.asked.hostKey.map((q) => [q.host, q.fingerprintSha256, q.knownHostsFile])).toEqual([[node('node-1').address, node('node-1').hostKeyFingerprint, middleKnown]])
      expect((await output(conn, 'hostname')).trim()).toBe('node-2')
    } finally {
      conn.close()
    }
    // A refused middle hop stops the chain there, naming that hop.
    const refused = await ssh.connect({ host: 'target', proxyJump: 'lab-bastion,middle' }, scripted({ hostKey: ['reject'] })).then(
      () => null,
      (e: { info: { code: string; host?: string } }) => e.info
    )
    expect(refused).toEqual(expect.objectContaining({ code: 'ssh.host-key-rejected', host: node('node-1').address }))
  })

  it('reports a node whose link went silent within ServerAliveInterval × ServerAliveCountMax', async () => {
    const interval = 1
    const count = 2
    const config = s.file('alive-config', bastionBlock(lab) + hostBlock('target', node('node-2'), common(['ProxyJump lab-bastion', `ServerAliveInterval ${interval}`, `ServerAliveCountMax ${count}`])))
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config })
    const conn = await ssh.connect({ host: 'target' }, scripted())
    const events: string[] = []
    const timedOut = new Promise<number>((resolve) => conn.once('keepalive-timeout', () => resolve(Date.now())))
    conn.on('keepalive-timeout', () => events.push('keepalive-timeout'))
    const closed = new Promise<void>((resolve) => conn.once('close', () => resolve()))
    conn.on('close', () => events.push('close'))
    try {
      // Alive while the link is up: several intervals pass without a false alarm.
      await new Promise((r) => setTimeout(r, (interval * count + 1) * 1000))
      expect(events).toEqual([])
      await setLinkState(lab, 'node-2', 'down')
      const down = Date.now()
      const at = await timedOut
      await closed
      const took = at - down
      console.log(`keepalive: dead link reported after ${took} ms (limit ${interval * count * 1000} ms)`)
      expect(took).toBeLessThanOrEqual(interval * count * 1000 + 150)
      expect(events).toEqual(['keepalive-timeout', 'close'])
      expect(conn.closed).toBe(true)
    } finally {
      await setLinkState(lab, 'node-2', 'up')
      conn.close()
    }
  })
})
