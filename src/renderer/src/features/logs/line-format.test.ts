import { describe, expect, it } from 'vitest'
import { LineStore } from './line-store'
import { atLeast, compile, prettyJson, severityOf, showTime } from './line-format'

describe('log lines', () => {
  it('reads severity from klog, JSON and words', () => {
    expect(severityOf('E1206 02:00:00.000000 1 x.go:1] boom')).toBe('error')
    expect(severityOf('W1206 02:00:00.000000 1 x.go:1] hmm')).toBe('warn')
    expect(severityOf('{"level":"info","msg":"ok"}')).toBe('info')
    expect(severityOf('2026/12/06 ERROR something failed')).toBe('error')
    expect(severityOf('line 42 from default/web')).toBe('')
    expect(atLeast('warn', 'warn') && atLeast('error', 'warn') && !atLeast('info', 'warn') && atLeast('', '')).toBe(true)
  })

  it('pretty-prints JSON lines only', () => {
    expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}')
    expect(prettyJson('not json')).toBeNull()
  })

  it('shows times in UTC to the microsecond, or local', () => {
    expect(showTime('2026-12-06T02:00:00.123456789Z', 'utc')).toBe('2026-12-06 02:00:00.123456Z')
    expect(showTime('2026-12-06T02:00:00.123456789Z', 'local')).toMatch(/^2026-12-0[56] \d\d:\d\d:00\.123$/)
  })

  it('says why a pattern is not a regular expression', () => {
    expect(compile('a(').error).toBeTruthy()
    expect(compile('err|warn').re?.test('WARN')).toBe(true)
  })

  it('keeps a million lines and releases the oldest past its capacity, counting them', () => {
    const store = new LineStore(1000)
    for (let i = 0; i < 25; i++) store.append(Array.from({ length: 100 }, (_, j) => ({ t: '', s: 0, text: `line ${i * 100 + j}` })))
    expect(store.length).toBeLessThanOrEqual(1000)
    expect(store.dropped + store.length).toBe(2500)
    expect(store.textAt(store.end - 1)).toBe('line 2499')
    expect(store.textAt(store.first)).toBe(`line ${store.dropped}`)
    expect(store.has(0)).toBe(false)
  })
})
