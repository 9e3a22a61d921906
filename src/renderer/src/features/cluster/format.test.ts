import { describe, expect, it } from 'vitest'
import { humanDuration, podRows } from './format'

describe('AGE as kubectl prints it', () => {
  it('follows HumanDuration', () => {
    const s = 1000
    expect(humanDuration(5 * s)).toBe('5s')
    expect(humanDuration(119 * s)).toBe('119s')
    expect(humanDuration(150 * s)).toBe('2m30s')
    expect(humanDuration(600 * s)).toBe('10m')
    expect(humanDuration(3 * 3600 * s + 5 * 60 * s)).toBe('3h5m')
    expect(humanDuration(30 * 3600 * s)).toBe('30h')
    expect(humanDuration(3 * 86400 * s + 4 * 3600 * s)).toBe('3d4h')
    expect(humanDuration(40 * 86400 * s)).toBe('40d')
    expect(humanDuration(3 * 365 * 86400 * s + 10 * 86400 * s)).toBe('3y10d')
  })
})

describe('pod rows', () => {
  const row = (namespace: string, name: string, restarts = 0, created = '2026-12-06T01:00:00Z') => ({
    key: `${namespace}/${name}`,
    namespace,
    name,
    ready: '1/1',
    status: 'Running',
    restarts,
    created,
    node: 'n',
    ip: ''
  })
  const all = [row('b', 'web-10'), row('a', 'web-2', 5), row('a', 'web-10', 1, '2026-12-06T02:00:00Z')]
  it('orders by namespace then name (numbers as numbers), filters, sorts by a column', () => {
    expect(podRows(all, { namespace: '', query: '', sort: null }).map((r) => r.key)).toEqual(['a/web-2', 'a/web-10', 'b/web-10'])
    expect(podRows(all, { namespace: 'a', query: '', sort: null }).map((r) => r.key)).toEqual(['a/web-2', 'a/web-10'])
    expect(podRows(all, { namespace: '', query: 'b/web', sort: null }).map((r) => r.key)).toEqual(['b/web-10'])
    expect(podRows(all, { namespace: '', query: '', sort: { column: 'restarts', desc: true } }).map((r) => r.key)).toEqual(['a/web-2', 'a/web-10', 'b/web-10'])
    // AGE ascending: the youngest first, as the column reads.
    expect(podRows(all, { namespace: '', query: '', sort: { column: 'age', desc: false } })[0].key).toBe('a/web-10')
  })
})
