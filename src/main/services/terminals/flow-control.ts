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

export class FlowControl {
  private pendingUnits = 0
  private holding = false

  constructor(
    private readonly gate: PauseGate,
    readonly marks: Watermarks
  ) {
    if (!(marks.low < marks.high)) throw new Error(`flow control: low watermark ${marks.low} must be below high ${marks.high}`)
  }

  /** Units read from the source (decoded, about to be batched). */
  received(units: number): void {
    this.pendingUnits += units
    if (!this.holding && this.pendingUnits >= this.marks.high) {
      this.holding = true
      this.gate.hold('flow')
    }
  }

  /** Units the renderer has written. More than is pending (a stale ack) just empties the count. */
  acknowledged(units: number): void {
    this.pendingUnits = Math.max(0, this.pendingUnits - units)
    if (this.holding && this.pendingUnits < this.marks.low) {
      this.holding = false
      this.gate.release('flow')
    }
  }

  /**
   * A new window took over: what the old one had in flight will never be acknowledged. Only
   * `stillPending` (read but not yet sent) remains.
   */
  reset(stillPending = 0): void {
    this.acknowledged(Math.max(0, this.pendingUnits - stillPending))
  }

  get pending(): number {
    return this.pendingUnits
  }
}
