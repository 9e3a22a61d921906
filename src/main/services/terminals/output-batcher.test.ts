import { afterEach, describe, expect, it, vi } from 'vitest'
import { OutputBatcher } from './output-batcher'

afterEach(() => {
  vi.useRealTimers()
})

describe('OutputBatcher', () => {
  it('keeps a multi-byte character split across chunks whole (no U+FFFD)', async () => {
    const sent: string[] = []
    const batcher = new OutputBatcher((d) => sent.push(d))
    const bytes = Buffer.from('αβ→😀 ok', 'utf8')
    // Cut inside every multi-byte sequence: one byte per chunk.
    for (const b of bytes) batcher.push(Uint8Array.of(b))
    batcher.end()
    expect(sent.join('')).toBe('αβ→😀 ok')
    expect(sent.join('')).not.toContain('\uFFFD')
  })

  it('reports the units each chunk decoded to (what the renderer will acknowledge)', () => {
    const batcher = new OutputBatcher(() => undefined)
    const smile = Buffer.from('😀', 'utf8')
    expect(batcher.push(smile.subarray(0, 3))).toBe(0)
    expect(batcher.push(smile.subarray(3))).toBe(2)
    batcher.discard()
  })

  it('sends the first output at once, then at most one message per interval', async () => {
    vi.useFakeTimers()
    let clock = 0
    const sent: { at: number; data: string }[] = []
    const batcher = new OutputBatcher((data) => sent.push({ at: clock, data }), { intervalMs: 16, maxUnits: 1 << 20 }, () => clock)
    batcher.pushText('a')
    batcher.pushText('b')
    vi.advanceTimersByTime(0)
    expect(sent).toEqual([{ at: 0, data: 'ab' }])
    clock = 3
    batcher.pushText('c')
    clock = 9
    batcher.pushText('d')
    vi.advanceTimersByTime(12)
    expect(sent).toHaveLength(1)
    clock = 16
    vi.advanceTimersByTime(1)
    expect(sent[1]).toEqual({ at: 16, data: 'cd' })
  })

  it('sends early when a batch reaches its size cap', () => {
    const sent: string[] = []
    const batcher = new OutputBatcher((d) => sent.push(d), { intervalMs: 1000, maxUnits: 10 })
    batcher.pushText('12345')
    batcher.pushText('678901')
    expect(sent).toEqual(['12345678901'])
    batcher.discard()
  })

  it('flushes a truncated character as U+FFFD at the end (the stream really was cut)', () => {
    const sent: string[] = []
    const batcher = new OutputBatcher((d) => sent.push(d))
    batcher.push(Buffer.from('x\xe2\x82', 'latin1'))
    batcher.end()
    expect(sent.join('')).toBe('x\uFFFD')
  })
})
