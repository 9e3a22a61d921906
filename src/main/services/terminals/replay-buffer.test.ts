import { describe, expect, it } from 'vitest'
import { ReplayBuffer } from './replay-buffer'

describe('ReplayBuffer', () => {
  it('keeps everything while under capacity', () => {
    const r = new ReplayBuffer(100)
    r.add('$ ls\r\n')
    r.add('a b c\r\n$ ')
    expect(r.text()).toBe('$ ls\r\na b c\r\n$ ')
  })

  it('keeps the latest output and starts it at a line boundary once older output was dropped', () => {
    const r = new ReplayBuffer(20)
    for (let i = 0; i < 10; i++) r.add(`line ${i}\r\n`)
    const text = r.text()
    expect(text.length).toBeLessThanOrEqual(20)
    expect(text.endsWith('line 9\r\n')).toBe(true)
    expect(text.startsWith('line ')).toBe(true)
  })

  it('cuts one oversized chunk to capacity', () => {
    const r = new ReplayBuffer(10)
    r.add('x'.repeat(50) + '\nabc')
    expect(r.text()).toBe('abc')
  })
})
