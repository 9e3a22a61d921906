// One terminal: a source (SSH shell, pod exec, local shell) on one side, the window showing it
// on the other. Output is decoded, batched and sent to that window only; what it has not yet
// acknowledged counts against the watermarks (flow-control.ts). Without a window (the page was
// reloaded) the source is paused and the recent output kept, so a window can attach again.
import { toErrorInfo } from '../../../shared/errors'
import type { TerminalInfo, TerminalSize } from '../../../shared/model/terminals'
import { nobodyToAsk, type SshInteraction } from '../ssh'
import { FlowControl, PauseGate, type FlowOptions } from '../streams'
import { OutputBatcher, type BatchOptions } from './output-batcher'
import { ReplayBuffer } from './replay-buffer'
import type { SourceExit, SourceOpener, TerminalSource, TerminalViewer } from './types'

export interface SessionTuning {
  flow: FlowOptions
  batch: BatchOptions
  /** How much recent output (UTF-16 units) a reattaching window gets. */
  replayUnits: number
}

/**
 * The xterm.js guide's ~100 KB high watermark caps throughput at 100 KB per round trip
 * (acknowledgement, resume, next batch), and xterm.js renders a frame per parse slice however
 * little it parsed: with too little queued, rendering dominates and throughput collapses; with
 * too much, a Ctrl-C waits seconds behind `yes`. So the marks follow the window: about 100 ms
 * of its measured rendering in flight, between 128 K and 1 M (at 25 MB/s, 1 M is 40 ms), plus
 * half that again in an SSH source's window. Batches of at most 128 K keep the next one queued
 * in the renderer while it parses the current one. Measured in tests/bench/terminals.bench.ts.
 */
export const defaultTuning: SessionTuning = {
  flow: { marks: { high: 512 * 1024, low: 160 * 1024 }, budgetMs: 100, minHigh: 128 * 1024, maxHigh: 1024 * 1024 },
  batch: { intervalMs: 16, maxUnits: 128 * 1024 },
  replayUnits: 512 * 1024
}

export type SessionDescription = Pick<TerminalInfo, 'id' | 'kind' | 'host' | 'detail' | 'context'>

export class TerminalSession {
  private info: TerminalInfo
  private source: TerminalSource | null = null
  /** Bumped whenever the source is replaced or dropped: late events of an old source are ignored. */
  private generation = 0
  private owner: TerminalViewer | null
  private closed = false
  private readonly gate = new PauseGate({ pause: () => this.source?.pause(), resume: () => this.source?.resume() })
  private readonly flow: FlowControl
  private readonly batcher: OutputBatcher
  private readonly replay: ReplayBuffer

  constructor(
    description: SessionDescription,
    size: TerminalSize,
    private readonly opener: SourceOpener,
    owner: TerminalViewer,
    tuning: SessionTuning = defaultTuning
  ) {
    this.owner = owner
    this.info = { ...description, state: 'connecting', size, attached: true, openedAt: new Date().toISOString() }
    this.flow = new FlowControl(this.gate, tuning.flow)
    this.replay = new ReplayBuffer(tuning.replayUnits)
    this.batcher = new OutputBatcher((data) => {
      this.replay.add(data)
      this.owner?.show('data', { id: this.info.id, data })
    }, tuning.batch)
  }

  get id(): string {
    return this.info.id
  }

  get ownerId(): string | undefined {
    return this.owner?.id
  }

  snapshot(): TerminalInfo {
    return structuredClone(this.info)
  }

  /** Units read and not yet acknowledged (tests and the benchmark look at this). */
  get unacknowledged(): number {
    return this.flow.pending
  }

  get sourcePaused(): boolean {
    return this.gate.paused
  }

  /** The watermarks in force (they follow the window's measured speed). */
  get flowMarks(): { high: number; low: number } {
    return this.flow.marks
  }

  /** Opens the source; never throws: a failure is the state `failed` with the error. */
  async start(asker: SshInteraction = nobodyToAsk): Promise<TerminalInfo> {
    const generation = ++this.generation
    try {
      const asked = this.info.size
      let opened = asked
      const source = await this.opener(asked, asker, () => (opened = this.info.size))
      if (generation !== this.generation || this.closed) {
        source.close()
        return this.snapshot()
      }
      this.wire(source, generation)
      // A resize that came after the source took its size is applied now.
      if (opened.cols !== this.info.size.cols || opened.rows !== this.info.size.rows) source.resize(this.info.size)
      this.setState({ state: 'connected', exitCode: undefined, signal: undefined, error: undefined })
    } catch (e) {
      if (generation === this.generation && !this.closed) this.setState({ state: 'failed', error: toErrorInfo(e) })
    }
    return this.snapshot()
  }

