// The context list as rows: filtered by the search and the favourites toggle, grouped by the
// file that defines them (in merge order, as kubectl reads them) or flat, and ordered. Pure, so
// that it is tested without a browser and memoised on (overview, options) by the page.
import type { ContextEntry, ContextRef, KubeconfigOverview, KubeconfigSource } from '@shared/model/kubeconfig'
import { highlightFields, queryTokens, scoreFields, searchField, type SearchField } from './fuzzy'

export type MatchField = 'name' | 'cluster' | 'user' | 'namespace' | 'server' | 'file'

export type ContextRow =
  | { kind: 'source'; key: string; source: KubeconfigSource; shown: number; collapsed: boolean }
  | { kind: 'context'; key: string; entry: ContextEntry }

/** Columns a person can sort the list by (a header click). */
export type SortColumn = 'name' | 'cluster' | 'user' | 'namespace' | 'server' | 'diagnostics' | 'file'
export interface ContextSort {
  column: SortColumn
  desc: boolean
}

export interface RowOptions {
  query: string
  groupByFile: boolean
  favouritesOnly: boolean
  /** Source paths whose groups are collapsed. */
  collapsed: ReadonlySet<string>
  /** A column the person sorted by: it wins over favourites-first and the search score. */
  sort?: ContextSort | null
}

const SEVERITY = { error: 2, warning: 1, info: 0 } as const
/** Worst diagnostic first, then how many: a context with an error sorts above one with warnings. */
const diagnosticWeight = (e: ContextEntry) => e.diagnostics.reduce((w, d) => Math.max(w, SEVERITY[d.severity] * 1000), 0) + e.diagnostics.length
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** The order of a sorted column (ties by name, so the order is stable). */
export function sortOrder(sort: ContextSort): (a: ContextEntry, b: ContextEntry) => number {
  const dir = sort.desc ? -1 : 1
  const column = sort.column
  const by =
    column === 'diagnostics' ? (a: ContextEntry, b: ContextEntry) => diagnosticWeight(a) - diagnosticWeight(b) : (a: ContextEntry, b: ContextEntry) => collator.compare(a[column], b[column])
  return (a, b) => dir * by(a, b) || byName(a, b)
}

export interface RowResult {
  rows: ContextRow[]
  /** Contexts that pass the search and filters (collapsed ones included). */
  matched: number
  /** Those contexts in overview order: what a longer query needs to search (see `within`). */
  entries: ContextEntry[]
}

export function contextKey(ref: ContextRef): string {
  return `${ref.file}\u0000${ref.name}`
}

export function sameContext(a: ContextRef | null | undefined, b: ContextRef | null | undefined): boolean {
  return !!a && !!b && a.file === b.file && a.name === b.name
}

// Lower-cased fields per entry, made once: an overview's entries are immutable, so every
// keystroke after the first searches without allocating a string per field.
const prepared = new WeakMap<ContextEntry, SearchField<MatchField>[]>()

function fieldsOf(entry: ContextEntry): SearchField<MatchField>[] {
  let fields = prepared.get(entry)
  if (!fields) {
    fields = [
      searchField('name', entry.name, 1, true),
      searchField('cluster', entry.cluster, 0.7, false),
      searchField('namespace', entry.namespace, 0.7, false),
      searchField('user', entry.user, 0.5, false),
      searchField('server', entry.server, 0.5, false),
      searchField('file', entry.file, 0.3, false)
    ]
    prepared.set(entry, fields)
  }
  return fields
}

export function scoreContext(entry: ContextEntry, tokens: readonly string[]): number | null {
  return scoreFields(tokens, fieldsOf(entry))
}

/** The characters to mark in each column of a row on screen (the list only scores). */
export function highlightContext(entry: ContextEntry, tokens: readonly string[]): Partial<Record<MatchField, number[]>> {
  return tokens.length === 0 ? {} : highlightFields(tokens, fieldsOf(entry))
}

const byName = (a: ContextEntry, b: ContextEntry) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)

/**
 * `within`: the entries an earlier, shorter query matched (same contexts and filters). Typing
 * only narrows (every match of "prod-e" matches "prod"), so each keystroke searches what the
 * previous one found instead of all 10,000.
 */
