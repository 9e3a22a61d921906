// One container's log, as lines with their timestamps. Following, a stream that drops while
// the container still runs (an API server restart, a proxy's idle timeout, kubelet restarting)
// is opened again from the last line's second, and what was already read is skipped by its
// exact timestamp: nothing lost, nothing twice. It ends when the container does, or is "gone"
// with its pod.
import type { IncomingMessage } from 'node:http'
import type { KubeConfig } from '@kubernetes/client-node'
import type { LogOptions, LogSourceState } from '../../../shared/model/logs'
import { LogRequestError, openLog, type ContainerRef } from './api-log'
import { splitTimestamp, timeKey, toSecond } from './timestamps'

export interface StreamSink {
  lines(lines: { t: string; text: string; cut?: true }[]): void
  /** The API answered: lines may follow. */
  connected(): void
  state(state: LogSourceState, detail?: { error?: string; reconnects?: number }): void
}

/** What the container is doing now: running (resume a dropped follow), done, or its pod gone. */
export type ContainerProbe = () => Promise<'running' | 'terminated' | 'gone'>

const BACKOFF_MS = [250, 500, 1000, 2000, 5000]

export class ContainerLogStream {
  private response: IncomingMessage | null = null
  private readonly abort = new AbortController()
  private closed = false
  private paused = false
  private lastKey = ''
  private lastT = ''
  /** Lines already read that carry exactly lastT (skipped once each when resuming). */
  private atLast = 0
  private reconnects = 0
  /** The piece of a line a dropped stream ended with (no line break yet). */
  private unfinished = ''

  constructor(
    private readonly kc: KubeConfig,
    readonly ref: ContainerRef,
    private readonly options: LogOptions,
    private readonly sink: StreamSink,
    private readonly probe: ContainerProbe
  ) {}

  start(): void {
    void this.open(this.options, false)
  }

  pause(): void {
    this.paused = true
    this.response?.pause()
  }

  resume(): void {
    this.paused = false
    this.response?.resume()
  }

  close(): void {
    this.closed = true
    this.abort.abort()
    this.response?.destroy()
  }

  private async open(o: LogOptions, resuming: boolean): Promise<void> {
    let res: IncomingMessage
    try {
      res = await openLog(this.kc, this.ref, o, this.abort.signal)
    } catch (e) {
      if (this.closed) return
      if (resuming && !(e instanceof LogRequestError && e.code < 500)) return this.afterEnd()
      return this.sink.state('failed', { error: e instanceof LogRequestError ? e.kubectlText : (e as Error).message })
    }
    if (this.closed) return void res.destroy()
    this.response = res
    if (this.paused) res.pause()
    this.sink.connected()
    this.sink.state('streaming', { reconnects: this.reconnects })
    const decoder = new TextDecoder('utf-8')
    let rest = ''
    let skip = resuming ? this.atLast : 0
    const deliver = (text: string, final: boolean) => {
      const parts = (rest + text).split('\n')
      rest = final ? '' : parts.pop()!
      // The last piece of an ended stream: '' after a final line break, else a line cut short (--limit-bytes).
      const cutLast = final && parts[parts.length - 1] !== ''
      if (final && parts.length && parts[parts.length - 1] === '') parts.pop()
      const out: { t: string; text: string; cut?: true }[] = []
      for (const [i, raw] of parts.entries()) {
        const line: { t: string; text: string; cut?: true } = o.timestamps === false ? { t: '', text: raw } : splitTimestamp(raw.endsWith('\r') ? raw.slice(0, -1) : raw)
        if (cutLast && i === parts.length - 1) line.cut = true
        const key = timeKey(line.t)
        if (resuming && key) {
          // Already read before the drop: older than the last line, or one of the lines at its instant.
          if (key < this.lastKey) continue
          if (key === this.lastKey && skip > 0) {
            skip--
            continue
          }
        }
        if (key) {
          if (key === this.lastKey) this.atLast++
          else {
            this.lastKey = key
            this.lastT = line.t
            this.atLast = 1
          }
        }
        out.push(line)
      }
      if (out.length) this.sink.lines(out)
    }
    res.on('data', (chunk: Buffer) => deliver(decoder.decode(chunk, { stream: true }), false))
    res.on('error', () => undefined)
    res.on('close', () => {
      const tail = decoder.decode()
      this.response = null
      // A followed stream that dropped mid-line: the resumed stream sends that line again, whole;
      // emitting the piece now would show a cut line and skip the whole one as already read. It
      // is kept until afterEnd knows whether the stream resumes or the container ended.
      if (this.options.follow && !this.closed && !o.limitBytes) {
        deliver(tail, false)
        this.unfinished = rest
        rest = ''
        return void this.afterEnd(() => {
          rest = this.unfinished
          deliver('', true)
        })
      }
      deliver(tail, true)
      if (this.closed) return
      if (!this.options.follow) return this.sink.state('ended')
      void this.afterEnd()
    })
  }

  /**
   * A followed stream ended: resume it while the container runs, else say how it ended.
   * `flushUnfinished` emits a last line that had no line break, when nothing will resend it.
   */
  private async afterEnd(flushUnfinished?: () => void): Promise<void> {
    for (;;) {
      if (this.closed) return
      const now = await this.probe().catch(() => 'running' as const)
      if (now === 'gone' || now === 'terminated') {
        if (this.unfinished) flushUnfinished?.()
        this.unfinished = ''
        return this.sink.state(now === 'gone' ? 'gone' : 'ended')
      }
      this.unfinished = ''
      const wait = BACKOFF_MS[Math.min(this.reconnects, BACKOFF_MS.length - 1)]
      this.reconnects++
      await new Promise((r) => setTimeout(r, wait))
      if (this.closed) return
      // From the last line's second (the API's precision); lines already read are skipped.
      const o: LogOptions = this.lastT ? { follow: true, sinceTime: toSecond(this.lastT) } : { ...this.options }
      this.sink.state('waiting', { reconnects: this.reconnects })
      return this.open(o, true)
    }
  }
}
