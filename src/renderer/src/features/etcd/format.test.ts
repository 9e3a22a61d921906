import { describe, expect, it } from 'vitest'
import { formatBytes, shortSha } from './format'

describe('etcd formatting', () => {
  it('formats sizes in binary units', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(40960)).toBe('40 KiB')
    expect(formatBytes(1536)).toBe('1.5 KiB')
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB')
    expect(formatBytes(undefined)).toBe('—')
  })
  it('shortens hashes', () => {
    expect(shortSha('ab'.repeat(32))).toBe('abababababab')
  })
})