export function buildRows(overview: Pick<KubeconfigOverview, 'contexts' | 'sources'>, opts: RowOptions, within?: readonly ContextEntry[]): RowResult {
  const tokens = queryTokens(opts.query)
  const searching = tokens.length > 0
  type Hit = { entry: ContextEntry; score: number }
  const hits: Hit[] = []
  for (const entry of within ?? overview.contexts) {
    if (opts.favouritesOnly && !entry.favourite) continue
    if (!searching) {
      hits.push({ entry, score: 0 })
      continue
    }
    const score = scoreContext(entry, tokens)
    if (score !== null) hits.push({ entry, score })
  }
  const sorted = opts.sort ? sortOrder(opts.sort) : null
  const order = sorted
    ? (a: Hit, b: Hit) => sorted(a.entry, b.entry)
    : searching
      ? (a: Hit, b: Hit) => b.score - a.score || byName(a.entry, b.entry)
      : (a: Hit, b: Hit) => Number(b.entry.favourite) - Number(a.entry.favourite) || byName(a.entry, b.entry)

  const toRow = (h: Hit): ContextRow => ({ kind: 'context', key: contextKey(h.entry), entry: h.entry })
  const entries = hits.map((h) => h.entry)

  if (!opts.groupByFile) {
    return { rows: hits.sort(order).map(toRow), matched: hits.length, entries }
  }

  // Group in merge order; keep each file's own order unless searching (then best first).
  const groups = new Map<string, Hit[]>()
  for (const s of overview.sources) groups.set(s.path, [])
  for (const h of hits) {
    let g = groups.get(h.entry.file)
    if (!g) groups.set(h.entry.file, (g = []))
    g.push(h)
  }
  const sourceOf = new Map(overview.sources.map((s) => [s.path, s]))
  const rows: ContextRow[] = []
  for (const [path, group] of groups) {
    // While searching or filtering, a file without hits is noise; otherwise show every source,
    // so empty, missing and broken files are visible where they sit in the merge order.
    if (group.length === 0 && (searching || opts.favouritesOnly)) continue
    const source: KubeconfigSource = sourceOf.get(path) ?? {
      path,
      origin: group[0]?.entry.origin ?? 'KUBECONFIG',
      exists: true,
      contextCount: group.length
    }
    const collapsed = opts.collapsed.has(path)
    rows.push({ kind: 'source', key: `source\u0000${path}`, source, shown: group.length, collapsed })
    if (collapsed) continue
    if (searching || sorted) group.sort(order)
    for (const h of group) rows.push(toRow(h))
  }
  return { rows, matched: hits.length, entries }
}

/** Whether `query` can only match a subset of what `earlier` matched (it extends it). */
export function narrows(query: string, earlier: string): boolean {
  return earlier.trim() !== '' && query.toLowerCase().startsWith(earlier.toLowerCase())
}

const sortedByName = new WeakMap<readonly ContextEntry[], ContextEntry[]>()

function byNameOnce(contexts: readonly ContextEntry[]): ContextEntry[] {
  let sorted = sortedByName.get(contexts)
  if (!sorted) sortedByName.set(contexts, (sorted = [...contexts].sort(byName)))
  return sorted
}

/**
 * The quick switcher's order: with no query, recents first (most recent first), then
 * favourites, then everything else by name; with a query, by score with a nudge for recents
 * and favourites so that the context you use wins a tie.
 */
export function switcherEntries(overview: KubeconfigOverview, query: string, limit = 200): ContextEntry[] {
  const recentRank = new Map(overview.recents.map((r, i) => [contextKey(r), i]))
  const tokens = queryTokens(query)
  const rankOf = (e: ContextEntry) => (recentRank.size === 0 ? Infinity : (recentRank.get(contextKey(e)) ?? Infinity))
  if (tokens.length === 0) {
    // Recents and favourites are few: pick them out, then fill up with the rest by name
    // (sorted once per overview: the switcher opens on every switch).
    const recent = overview.contexts.filter((e) => rankOf(e) !== Infinity).sort((a, b) => rankOf(a) - rankOf(b))
    const head = [...recent, ...byNameOnce(overview.contexts).filter((e) => e.favourite && rankOf(e) === Infinity)]
    const out = head.slice(0, limit)
    for (const e of byNameOnce(overview.contexts)) {
      if (out.length >= limit) break
      if (!e.favourite && rankOf(e) === Infinity) out.push(e)
    }
    return out
  }
  const scored: { entry: ContextEntry; score: number }[] = []
  for (const entry of overview.contexts) {
    const score = scoreContext(entry, tokens)
    if (score === null) continue
    const rank = rankOf(entry)
    const nudge = (rank === Infinity ? 0 : 12 - Math.min(rank, 10)) + (entry.favourite ? 6 : 0) - (entry.shadowedBy ? 10 : 0)
    scored.push({ entry, score: score + nudge })
  }
  scored.sort((a, b) => b.score - a.score || byName(a.entry, b.entry))
  return scored.slice(0, limit).map((s) => s.entry)
}
