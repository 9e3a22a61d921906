// SSH terminals against the lab's sshd: end-to-end flow control (a window that stops
// acknowledging makes the remote writer block; acknowledging resumes it; every byte arrives,
// in order), resizes reaching the remote pty, and a dead link reported as `lost` by keepalive
// and recovered with Reconnect.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TERMINAL_WINDOW_BYTES } from '../../../src/main/services/terminals'
import { hostExec, labSkipReason, requireLab, setLinkState, type LabInfo } from '../../lab'
import { LAB_INSTANCE, TestWindow, sleep, sshTerminals, until } from './support'

const skip = labSkipReason()
const FILE = '/var/tmp/kubedeck-terminal-flow.txt'

describe.skipIf(!!skip)(`SSH terminals on the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let host: string
  let env: ReturnType<typeof sshTerminals>
  let expectedSha: string
  let fileBytes: number

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    host = lab.hosts[0].name
    env = sshTerminals(lab.sshConfig)
    // ~8 MB of base64 lines: far more than every buffer on the way (window, watermarks, pty).
    await hostExec(lab, host, `head -c 6000000 /dev/urandom | base64 > ${FILE}`)
    const sum = await hostExec(lab, host, `sha256sum ${FILE}; stat -c %s ${FILE}`)
    const [line, size] = sum.stdout.trim().split('\n')
    expectedSha = line.split(/\s+/)[0]
    fileBytes = Number(size)
  })
  afterAll(async () => {
    await env?.close()
    if (lab) await hostExec(lab, host, `rm -f ${FILE} ${FILE}.pid`)
  })

  it('pauses the channel when the window stops acknowledging, so the remote writer blocks; acknowledging resumes it with nothing lost', async () => {
    const { terminals } = env
    const window = new TestWindow(() => terminals)
    const id = crypto.randomUUID()
    const opened = await terminals.openSsh({ id, cols: 120, rows: 40, target: { host } }, window)
    expect(opened).toMatchObject({ state: 'connected', kind: 'ssh', host })
    const session = terminals.session(id)

    // A subshell: no job-control notices ("[1] 1234") in the output.
    terminals.write(id, `stty -echo; printf '_%s_\\n' BEGIN; (cat ${FILE} & echo $! > ${FILE}.pid; wait); printf '_%s_\\n' END\n`, window)
    await until('the output to begin', () => window.data.includes('_BEGIN_\r\n'))
    window.autoAck = false

    await until('the source to be paused', () => session.sourcePaused)
    await sleep(300)
    const pid = (await hostExec(lab, host, `cat ${FILE}.pid`)).stdout.trim()
    const readByCat = async () => Number(/rchar: (\d+)/.exec((await hostExec(lab, host, `cat /proc/${pid}/io`)).stdout)![1])
    const before = await readByCat()
    const receivedBefore = window.data.length
    await sleep(700)
    // The remote `cat` reads nothing more: it is blocked writing to its pty, because sshd has
    // no window left to send into and we grant none while paused.
    expect(await readByCat()).toBe(before)
    expect(before).toBeLessThan(fileBytes)
    expect(window.data.length).toBe(receivedBefore)
    expect(session.sourcePaused).toBe(true)
    // What is in flight is bounded (high mark, plus the window ssh2 granted at open), not the file.
    expect(session.unacknowledged).toBeLessThan(session.flowMarks.high + 2 * 1024 * 1024 + 64 * 1024)

    window.autoAck = true
    window.ackAll()
    await until('the end of the output', () => window.data.includes('_END_'), 60_000)
    const start = window.data.indexOf('_BEGIN_\r\n') + '_BEGIN_\r\n'.length
    const received = window.data.slice(start, window.data.indexOf('_END_')).replaceAll('\r\n', '\n')
    expect(received.length).toBe(fileBytes)
    expect(createHash('sha256').update(received).digest('hex')).toBe(expectedSha)

    // Again, now that the 2 MiB ssh2 granted when the channel opened is spent: without
    // acknowledgements, no more arrives than the high mark plus the terminal's SSH window.
    window.autoAck = false
    const again = window.data.length
    terminals.write(id, `(cat ${FILE}); printf '_%s_\\n' AGAIN\n`, window)
    await until('the second flood to be held', () => session.sourcePaused && window.data.length > again)
    await sleep(700)
    expect(session.unacknowledged).toBeLessThanOrEqual(session.flowMarks.high + TERMINAL_WINDOW_BYTES + 64 * 1024)
    expect(window.data.length - again).toBeLessThan(fileBytes / 2)
    window.autoAck = true
    window.ackAll()
    await until('the end of the second flood', () => window.since(again).includes('_AGAIN_'), 60_000)

    // The remote pty follows a resize.
    terminals.resize(id, { cols: 97, rows: 31 }, window)
    const mark = window.data.length
    terminals.write(id, 'stty size\n', window)
    await until('the new size', () => window.since(mark).includes('31 97'))
    terminals.closeSession(id)
  })

  it('reports a dead link as lost within the keepalive time, and Reconnect opens a new shell', async () => {
    // The lab's ssh config, with a short keepalive first (first obtained value wins).
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-terminal-keepalive-'))
    const config = join(dir, 'config')
    writeFileSync(config, `Host *\n  ServerAliveInterval 1\n  ServerAliveCountMax 2\n\nInclude ${lab.sshConfig}\n`)
    const short = sshTerminals(config)
    const target = lab.hosts.at(-1)!.name
    try {
      const window = new TestWindow(() => short.terminals)
      const id = crypto.randomUUID()
      expect((await short.terminals.openSsh({ id, cols: 80, rows: 24, target: { host: target } }, window)).state).toBe('connected')
      await setLinkState(lab, target, 'down')
      const cut = Date.now()
      try {
        await until('the session to be lost', () => window.lastState()?.state === 'lost', 15_000)
      } finally {
        await setLinkState(lab, target, 'up')
      }
      expect(Date.now() - cut).toBeLessThan(8_000)
      expect(window.lastState()!.error).toMatchObject({ code: 'ssh.keepalive-timeout', host: target })

      const again = await short.terminals.reconnect(id, { cols: 80, rows: 24 }, window)
      expect(again.state).toBe('connected')
      const mark = window.data.length
      short.terminals.write(id, 'hostname\n', window)
      await until('the shell to answer', () => window.since(mark).includes(`${target}\r\n`))
    } finally {
      await short.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
