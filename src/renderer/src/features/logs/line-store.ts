// A viewer's lines, outside React state: a million rows would be copied on every batch if they
// lived in the store. Appends are amortised O(1); past `capacity` the oldest lines are released
// (counted, so the viewer can say how many and since when). Rows are addressed by an absolute
// sequence number, so a filter's index stays valid while the front is released.
import type { LogLine } from '@shared/model/logs'

export class LineStore {
  private t: string[] = []
  private s: number[] = []
  private text: string[] = []
  /** Sequence number of the first line held. */
  first = 0
  /** Lines released from the front. */
  dropped = 0
  /** Bytes (UTF-16 units) of text held, for the memory readout. */
  units = 0

  constructor(readonly capacity = 1_000_000) {}

  get length(): number {
    return this.text.length
  }

  /** Sequence number after the last line. */
  get end(): number {
    return this.first + this.text.length
  }

  append(lines: LogLine[]): void {
    for (const l of lines) {
      this.t.push(l.t)
      this.s.push(l.s)
      this.text.push(l.text)
      this.units += l.text.length
    }
    const over = this.text.length - this.capacity
    // Release in chunks (a tenth of the capacity) so a full buffer does not shift on every batch.
    if (over > 0) this.release(Math.max(over, Math.floor(this.capacity / 10)))
  }

  private release(n: number): void {
    for (let i = 0; i < n; i++) this.units -= this.text[i].length
    this.t.splice(0, n)
    this.s.splice(0, n)
    this.text.splice(0, n)
    this.first += n
    this.dropped += n
  }

  has(seq: number): boolean {
    return seq >= this.first && seq < this.end
  }

  line(seq: number): LogLine {
    const i = seq - this.first
    return { t: this.t[i], s: this.s[i], text: this.text[i] }
  }

  textAt(seq: number): string {
    return this.text[seq - this.first]
  }

  timeAt(seq: number): string {
    return this.t[seq - this.first]
  }

  sourceAt(seq: number): number {
    return this.s[seq - this.first]
  }

  clear(): void {
    this.dropped += this.text.length
    this.first = this.end
    this.t = []
    this.s = []
    this.text = []
    this.units = 0
  }
}
