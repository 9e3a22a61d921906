// ConnectTimeout covers the whole handshake, not only the TCP connect: a server that accepts the
// connection and then goes silent (no banner, a banner and no key exchange, or no answer during
// the login) fails within ConnectTimeout, naming the host and the phase, instead of waiting
// forever. Time a person spends answering a question does not count against it.
import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SshService } from '../../../src/main/services/ssh'
import { hostExec, labSkipReason, setLinkState, type LabInfo } from '../../lab'
import { bastionBlock, hostBlock, passwordHostBlock, scratch, sshLab, type Scratch } from './lab-fixture'
import { scripted } from './scripted-interaction'

const skip = labSkipReason()

interface Failure {
  info: { code: string; message: string; host?: string; data?: { phase?: string } }
  ms: number
}

async function failure(p: Promise<unknown>): Promise<Failure | null> {
  const started = Date.now()
  return p.then(
    () => null,
    (e: { info?: Failure['info'] }) => ({ info: e.info ?? { code: 'not an AppError', message: String(e) }, ms: Date.now() - started })
  )
}

/** A TCP server on 127.0.0.1 that accepts, optionally says `banner`, then never says anything again. */
async function silentServer(banner?: string): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server: Server = createServer((sock) => {
    sockets.add(sock)
    sock.on('error', () => undefined)
    if (banner) sock.write(banner)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return {
    port: (server.address() as { port: number }).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy()
        server.close(() => r())
      })
  }
}

describe('ConnectTimeout against servers that go silent after accepting', () => {
  let s: Scratch
  beforeAll(() => {
    s = scratch()
  })
  afterAll(() => s?.cleanup())

  const connectTo = (port: number) => {
    const config = s.file(`config-${port}`, ['Host hung', '  HostName 127.0.0.1', `  Port ${port}`, '  User root', '  ConnectTimeout 1', '  IdentityAgent none', ''].join('\n'))
    return new SshService({ dataDir: s.dataDir, configFile: config }).connect({ host: 'hung' }, scripted())
  }

  it('a server that never sends its banner: fails in the banner exchange', async () => {
    const server = await silentServer()
    try {
      const f = await failure(connectTo(server.port))
      expect(f?.info).toEqual(expect.objectContaining({ code: 'ssh.connect-timeout', host: '127.0.0.1', data: expect.objectContaining({ phase: 'banner exchange' }) }))
      expect(f?.info.message).toBe(`Connection to hung (127.0.0.1 port ${server.port}) timed out during banner exchange after 1 s: the server accepted the connection but sent no SSH banner.`)
      expect(f!.ms).toBeGreaterThanOrEqual(950)
      expect(f!.ms).toBeLessThan(2500)
    } finally {
      await server.close()
    }
  })

  it('a server that sends a banner and then nothing: fails in the key exchange', async () => {
    const server = await silentServer('SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n')
    try {
      const f = await failure(connectTo(server.port))
      expect(f?.info).toEqual(expect.objectContaining({ code: 'ssh.connect-timeout', data: expect.objectContaining({ phase: 'key exchange' }) }))
      expect(f?.info.message).toContain('the server sent its banner but did not finish the key exchange')
      expect(f!.ms).toBeLessThan(2500)
    } finally {
      await server.close()
    }
  })
})

describe.skipIf(!!skip)(`ConnectTimeout against the lab's sshd ${skip ?? ''}`, () => {
  let lab: LabInfo
  let s: Scratch
  beforeAll(async () => {
    lab = await sshLab()
    s = scratch()
  })
  afterAll(() => s?.cleanup())

  const node2 = () => lab.hosts.find((h) => h.name === 'node-2')!

  it('an sshd that stops answering during the login fails in authentication; the person’s time does not count', async () => {
    const host = lab.passwordHost.host
    const config = s.file('config-auth', bastionBlock(lab) + passwordHostBlock(lab, 'stalls', ['ConnectTimeout 2']))
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config })
    let answeredAt = 0
    const who = scripted()
    // The password question comes after the key exchange: freeze every sshd process on the host
    // (the listener and this connection's), then take longer than ConnectTimeout to answer.
    who.askSecret = async (req) => {
      who.asked.secrets.push(req)
      await hostExec(lab, host, 'pkill -STOP -x sshd')
      await new Promise((r) => setTimeout(r, 2500))
      answeredAt = Date.now()
      return lab.passwordHost.password
    }
    try {
      const f = await failure(ssh.connect({ host: 'stalls' }, who))
      expect(who.asked.secrets.map((q) => q.kind)).toEqual(['password'])
      expect(f?.info).toEqual(expect.objectContaining({ code: 'ssh.connect-timeout', host: lab.passwordHost.address, data: expect.objectContaining({ phase: 'authentication' }) }))
      expect(f?.info.message).toBe(
        `Connection to stalls (${lab.passwordHost.address} port 22) timed out during authentication after 2 s: the server stopped answering before the login completed.`
      )
      // The clock stopped while the question was open, and ran out about 2 s after the answer.
      const afterAnswer = Date.now() - answeredAt
      expect(afterAnswer).toBeLessThan(2100)
      expect(afterAnswer).toBeGreaterThan(300)
    } finally {
      await hostExec(lab, host, 'pkill -CONT -x sshd')
    }
    // The host answers again once its sshd runs.
    const ok = await new SshService({ dataDir: s.dataDir, configFile: config }).testConnection({ host: 'stalls' }, scripted({ secrets: [lab.passwordHost.password] }))
    expect(ok.error).toBeUndefined()
  })

  it('a jump host that cannot open the connection to the target fails in connect, naming both', async () => {
    const config = s.file(
      'config-jump',
      bastionBlock(lab) +
        hostBlock('unreachable', node2(), ['User root', `IdentityFile ${lab.identityFile}`, 'IdentityAgent none', `UserKnownHostsFile ${lab.knownHosts}`, 'ProxyJump lab-bastion', 'ConnectTimeout 1'])
    )
    const ssh = new SshService({ dataDir: s.dataDir, configFile: config })
    await setLinkState(lab, 'node-2', 'down')
    try {
      const f = await failure(ssh.connect({ host: 'unreachable' }, scripted()))
      expect(f?.info).toEqual(expect.objectContaining({ code: 'ssh.connect-timeout', data: expect.objectContaining({ phase: 'connect' }) }))
      expect(f?.info.message).toBe(
        `Connection to unreachable (${node2().address} port 22) timed out during connect after 1 s: root@${lab.bastion!.address}:22 did not open a connection to it.`
      )
      expect(f!.ms).toBeLessThan(2500)
    } finally {
      await setLinkState(lab, 'node-2', 'up')
    }
  })
})
