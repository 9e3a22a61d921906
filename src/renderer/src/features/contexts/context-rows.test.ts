import { describe, expect, it } from 'vitest'
import type { ContextEntry, KubeconfigOverview } from '@shared/model/kubeconfig'
import { buildRows, contextKey, highlightContext, narrows, switcherEntries, type ContextRow } from './context-rows'

const entry = (file: string, name: string, extra: Partial<ContextEntry> = {}): ContextEntry => ({
  file,
  name,
  cluster: `${name}-cluster`,
  user: `${name}-admin`,
  namespace: '',
  server: `https://${name}.example:6443`,
  current: false,
  origin: 'KUBECONFIG',
  diagnostics: [],
  favourite: false,
  ...extra
})

const overview = (): KubeconfigOverview => ({
  revision: 1,
  sources: [
    { path: '/k/a', origin: 'KUBECONFIG', exists: true, contextCount: 3 },
    { path: '/k/missing', origin: 'KUBECONFIG', exists: false, contextCount: 0 },
    { path: '/k/b', origin: 'KUBECONFIG', exists: true, contextCount: 2 }
  ],
  contexts: [
    entry('/k/a', 'zeta'),
    entry('/k/a', 'prod-eu', { favourite: true }),
    entry('/k/a', 'dev'),
    entry('/k/b', 'dev', { shadowedBy: '/k/a' }),
    entry('/k/b', 'staging', { namespace: 'payments' })
  ],
  active: { file: '/k/a', name: 'dev' },
  previous: { file: '/k/b', name: 'staging' },
  recents: [
    { file: '/k/a', name: 'dev' },
    { file: '/k/b', name: 'staging' }
  ],
  folders: []
})

const names = (rows: ContextRow[]) => rows.map((r) => (r.kind === 'source' ? `[${r.source.path}]` : `${r.entry.name}@${r.entry.file}`))
const opts = { query: '', groupByFile: true, favouritesOnly: false, collapsed: new Set<string>() }