  write(data: string): void {
    this.source?.write(data)
  }

  /** Resizes the remote pty; the window learns the size in force from the state it is sent. */
  resize(size: TerminalSize): void {
    if (size.cols === this.info.size.cols && size.rows === this.info.size.rows) return
    this.source?.resize(size)
    this.setState({ size })
  }

  acknowledge(units: number): void {
    const before = this.flow.marks.high
    this.flow.acknowledged(units)
    const high = this.flow.marks.high
    // The source's own window (SSH) shrinks and grows with the marks: half of the high mark.
    if (high !== before) this.source?.setInFlightLimit?.(high / 2)
  }

  /** `client` shows the session from now on; a window that showed it before loses it. */
  attach(client: TerminalViewer, size: TerminalSize): TerminalInfo {
    const previous = this.owner
    if (previous && previous.id !== client.id) previous.show('closed', { id: this.info.id })
    this.owner = client
    this.info.attached = true
    // The previous window's unacknowledged output will never be acknowledged; what is still
    // gathered goes to the new window and counts. The replay is sent right away, outside the
    // batcher, so it is not recorded twice.
    this.flow.reset(this.batcher.pending)
    const replay = this.replay.text()
    if (replay) {
      this.flow.received(replay.length)
      client.show('data', { id: this.info.id, data: replay })
    }
    this.gate.release('detached')
    this.resize(size)
    client.show('state', this.snapshot())
    return this.snapshot()
  }

  /** The window went away: keep the session, paused, until one attaches or it expires. */
  detach(): void {
    this.owner = null
    this.info.attached = false
    this.gate.hold('detached')
  }

  /** Opens the same target again (after lost, exited or failed), in the same tab. */
  async reconnect(asker: SshInteraction | undefined, size: TerminalSize): Promise<TerminalInfo> {
    if (this.info.state === 'connecting' || this.info.state === 'reconnecting') return this.snapshot()
    this.dropSource()
    this.info.size = size
    this.setState({ state: 'reconnecting', exitCode: undefined, signal: undefined, error: undefined })
    // The new shell starts below a marked boundary, not straight after the old prompt (it is
    // part of the output, so a reloaded window's replay shows it too).
    this.flow.received(this.batcher.push(Buffer.from(`\r\n\x1b[2m──── ${new Date().toLocaleTimeString('en-GB')} · reconnected ────\x1b[0m\r\n`)))
    return this.start(asker)
  }

  /** Ends the source; the window showing the session (if any) is told to drop its tab. */
  close(): void {
    if (this.closed) return
    this.closed = true
    this.dropSource()
    this.batcher.discard()
    this.owner?.show('closed', { id: this.info.id })
    this.owner = null
  }

  private wire(source: TerminalSource, generation: number): void {
    this.source = source
    source.setInFlightLimit?.(this.flow.marks.high / 2)
    if (this.gate.paused) source.pause()
    source.onData((chunk) => {
      if (generation !== this.generation) return
      this.flow.received(this.batcher.push(chunk))
    })
    source.onExit((exit) => {
      if (generation !== this.generation) return
      this.batcher.end()
      this.source = null
      this.generation++
      this.setState(exitState(exit))
    })
  }

  private dropSource(): void {
    this.generation++
    const source = this.source
    this.source = null
    source?.close()
  }

  private setState(patch: Partial<TerminalInfo>): void {
    Object.assign(this.info, patch)
    for (const key of Object.keys(patch) as (keyof TerminalInfo)[]) if (patch[key] === undefined) delete this.info[key]
    this.owner?.show('state', this.snapshot())
  }
}

function exitState(exit: SourceExit): Partial<TerminalInfo> {
  if (exit.lost) return { state: 'lost', error: exit.error }
  if (exit.code === undefined && exit.signal === undefined && exit.error) return { state: 'failed', error: exit.error }
  return { state: 'exited', exitCode: exit.code ?? null, signal: exit.signal, error: exit.error }
}
