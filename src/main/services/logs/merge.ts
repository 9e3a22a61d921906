// Several sources' lines into one stream in timestamp order. Each source is already in order,
// so the merge is a k-way merge: the oldest head goes out once every other source has shown
// a line at least as new — or has ended, or (when following) has been quiet for `holdMs`, so
// a silent pod does not hold the others back. Ties keep the sources' order, then arrival.
import type { LogLine } from '../../../shared/model/logs'
import { timeKey } from './timestamps'

interface Queue {
  lines: { line: LogLine; key: string }[]
  ended: boolean
  /** Not answering yet: holds the others back however long it takes (its backlog may be older). */
  waiting: boolean
  lastArrival: number
}

export class LineMerger {
  private readonly queues = new Map<number, Queue>()

  constructor(
    private readonly emit: (lines: LogLine[]) => void,
    private readonly holdMs: number,
    private readonly now: () => number = () => performance.now()
  ) {}

  add(source: number): void {
    if (!this.queues.has(source)) this.queues.set(source, { lines: [], ended: false, waiting: true, lastArrival: this.now() })
  }

  /** The source answered (its lines may follow, or it may have none yet). */
  connected(source: number): void {
    this.add(source)
    const q = this.queues.get(source)!
    q.waiting = false
    q.lastArrival = this.now()
    this.drain(false)
  }

  push(source: number, lines: LogLine[]): void {
    this.add(source)
    const q = this.queues.get(source)!
    for (const line of lines) q.lines.push({ line, key: timeKey(line.t) })
    q.waiting = false
    q.lastArrival = this.now()
    this.drain(false)
  }

  /** The source will send nothing more (its stream ended, its pod is gone). */
  end(source: number): void {
    this.add(source)
    this.queues.get(source)!.ended = true
    this.drain(false)
  }

  /** Emits what may go out now (call on a timer while following); `all` empties every queue. */
  drain(all: boolean): void {
    const out: LogLine[] = []
    const now = this.now()
    for (;;) {
      let best: [number, Queue] | undefined
      for (const entry of this.queues) {
        const head = entry[1].lines[0]
        if (head && (!best || head.key < best[1].lines[0].key)) best = entry
      }
      if (!best) break
      const key = best[1].lines[0].key
      const blocked =
        !all && [...this.queues].some(([id, q]) => id !== best![0] && q.lines.length === 0 && !q.ended && (q.waiting || now - q.lastArrival < this.holdMs)) && key !== ''
      if (blocked) break
      out.push(best[1].lines.shift()!.line)
    }
    for (const [id, q] of this.queues) if (q.ended && q.lines.length === 0) this.queues.delete(id)
    if (out.length) this.emit(out)
  }

  get buffered(): number {
    let n = 0
    for (const q of this.queues.values()) n += q.lines.length
    return n
  }
}
