// Back-pressure between a terminal's source and the window showing it, after xterm.js's
// flow-control guide (watermarks over acknowledged writes): everything read from the source
// counts as pending until the renderer reports it written into xterm.js. Above the high mark
// the source is paused, so the remote producer blocks (ssh2 stops adjusting the channel window,
// a pty's buffer fills); below the low mark it resumes. Keystrokes never wait on any of this.

/** Pauses a source while any reason holds (flow control, no window attached). */
export class PauseGate {
  private readonly reasons = new Set<string>()
  constructor(private readonly target: { pause(): void; resume(): void }) {}

  hold(reason: string): void {
    const wasRunning = this.reasons.size === 0
    this.reasons.add(reason)
    if (wasRunning) this.target.pause()
  }

  release(reason: string): void {
    if (!this.reasons.delete(reason)) return
    if (this.reasons.size === 0) this.target.resume()
  }

  get paused(): boolean {
    return this.reasons.size > 0
  }
}

export interface Watermarks {
  /** Pause the source when this many units are unacknowledged. */
  high: number
  /** Resume it when fewer than this many remain. */
  low: number
}

export interface FlowOptions {
  /** The marks to start with (and to keep, without `budgetMs`). */
  marks: Watermarks
  /**
   * Keep about this many milliseconds of the window's rendering in flight: what a keystroke's
   * echo or the prompt after a Ctrl-C waits behind. The high mark follows the window's measured
   * speed (xterm.js renders base64 ten times faster than `yes`, a GPU machine ten times faster
   * than a software-rendered one), between `minHigh` and `maxHigh`; the low mark is a third
   * of it. The budget must cover a few of xterm.js's parse-and-render cycles, or the window
   * idles between batches and looks slower than it is.
   */
  budgetMs?: number
  minHigh?: number
  maxHigh?: number
}

export class FlowControl {
  private pendingUnits = 0
  private holding = false
  private high: number
  private low: number
  /** Units per millisecond the window renders while it has work queued (moving average). */
  private rate: number | undefined
  private lastAckAt: number | undefined
  private backlogAtLastAck = 0

  constructor(
    private readonly gate: PauseGate,
    private readonly options: FlowOptions,
    private readonly now: () => number = () => performance.now()
  ) {
    const { high, low } = options.marks
    if (!(low < high)) throw new Error(`flow control: low watermark ${low} must be below high ${high}`)
    this.high = high
    this.low = low
  }

  /** Units read from the source (decoded, about to be batched). */
  received(units: number): void {
    this.pendingUnits += units
    if (!this.holding && this.pendingUnits >= this.high) {
      this.holding = true
      this.gate.hold('flow')
    }
  }

  /** Units the renderer has written. More than is pending (a stale ack) just empties the count. */
  acknowledged(units: number): void {
    if (this.options.budgetMs !== undefined) this.measure(units)
    this.pendingUnits = Math.max(0, this.pendingUnits - units)
    if (this.holding && this.pendingUnits < this.low) {
      this.holding = false
      this.gate.release('flow')
    }
  }

  /**
   * A new window took over: what the old one had in flight will never be acknowledged. Only
   * `stillPending` (read but not yet sent) remains. Its speed is not known yet either.
   */
  reset(stillPending = 0): void {
    this.rate = undefined
    this.lastAckAt = undefined
    this.acknowledged(Math.max(0, this.pendingUnits - stillPending))
  }

  get pending(): number {
    return this.pendingUnits
  }

  get marks(): Watermarks {
    return { high: this.high, low: this.low }
  }

  /**
   * The time between two acknowledgements measures the window only if it had at least this
   * much more queued at the first of them (it was busy all along); an idle window would look
   * slow and shrink the marks for nothing.
   */
  private measure(units: number): void {
    const now = this.now()
    if (this.lastAckAt !== undefined && this.backlogAtLastAck >= units && now > this.lastAckAt) {
      const sample = units / (now - this.lastAckAt)
      this.rate = this.rate === undefined ? sample : 0.8 * this.rate + 0.2 * sample
      const { budgetMs = 0, minHigh = 0, maxHigh = Infinity } = this.options
      this.high = Math.round(Math.min(maxHigh, Math.max(minHigh, this.rate * budgetMs)))
      this.low = Math.round(this.high / 3)
    }
    this.lastAckAt = now
    this.backlogAtLastAck = this.pendingUnits - units
  }
}
