// One log viewer's session: its sources (containers through the API, or a host's journal or
// files over SSH), merged in timestamp order, batched to whoever shows them, and paused at the
// source (the HTTP response, so the API server stops sending) while too much is unacknowledged.
// Every line received is also spooled to a private file, so "download" saves everything, not
// only what the viewer still holds.
import { createWriteStream, type WriteStream } from 'node:fs'
import type { LogLine, LogSourceInfo, LogSourceState } from '../../../shared/model/logs'
import { FlowControl, PauseGate } from '../streams'
import { LineMerger } from './merge'

/** Where a session's lines go: a window (through the service), the CLI's stdout. */
export interface LogSink {
  lines(lines: LogLine[]): void
  sources(sources: LogSourceInfo[]): void
}

export interface Pausable {
  pause(): void
  resume(): void
  close(): void
}

export interface SessionOptions {
  follow: boolean
  /** How long a quiet source may hold the merge back while following. */
  holdMs?: number
  /** Lines per batch, and how often batches go out. */
  batchLines?: number
  intervalMs?: number
  /** Flow-control marks, in UTF-16 code units of line text. */
  highMark?: number
  lowMark?: number
  /** Where every received line is also kept (for download). */
  spoolFile?: string
}

export class LogSession {
  private readonly sourceInfo: LogSourceInfo[] = []
  private readonly controls: Pausable[] = []
  private readonly merger: LineMerger
  private readonly gate: PauseGate
  private readonly flow: FlowControl
  private queue: LogLine[] = []
  private timer: NodeJS.Timeout | null = null
  private tick: NodeJS.Timeout | null = null
  private spool: WriteStream | null = null
  private closed = false
  private sourcesChanged = false
  received = 0
  private readonly idle: (() => void)[] = []
  private holds = 0

  constructor(
    private readonly sink: LogSink,
    private readonly o: SessionOptions
  ) {
    this.merger = new LineMerger((lines) => this.enqueue(lines), o.follow ? (o.holdMs ?? 400) : Infinity)
    this.gate = new PauseGate({ pause: () => this.controls.forEach((c) => c.pause()), resume: () => this.controls.forEach((c) => c.resume()) })
    this.flow = new FlowControl(this.gate, { marks: { high: o.highMark ?? 8_000_000, low: o.lowMark ?? 4_000_000 } })
    if (o.spoolFile) this.spool = createWriteStream(o.spoolFile, { mode: 0o600, flags: 'a' })
    // Following: a quiet source stops holding the others after holdMs even if nothing arrives.
    if (o.follow) this.tick = setInterval(() => this.merger.drain(false), Math.max(50, (o.holdMs ?? 400) / 2))
  }

  /** A new source (a container, a unit); returns its index. */
  addSource(info: Omit<LogSourceInfo, 'index' | 'state' | 'reconnects'>): number {
    const index = this.sourceInfo.length
    this.sourceInfo.push({ ...info, index, state: 'waiting', reconnects: 0 })
    this.merger.add(index)
    this.sourcesChanged = true
    this.schedule()
    return index
  }

  /** The source's stream control (paused with the session). */
  control(c: Pausable): void {
    this.controls.push(c)
    if (this.gate.paused) c.pause()
  }

  connected(index: number): void {
    this.merger.connected(index)
  }

  lines(index: number, lines: { t: string; text: string; cut?: true }[]): void {
    if (this.closed) return
    this.merger.push(
      index,
      lines.map((l) => (l.cut ? { t: l.t, s: index, text: l.text, cut: true as const } : { t: l.t, s: index, text: l.text }))
    )
  }

  /** A producer that will add sources later (a host's command, whose containers show as it runs): the session is not done before release(). */
  hold(): void {
    this.holds++
  }

  release(): void {
    this.holds = Math.max(0, this.holds - 1)
    this.schedule()
    if (this.done) this.flush()
  }

  state(index: number, state: LogSourceState, detail: { error?: string; reconnects?: number } = {}): void {
    const s = this.sourceInfo[index]
    if (!s || this.closed) return
    s.state = state
    if (detail.error !== undefined) s.error = detail.error
    if (detail.reconnects !== undefined) s.reconnects = detail.reconnects
    if (state === 'ended' || state === 'gone' || state === 'failed') this.merger.end(index)
    this.sourcesChanged = true
    this.schedule()
    if (this.done) this.flush()
  }

  get sources(): LogSourceInfo[] {
    return this.sourceInfo
  }

  /** Every source has ended and no producer is still starting (a session that does not follow is then complete). */
  get done(): boolean {
    return this.holds === 0 && this.sourceInfo.every((s) => s.state === 'ended' || s.state === 'gone' || s.state === 'failed')
  }

  /** Resolves once every source has ended and its lines went out. */
  whenDone(): Promise<void> {
    if (this.done && this.queue.length === 0 && this.merger.buffered === 0) return Promise.resolve()
    return new Promise((r) => this.idle.push(r))
  }

  acknowledge(units: number): void {
    this.flow.acknowledged(units)
  }

  close(): void {
    if (this.closed) return
    this.closed = true
    for (const c of this.controls) c.close()
    if (this.timer) clearTimeout(this.timer)
    if (this.tick) clearInterval(this.tick)
    this.spool?.end()
  }

  private enqueue(lines: LogLine[]): void {
    this.queue.push(...lines)
    if (this.spool) this.spool.write(lines.map((l) => `${l.t}\t${l.s}\t${l.text}\n`).join(''))
    this.received += lines.length
    let units = 0
    for (const l of lines) units += l.text.length + 1
    this.flow.received(units)
    this.schedule()
  }

  private schedule(): void {
    if (this.timer || this.closed) return
    this.timer = setTimeout(() => this.flush(), this.o.intervalMs ?? 16)
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    if (this.done) this.merger.drain(true)
    if (this.sourcesChanged) {
      this.sourcesChanged = false
      this.sink.sources(this.sourceInfo.map((s) => ({ ...s })))
    }
    const max = this.o.batchLines ?? 5000
    while (this.queue.length) {
      const batch = this.queue.length > max ? this.queue.splice(0, max) : this.queue.splice(0)
      this.sink.lines(batch)
    }
    if (this.done && this.merger.buffered === 0) for (const r of this.idle.splice(0)) r()
  }
}
