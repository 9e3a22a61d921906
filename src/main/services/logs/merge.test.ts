import { describe, expect, it } from 'vitest'
import type { LogLine } from '../../../shared/model/logs'
import { LineMerger } from './merge'
import { splitTimestamp, timeKey, toSecond } from './timestamps'

const at = (s: number, t: string, text = t) => ({ s, t, text })

describe('timestamps', () => {
  it('compares to the nanosecond whatever the fraction length', () => {
    expect(timeKey('2026-12-06T02:00:00.1Z') < timeKey('2026-12-06T02:00:00.100000001Z')).toBe(true)
    expect(timeKey('2026-12-06T02:00:00Z')).toBe('2026-12-06T02:00:00.000000000')
    expect(timeKey('not a time')).toBe('')
    expect(toSecond('2026-12-06T02:00:07.999999999Z')).toBe('2026-12-06T02:00:07Z')
    expect(splitTimestamp('2026-12-06T02:00:00.5Z hello world')).toEqual({ t: '2026-12-06T02:00:00.5Z', text: 'hello world' })
    expect(splitTimestamp('no time here')).toEqual({ t: '', text: 'no time here' })
  })
})

describe('LineMerger', () => {
  it('merges sources in timestamp order, ties in source order', () => {
    const out: LogLine[] = []
    const m = new LineMerger((l) => out.push(...l), Infinity)
    m.add(0)
    m.add(1)
    m.push(0, [at(0, '2026-01-01T00:00:01Z'), at(0, '2026-01-01T00:00:03Z')])
    expect(out).toEqual([]) // source 1 has said nothing yet: it may have older lines
    m.push(1, [at(1, '2026-01-01T00:00:01Z'), at(1, '2026-01-01T00:00:02Z')])
    m.end(1)
    m.end(0)
    expect(out.map((l) => `${l.s}@${l.t.slice(17, 19)}`)).toEqual(['0@01', '1@01', '1@02', '0@03'])
  })

  it('when following, a quiet source stops holding the others back after holdMs', () => {
    let now = 0
    const out: LogLine[] = []
    const m = new LineMerger(
      (l) => out.push(...l),
      500,
      () => now
    )
    m.connected(0)
    m.connected(1)
    m.push(0, [at(0, '2026-01-01T00:00:01Z')])
    expect(out).toHaveLength(0)
    now = 600
    m.drain(false)
    expect(out).toHaveLength(1)
    // A source not answering yet holds the others however long it takes.
    m.add(2)
    m.push(0, [at(0, '2026-01-01T00:00:05Z')])
    now = 5000
    m.drain(false)
    expect(out).toHaveLength(1)
    m.push(2, [at(2, '2026-01-01T00:00:04Z')])
    now = 6000
    m.drain(false)
    expect(out.map((l) => l.s)).toEqual([0, 2, 0])
  })
})
