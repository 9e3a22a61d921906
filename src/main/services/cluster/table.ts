// The API server's Table (what kubectl prints) as the window's rows: the cells of the columns
// kubectl shows by default (and a few of its -o wide ones), the object's name, namespace,
// labels and creation time, nothing else — managedFields, annotations and the rest are dropped
// as each row arrives, so 10,000 pods cost rows, not objects.
import type { ResourceColumn, ResourceRow } from '../../../shared/model/cluster'

interface Meta {
  name?: string
  namespace?: string
  creationTimestamp?: string
  deletionTimestamp?: string
  labels?: Record<string, string>
  resourceVersion?: string
}
interface ContainerStatus {
  restartCount?: number
  lastState?: { terminated?: { finishedAt?: string } }
}
export interface ApiTable {
  kind?: string
  columnDefinitions?: (ResourceColumn & { description?: string })[] | null
  rows?: { cells?: unknown[]; object?: { metadata?: Meta; status?: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] } } }[]
  metadata?: { resourceVersion?: string; continue?: string }
}

/** kubectl -o wide columns worth a place by default (pods: where it runs). */
const ALSO_SHOWN: Record<string, string[]> = { pods: ['IP', 'Node'] }

/** Which of the table's columns the rows keep: kubectl's default ones plus those above. */
export function pickColumns(kindId: string, defs: ApiTable['columnDefinitions']): { columns: ResourceColumn[]; indexes: number[] } {
  const columns: ResourceColumn[] = []
  const indexes: number[] = []
  ;(defs ?? []).forEach((d, i) => {
    if (d.priority !== 0 && !(ALSO_SHOWN[kindId] ?? []).includes(d.name)) return
    columns.push({ name: d.name, type: d.type, priority: d.priority, ...(d.format ? { format: d.format } : {}) })
    indexes.push(i)
  })
  return { columns, indexes }
}

/** When a pod's counted containers last restarted: RESTARTS says "5 (2m ago)", the window keeps the "ago" true. */
function lastRestart(status: { containerStatuses?: ContainerStatus[]; initContainerStatuses?: ContainerStatus[] } | undefined): string {
  let last = ''
  for (const c of [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])]) {
    const at = c.restartCount ? (c.lastState?.terminated?.finishedAt ?? '') : ''
    if (at > last) last = at
  }
  return last
}

export const rowKey = (namespace: string, name: string) => `${namespace}/${name}`

export function tableRows(t: ApiTable, indexes: number[]): ResourceRow[] {
  return (t.rows ?? []).map((r) => {
    const m = r.object?.metadata ?? {}
    const cells = indexes.map((i) => {
      const c = r.cells?.[i]
      return typeof c === 'string' || typeof c === 'number' || typeof c === 'boolean' ? c : c == null ? '' : JSON.stringify(c)
    })
    const restarted = r.object?.status ? lastRestart(r.object.status) : ''
    return {
      key: rowKey(m.namespace ?? '', m.name ?? ''),
      namespace: m.namespace ?? '',
      name: m.name ?? '',
      created: m.creationTimestamp ?? '',
      labels: m.labels ?? {},
      cells,
      ...(restarted ? { lastRestart: restarted } : {}),
      ...(m.deletionTimestamp ? { deleting: true } : {})
    }
  })
}
