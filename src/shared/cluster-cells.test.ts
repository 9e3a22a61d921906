import { describe, expect, it } from 'vitest'
import { cellText, humanDuration, visibleRows, type ListView } from './cluster-cells'
import { parseSelector, selects } from './label-selector'
import type { ResourceColumn, ResourceRow } from './model/cluster'

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

describe('list rows', () => {
  const columns: ResourceColumn[] = [
    { name: 'Name', type: 'string', format: 'name', priority: 0 },
    { name: 'Restarts', type: 'string', priority: 0 },
    { name: 'Age', type: 'string', priority: 0 },
    { name: 'Count', type: 'integer', priority: 0 }
  ]
  const row = (namespace: string, name: string, restarts = '0', created = '2026-12-06T01:00:00Z', labels: Record<string, string> = {}, count = 0): ResourceRow => ({
    key: `${namespace}/${name}`,
    namespace,
    name,
    created,
    labels,
    cells: [name, restarts, '9d', count]
  })
  const all = [
    row('b', 'web-10', '0', undefined, { app: 'web' }, 10),
    row('a', 'web-2', '5', undefined, { app: 'db' }, 9),
    row('a', 'web-10', '1', '2026-12-06T02:00:00Z', {}, 100)
  ]
  const view = (v: Partial<ListView>): ListView => ({ namespaces: [], selector: '', query: '', sort: null, ...v })
  const keys = (v: Partial<ListView>) => visibleRows(all, columns, view(v)).map((r) => r.key)
  it('orders by namespace then name (numbers as numbers), filters by namespaces, text and labels', () => {
    expect(keys({})).toEqual(['a/web-2', 'a/web-10', 'b/web-10'])
    expect(keys({ namespaces: ['a'] })).toEqual(['a/web-2', 'a/web-10'])
    expect(keys({ namespaces: ['a', 'b'] })).toHaveLength(3)
    expect(keys({ query: 'b/web' })).toEqual(['b/web-10'])
    expect(keys({ selector: 'app' })).toEqual(['a/web-2', 'b/web-10'])
    expect(keys({ selector: 'app!=db' })).toEqual(['a/web-10', 'b/web-10'])
    expect(keys({ selector: 'app in (web, x)' })).toEqual(['b/web-10'])
    // A selector that cannot be read shows nothing (the field says why) rather than everything.
    expect(keys({ selector: 'app in (' })).toEqual([])
  })
  it('sorts by a column: integers as numbers, AGE youngest first', () => {
    expect(keys({ sort: { column: 3, desc: true } })).toEqual(['a/web-10', 'b/web-10', 'a/web-2'])
    expect(keys({ sort: { column: 2, desc: false } })[0]).toBe('a/web-10')
    expect(keys({ sort: { column: -1, desc: true } })[2]).toMatch(/^a\//)
  })
  it('counts AGE and a restart’s "ago" from now, not from when the server printed them', () => {
    const now = Date.parse('2026-12-06T03:00:00Z')
    const r = { ...row('a', 'p', '5 (2m ago)'), lastRestart: '2026-12-06T02:00:00Z' }
    expect(cellText(columns[2], r, 2, now)).toBe('120m')
    expect(cellText(columns[1], r, 1, now)).toBe('5 (60m ago)')
    expect(cellText(columns[3], r, 3, now)).toBe('0')
  })
})

describe('label selectors as kubectl -l reads them', () => {
  const ok = (text: string) => {
    const s = parseSelector(text)
    if ('error' in s) throw new Error(s.error)
    return s
  }
  it('reads each form and matches as the API server does', () => {
    expect(selects(ok('app=web,tier==front'), { app: 'web', tier: 'front' })).toBe(true)
    expect(selects(ok('app=web'), { app: 'db' })).toBe(false)
    expect(selects(ok('env notin (prod),release'), { release: 'x' })).toBe(true)
    expect(selects(ok('!release'), { release: 'x' })).toBe(false)
    expect(selects(ok(''), {})).toBe(true)
  })
  it('names what it cannot read', () => {
    expect(parseSelector('app=we b')).toEqual({ error: 'unable to parse requirement: "app=we b"' })
    expect(parseSelector('a,,b')).toMatchObject({ error: expect.stringContaining("found ','") })
    expect(parseSelector('$(id)=x')).toMatchObject({ error: expect.stringContaining('invalid label key') })
  })
})
