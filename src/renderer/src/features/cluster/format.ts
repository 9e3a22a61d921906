// kubectl's AGE column (k8s.io/apimachinery/pkg/util/duration.HumanDuration) and the rows of
// the pods table: filtered by namespace and text, sorted by a column.
import type { PodRow } from '@shared/model/cluster'

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

export type PodColumn = 'namespace' | 'name' | 'ready' | 'status' | 'restarts' | 'age' | 'ip' | 'node'
export interface PodView {
  namespace: string
  query: string
  sort: { column: PodColumn; desc: boolean } | null
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' })

export function podRows(all: Iterable<PodRow>, v: PodView): PodRow[] {
  const q = v.query.trim().toLowerCase()
  const out: PodRow[] = []
  for (const r of all) {
    if (v.namespace && r.namespace !== v.namespace) continue
    if (q && !`${r.namespace}/${r.name} ${r.status} ${r.node} ${r.ip}`.toLowerCase().includes(q)) continue
    out.push(r)
  }
  const s = v.sort
  // kubectl's order by default: namespace, then name.
  const by = (a: PodRow, b: PodRow): number => {
    if (!s) return collator.compare(a.namespace, b.namespace) || collator.compare(a.name, b.name)
    const d =
      s.column === 'restarts' ? a.restarts - b.restarts : s.column === 'age' ? b.created.localeCompare(a.created) : collator.compare(String(a[s.column]), String(b[s.column]))
    return (s.desc ? -d : d) || collator.compare(a.key, b.key)
  }
  return out.sort(by)
}
