// How a list's rows read, the same in the window and the CLI: kubectl's AGE
// (k8s.io/apimachinery/pkg/util/duration.HumanDuration) counted from the object's creation now,
// not when the server printed it; a pod's "RESTARTS 5 (2m ago)" kept true the same way; and
// the list view: namespaces, label selector and text filter, a sort by any column.
import type { ResourceColumn, ResourceRow } from './model/cluster'
import { parseSelector, selects, type LabelSelector } from './label-selector'

export function humanDuration(ms: number): string {
  const s = Math.floor(ms / 1000)
  if (s < -1) return '<invalid>'
  if (s < 0) return '0s'
  if (s < 120) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`
  if (m < 180) return `${m}m`
  const h = Math.floor(s / 3600)
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`
  if (h < 48) return `${h}h`
  if (h < 24 * 8) return h % 24 === 0 ? `${Math.floor(h / 24)}d` : `${Math.floor(h / 24)}d${h % 24}h`
  if (h < 24 * 365 * 2) return `${Math.floor(h / 24)}d`
  const y = Math.floor(h / 24 / 365)
  if (h < 24 * 365 * 8) return `${y}y${Math.floor(h / 24) % 365}d`
  return `${y}y`
}

/** A cell as kubectl would print it at `now` (other date columns come printed: CRDs' CREATED AT as a timestamp, custom resources' as ages). */
export function cellText(column: ResourceColumn, row: ResourceRow, i: number, now: number): string {
  const v = row.cells[i]
  if (column.name === 'Age' && row.created) return humanDuration(now - Date.parse(row.created))
  if (column.name === 'Restarts' && row.lastRestart && typeof v === 'string') return v.replace(/\(.* ago\)$/, `(${humanDuration(now - Date.parse(row.lastRestart))} ago)`)
  return v === undefined || v === null ? '' : String(v)
}

export interface ListView {
  /** Namespaces to show; empty: all. */
  namespaces: string[]
  /** A label selector as kubectl -l takes it. */
  selector: string
  query: string
  /** A column index, or -1 for the namespace column. */
  sort: { column: number; desc: boolean } | null
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

/** The selector the view asks for, or the reason it cannot be read (shown beside the field). */
export function viewSelector(v: Pick<ListView, 'selector'>): LabelSelector | { error: string } {
  return v.selector.trim() ? parseSelector(v.selector) : { matchLabels: {} }
}

/** The rows the view shows, in its order: kubectl's (namespace, then name) unless a column is sorted. */
export function visibleRows(all: Iterable<ResourceRow>, columns: ResourceColumn[], v: ListView): ResourceRow[] {
  const q = v.query.trim().toLowerCase()
  const ns = v.namespaces.length ? new Set(v.namespaces) : null
  const sel = viewSelector(v)
  const out: ResourceRow[] = []
  for (const r of all) {
    if (ns && !ns.has(r.namespace)) continue
    if ('error' in sel ? true : !selects(sel, r.labels)) continue
    if (q && !`${r.namespace}/${r.name} ${r.cells.join(' ')}`.toLowerCase().includes(q)) continue
    out.push(r)
  }
  const s = v.sort
  const col = s && s.column >= 0 ? columns[s.column] : undefined
  const byAge = col?.name === 'Age'
  const numeric = col?.type === 'integer' || col?.type === 'number'
  const by = (a: ResourceRow, b: ResourceRow): number => {
    if (!s) return collator.compare(a.namespace, b.namespace) || collator.compare(a.name, b.name)
    const d =
      s.column < 0
        ? collator.compare(a.namespace, b.namespace)
        : byAge
          ? b.created.localeCompare(a.created)
          : numeric
            ? Number(a.cells[s.column]) - Number(b.cells[s.column])
            : collator.compare(String(a.cells[s.column] ?? ''), String(b.cells[s.column] ?? ''))
    return (s.desc ? -d : d) || collator.compare(a.key, b.key)
  }
  return out.sort(by)
}
