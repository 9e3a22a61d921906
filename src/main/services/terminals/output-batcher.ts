// Turns a source's byte chunks into few, large stream messages. Decoding is streaming UTF-8:
// a character split across two chunks (SSH packets cut anywhere) is held back until its last
// byte arrives instead of becoming U+FFFD. Messages are throttled, not debounced: the first
// output after a quiet spell goes out at once (a keystroke's echo is not delayed), later
// output is gathered until `intervalMs` after the previous message, or sent early when
// `maxUnits` have piled up (big messages keep throughput high and the transport quiet).

export interface BatchOptions {
  intervalMs: number
  maxUnits: number
}

export const defaultBatchOptions: BatchOptions = { intervalMs: 16, maxUnits: 256 * 1024 }

export class OutputBatcher {
  private readonly decoder = new TextDecoder('utf-8')
  private parts: string[] = []
  private units = 0
  private lastSentAt = -Infinity
  private timer: NodeJS.Timeout | null = null
  private immediate: NodeJS.Immediate | null = null

  constructor(
    private readonly send: (data: string) => void,
    private readonly options: BatchOptions = defaultBatchOptions,
    private readonly now: () => number = () => performance.now()
  ) {}

  /** Adds raw output; returns how many units (UTF-16 code units) it decoded to. */
  push(bytes: Uint8Array): number {
    return this.add(this.decoder.decode(bytes, { stream: true }))
  }

  /** Adds text that is already decoded (a replay of earlier output). */
  pushText(text: string): number {
    return this.add(text)
  }

  /** Units gathered and not yet sent. */
  get pending(): number {
    return this.units
  }

  /** The source ended: decode what an unfinished character left behind and send everything now. */
  end(): void {
    this.add(this.decoder.decode())
    this.flush()
  }

  /** Drops what is gathered (nobody to send it to); the decoder keeps its state. */
  discard(): void {
    this.cancelTimers()
    this.parts = []
    this.units = 0
  }

  flush(): void {
    this.cancelTimers()
    if (this.units === 0) return
    const data = this.parts.length === 1 ? this.parts[0] : this.parts.join('')
    this.parts = []
    this.units = 0
    this.lastSentAt = this.now()
    this.send(data)
  }

  private add(text: string): number {
    if (text.length === 0) return 0
    this.parts.push(text)
    this.units += text.length
    if (this.units >= this.options.maxUnits) this.flush()
    else this.schedule()
    return text.length
  }

  private schedule(): void {
    if (this.timer || this.immediate) return
    const wait = this.lastSentAt + this.options.intervalMs - this.now()
    // setImmediate still gathers every chunk read in this turn of the event loop.
    if (wait <= 0) this.immediate = setImmediate(() => this.flush())
    else this.timer = setTimeout(() => this.flush(), wait)
  }

  private cancelTimers(): void {
    if (this.timer) clearTimeout(this.timer)
    if (this.immediate) clearImmediate(this.immediate)
    this.timer = null
    this.immediate = null
  }
}
