// The recent output of a session, kept so a window that attaches later (a reloaded page) can
// show where things stand. Holds references to the sent batches (no copying on the hot path)
// and drops whole batches from the front once more than `capacity` is kept.

export class ReplayBuffer {
  private chunks: string[] = []
  private units = 0
  private trimmed = false

  constructor(private readonly capacity: number) {}

  add(text: string): void {
    if (text.length === 0) return
    this.chunks.push(text)
    this.units += text.length
    while (this.units - this.chunks[0].length >= this.capacity) {
      this.units -= this.chunks.shift()!.length
      this.trimmed = true
    }
  }

  /**
   * At most `capacity` units of the latest output. When older output was dropped, the replay
   * starts after the first line break (if one is near) rather than inside a line or an escape
   * sequence.
   */
  text(): string {
    let all = this.chunks.join('')
    if (all.length > this.capacity) {
      all = all.slice(all.length - this.capacity)
      this.trimmed = true
    }
    if (this.trimmed) {
      const nl = all.indexOf('\n')
      if (nl >= 0 && nl < 4096) all = all.slice(nl + 1)
    }
    return all
  }
}
