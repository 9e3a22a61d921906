// TerminalSession against a real pty (node-pty running /bin/sh): back-pressure reaches the
// program writing, nothing is lost or reordered, exits and reattachment behave.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { TerminalInfo } from '../../../shared/model/terminals'
import { openLocalShell } from './sources/local-shell'
import { TerminalSession, type SessionTuning } from './terminal-session'
import type { SourceOpener, TerminalViewer } from './types'

const tuning: SessionTuning = { flow: { marks: { high: 100_000, low: 20_000 } }, batch: { intervalMs: 16, maxUnits: 64 * 1024 }, replayUnits: 4096 }

/** A window as the session sees it: records what it is sent, acknowledges when told to. */
class FakeWindow implements TerminalViewer {
  data = ''
  messages = 0
  states: TerminalInfo[] = []
  closed: string[] = []
  autoAck = false
  session?: TerminalSession
  private unacked = 0
  constructor(readonly id: string) {}
  show: TerminalViewer['show'] = (stream, payload) => {
    if (stream === 'data') {
      const { data } = payload as { data: string }
      this.data += data
      this.messages++
      this.unacked += data.length
      if (this.autoAck) setImmediate(() => this.ackAll())
    } else if (stream === 'state') this.states.push(payload as TerminalInfo)
    else if (stream === 'closed') this.closed.push((payload as { id: string }).id)
  }
  onGone(): void {}
  ackAll(): void {
    const n = this.unacked
    this.unacked = 0
    this.session?.acknowledge(n)
  }
}

const shell: SourceOpener = async (size) => openLocalShell({ size, env: { PATH: process.env.PATH, PS1: '$ ', HOME: tmpdir() }, cwd: tmpdir(), shell: '/bin/sh' })

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

function openSession(window: FakeWindow, opener: SourceOpener = shell, id = crypto.randomUUID()): TerminalSession {
  const session = new TerminalSession({ id, kind: 'local', host: 'local', detail: 'test' }, { cols: 80, rows: 24 }, opener, window, tuning)
  window.session = session
  return session
}

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kubedeck-session-test-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const open: TerminalSession[] = []
afterEach(() => {
  for (const s of open.splice(0)) s.close()
})

describe('TerminalSession over a real pty', () => {
  it('pauses the pty when the window stops acknowledging, so the writer blocks; acks resume it and every byte arrives in order', async () => {
    // 4 MB of base64 lines; through the pty '\n' becomes '\r\n' (onlcr), which base64 never contains.
    const payload =
      (
        randomBytes(3_000_000)
          .toString('base64')
          .match(/.{1,76}/g) ?? []
      ).join('\n') + '\n'
    const file = join(dir, 'payload.txt')
    writeFileSync(file, payload)
    const pidFile = join(dir, 'cat.pid')

    const window = new FakeWindow('w1')
    const session = openSession(window)
    open.push(session)
    expect((await session.start()).state).toBe('connected')
    window.autoAck = true
    session.write(`stty -echo; printf '_%s_\\n' BEGIN; cat ${file} & echo $! > ${pidFile}; wait; printf '_%s_\\n' END\n`)
    await until('the first bytes', () => window.data.includes('_BEGIN_'))
    window.autoAck = false

    await until('the source to be paused', () => session.sourcePaused)
    expect(session.unacknowledged).toBeGreaterThanOrEqual(tuning.flow.marks.high)
    // The writer is blocked: `cat` reads nothing more while nobody acknowledges.
    const pid = readFileSync(pidFile, 'utf8').trim()
    const readSoFar = () => Number(/rchar: (\d+)/.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1])
    await new Promise((r) => setTimeout(r, 200))
    const before = readSoFar()
    const receivedBefore = window.data.length
    await new Promise((r) => setTimeout(r, 400))
    expect(readSoFar()).toBe(before)
    expect(before).toBeLessThan(payload.length)
    expect(window.data.length).toBe(receivedBefore)

    window.autoAck = true
    window.ackAll()
    await until('the end marker', () => window.data.includes('_END_'), 30_000)
    const start = window.data.indexOf('_BEGIN_\r\n') + '_BEGIN_\r\n'.length
    const received = window.data.slice(start, window.data.indexOf('_END_')).replaceAll('\r\n', '\n')
    expect(received.length).toBe(payload.length)
    expect(createHash('sha256').update(received).digest('hex')).toBe(createHash('sha256').update(payload).digest('hex'))
    // Batching: far fewer messages than pty reads of 4 KB.
    expect(window.messages).toBeLessThan(payload.length / 16_384)
  })

  it('reports the exit code of the shell', async () => {
    const window = new FakeWindow('w1')
    window.autoAck = true
    const session = openSession(window)
    open.push(session)
    await session.start()
    session.write('exit 3\n')
    await until('the exit', () => window.states.some((s) => s.state === 'exited'))
    expect(window.states.at(-1)).toMatchObject({ state: 'exited', exitCode: 3 })
  })

  it('reports a source that cannot be opened as failed, with the reason', async () => {
    const window = new FakeWindow('w1')
    const session = openSession(window, async (size) => openLocalShell({ size, env: {}, cwd: tmpdir(), shell: join(dir, 'no-such-shell') }))
    const info = await session.start()
    expect(info.state).toBe('failed')
    expect(info.error?.message).toContain('no-such-shell')
  })

  it('keeps running detached, and replays recent output to the window that attaches', async () => {
    const first = new FakeWindow('w1')
    first.autoAck = true
    const session = openSession(first)
    open.push(session)
    await session.start()
    session.write(`printf '_%s_\\n' one\n`)
    await until('first output', () => first.data.includes('_one_'))
    session.detach()
    expect(session.sourcePaused).toBe(true)

    const second = new FakeWindow('w2')
    second.autoAck = true
    second.session = session
    const info = session.attach(second, { cols: 100, rows: 30 })
    expect(info).toMatchObject({ attached: true, size: { cols: 100, rows: 30 } })
    expect(second.data).toContain('_one_')
    expect(session.sourcePaused).toBe(false)
    session.write(`stty size\n`)
    await until('the new size', () => second.data.includes('30 100'))
  })

  it('tells the window it loses the session to when another attaches', async () => {
    const first = new FakeWindow('w1')
    const session = openSession(first)
    open.push(session)
    await session.start()
    const second = new FakeWindow('w2')
    session.attach(second, { cols: 80, rows: 24 })
    expect(first.closed).toEqual([session.id])
    expect(session.ownerId).toBe('w2')
  })

  it('reconnect opens the target again in the same session', async () => {
    const window = new FakeWindow('w1')
    window.autoAck = true
    const session = openSession(window)
    open.push(session)
    await session.start()
    session.write('exit 0\n')
    await until('the exit', () => window.states.some((s) => s.state === 'exited'))
    const info = await session.reconnect(undefined, { cols: 80, rows: 24 })
    expect(info.state).toBe('connected')
    expect(window.states.map((s) => s.state)).toContain('reconnecting')
    session.write(`printf '_%s_\\n' again\n`)
    await until('output of the new shell', () => window.data.includes('_again_'))
    // The new shell starts below a marked boundary, after the old one's output.
    const marker = window.data.search(/──── [\d:]+ · reconnected ────/)
    expect(marker).toBeGreaterThan(window.data.indexOf('exit 0'))
    expect(marker).toBeLessThan(window.data.lastIndexOf('_again_'))
  })
})