describe('buildRows', () => {
  it('groups by file in merge order, keeps each file’s order, and shows missing files and shadowed duplicates', () => {
    const r = buildRows(overview(), opts)
    expect(names(r.rows)).toEqual(['[/k/a]', 'zeta@/k/a', 'prod-eu@/k/a', 'dev@/k/a', '[/k/missing]', '[/k/b]', 'dev@/k/b', 'staging@/k/b'])
    expect(r.matched).toBe(5)
  })

  it('flat: favourites first, then by name; both dev contexts stay', () => {
    const r = buildRows(overview(), { ...opts, groupByFile: false })
    expect(names(r.rows)).toEqual(['prod-eu@/k/a', 'dev@/k/a', 'dev@/k/b', 'staging@/k/b', 'zeta@/k/a'])
  })

  it('sorts by a column the person chose, either way, ties by name, within each file when grouped', () => {
    const o = overview()
    o.contexts[0] = entry('/k/a', 'zeta', { namespace: 'a-ns', diagnostics: [{ kind: 'file-missing', severity: 'warning' } as never] })
    o.contexts[4] = entry('/k/b', 'staging', { namespace: 'payments', diagnostics: [{ kind: 'x', severity: 'error' } as never, { kind: 'y', severity: 'info' } as never] })
    const flat = { ...opts, groupByFile: false }
    expect(names(buildRows(o, { ...flat, sort: { column: 'namespace', desc: false } }).rows)).toEqual(['dev@/k/a', 'dev@/k/b', 'prod-eu@/k/a', 'zeta@/k/a', 'staging@/k/b'])
    expect(names(buildRows(o, { ...flat, sort: { column: 'namespace', desc: true } }).rows)).toEqual(['staging@/k/b', 'zeta@/k/a', 'dev@/k/a', 'dev@/k/b', 'prod-eu@/k/a'])
    // Diagnostics: the worst first when descending (an error above a warning above none).
    expect(names(buildRows(o, { ...flat, sort: { column: 'diagnostics', desc: true } }).rows).slice(0, 2)).toEqual(['staging@/k/b', 'zeta@/k/a'])
    // Grouped: files keep their merge order; each file's contexts follow the column.
    expect(names(buildRows(o, { ...opts, sort: { column: 'name', desc: true } }).rows)).toEqual(['[/k/a]', 'zeta@/k/a', 'prod-eu@/k/a', 'dev@/k/a', '[/k/missing]', '[/k/b]', 'staging@/k/b', 'dev@/k/b'])
    // A search keeps the chosen order over its score.
    expect(names(buildRows(o, { ...flat, query: 'e', sort: { column: 'name', desc: false } }).rows)[0]).toBe('dev@/k/a')
  })

  it('searches fuzzily in names and by substring in other fields; drops files without hits', () => {
    expect(names(buildRows(overview(), { ...opts, query: 'pe' }).rows)).toEqual(['[/k/a]', 'prod-eu@/k/a'])
    expect(names(buildRows(overview(), { ...opts, query: 'payments' }).rows)).toEqual(['[/k/b]', 'staging@/k/b'])
    const none = buildRows(overview(), { ...opts, query: 'nothing-like-this' })
    expect(none.rows).toEqual([])
    expect(none.matched).toBe(0)
  })

  it('filters favourites and collapses groups while counting what matched', () => {
    expect(names(buildRows(overview(), { ...opts, favouritesOnly: true }).rows)).toEqual(['[/k/a]', 'prod-eu@/k/a'])
    const collapsed = buildRows(overview(), { ...opts, collapsed: new Set(['/k/a']) })
    expect(names(collapsed.rows)).toEqual(['[/k/a]', '[/k/missing]', '[/k/b]', 'dev@/k/b', 'staging@/k/b'])
    expect(collapsed.matched).toBe(5)
    const head = collapsed.rows[0]
    expect(head.kind === 'source' && head.collapsed && head.shown).toBe(3)
  })

  it('gives every row a distinct key, even for same-named contexts in two files', () => {
    const keys = buildRows(overview(), opts).rows.map((r) => r.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(contextKey({ file: '/k/a', name: 'dev' })).not.toBe(contextKey({ file: '/k/b', name: 'dev' }))
  })
})

describe('narrowing searches', () => {
  it('gives the same rows searching within the previous matches as searching everything', () => {
    const o = overview()
    let within = buildRows(o, { ...opts, query: 'd' }).entries
    for (const q of ['de', 'dev', 'dev ', 'dev k/b']) {
      expect(narrows(q, q.slice(0, -1))).toBe(true)
      const full = buildRows(o, { ...opts, query: q })
      const narrowed = buildRows(o, { ...opts, query: q }, within)
      expect(names(narrowed.rows)).toEqual(names(full.rows))
      within = narrowed.entries
    }
    expect(names(buildRows(o, { ...opts, query: 'dev k/b' }).rows)).toEqual(['[/k/b]', 'dev@/k/b'])
  })

  it('knows which queries narrow', () => {
    expect(narrows('prod-e', 'prod')).toBe(true)
    expect(narrows('Prod', 'pro')).toBe(true)
    expect(narrows('prod', 'prod-e')).toBe(false)
    expect(narrows('xprod', 'prod')).toBe(false)
    expect(narrows('anything', '')).toBe(false)
  })
})

describe('highlightContext', () => {
  it('marks, per token, the characters of the field that matched best', () => {
    const e = entry('/k/a', 'prod-eu', { namespace: 'payments' })
    expect(highlightContext(e, ['pe', 'pay'])).toEqual({ name: [0, 5], namespace: [0, 1, 2] })
    expect(highlightContext(e, [])).toEqual({})
  })
})

describe('switcherEntries', () => {
  const label = (xs: ContextEntry[]) => xs.map((x) => `${x.name}@${x.file}`)
  it('lists recents first (most recent first), then favourites, then by name', () => {
    expect(label(switcherEntries(overview(), ''))).toEqual(['dev@/k/a', 'staging@/k/b', 'prod-eu@/k/a', 'dev@/k/b', 'zeta@/k/a'])
  })
  it('ranks by match, and a recent wins over a shadowed twin', () => {
    expect(label(switcherEntries(overview(), 'dev'))).toEqual(['dev@/k/a', 'dev@/k/b'])
    expect(label(switcherEntries(overview(), 'stg'))[0]).toBe('staging@/k/b')
  })
  it('stops at the limit', () => {
    expect(switcherEntries(overview(), '', 2)).toHaveLength(2)
  })
})
