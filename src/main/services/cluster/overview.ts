// A cluster at a glance: the API server's version and each /readyz check, nodes (ready,
// cordoned, pressure, kubelet version), the control plane's pods, pods counted by STATUS,
// workloads short of their desired replicas and the latest Warning events. Each part is read
// on its own, in parallel: one that fails says why and the others still show.
import type { KubeConfig } from '@kubernetes/client-node'
import type { ClusterOverview } from '../../../shared/model/cluster'
import { BUILTIN_KINDS } from '../../../shared/cluster-kinds'
import { listTable } from './list-watch'
import { apiRequest, statusMessage } from './raw'
import { eventLines, type ApiEvent } from './events'

type Item = {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string> }
  spec?: { unschedulable?: boolean; replicas?: number; nodeName?: string }
  status?: Record<string, unknown>
}

async function items(kc: KubeConfig, path: string): Promise<Item[]> {
  const r = await apiRequest(kc, 'GET', path)
  if (r.status !== 200) throw new Error(`${r.status}: ${statusMessage(r)}`)
  return (r.body as { items?: Item[] }).items ?? []
}

/** /readyz?verbose lines: "[+]etcd ok", "[-]etcd failed: reason withheld". */
export function readyzChecks(text: string): { name: string; ok: boolean; detail?: string }[] {
  return text
    .split('\n')
    .map((l) => l.match(/^\[([+-])\]([^\s]+)\s*(.*)$/))
    .filter((m): m is RegExpMatchArray => !!m)
    .map(([, sign, name, rest]) => ({ name, ok: sign === '+', ...(sign === '-' && rest ? { detail: rest.replace(/^failed:?\s*/, '') } : {}) }))
}

const roles = (labels: Record<string, string> = {}) =>
  Object.keys(labels)
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .join(',') || '<none>'

export async function readOverview(kc: KubeConfig): Promise<ClusterOverview> {
  const errors: ClusterOverview['errors'] = []
  const part = async <T>(name: string, read: () => Promise<T>, empty: T): Promise<T> => {
    try {
      return await read()
    } catch (e) {
      errors.push({ part: name, message: (e as Error).message })
      return empty
    }
  }
  const [version, readyz, nodes, controlPlane, pods, workloads, warnings] = await Promise.all([
    part(
      'version',
      async () => {
        const r = await apiRequest(kc, 'GET', '/version')
        if (r.status !== 200) throw new Error(`${r.status}: ${statusMessage(r)}`)
        return (r.body as { gitVersion?: string }).gitVersion ?? ''
      },
      ''
    ),
    part(
      'readyz',
      async () => {
        const r = await apiRequest(kc, 'GET', '/readyz?verbose', undefined, undefined, 'text/plain')
        const checks = readyzChecks(r.text)
        if (!checks.length) throw new Error(`${r.status}: ${r.text.trim().slice(0, 200)}`)
        return { ok: r.status === 200, checks }
      },
      null
    ),
    part(
      'nodes',
      async () =>
        (await items(kc, '/api/v1/nodes')).map((n) => {
          const conditions = (n.status?.conditions ?? []) as { type: string; status: string }[]
          return {
            name: n.metadata?.name ?? '',
            ready: conditions.find((c) => c.type === 'Ready')?.status ?? 'Unknown',
            roles: roles(n.metadata?.labels),
            version: ((n.status?.nodeInfo ?? {}) as { kubeletVersion?: string }).kubeletVersion ?? '',
            cordoned: n.spec?.unschedulable === true,
            pressure: conditions.filter((c) => c.type !== 'Ready' && c.status === 'True').map((c) => c.type)
          }
        }),
      []
    ),
    part(
      'controlPlane',
      async () =>
        (await items(kc, '/api/v1/namespaces/kube-system/pods?labelSelector=tier%3Dcontrol-plane')).map((p) => {
          const statuses = (p.status?.containerStatuses ?? []) as { ready?: boolean; restartCount?: number }[]
          return {
            name: p.metadata?.name ?? '',
            component: p.metadata?.labels?.component ?? '',
            node: p.spec?.nodeName ?? '',
            phase: String(p.status?.phase ?? ''),
            ready: statuses.length > 0 && statuses.every((c) => c.ready),
            restarts: statuses.reduce((n, c) => n + (c.restartCount ?? 0), 0)
          }
        }),
      []
    ),
    part(
      'pods',
      async () => {
        // The pods' STATUS as kubectl prints it, counted; rows only (no objects), page by page.
        const pods = BUILTIN_KINDS.find((k) => k.id === 'pods')!
        const l = await listTable(kc, { kind: pods, objects: 'None' })
        const at = l.columns.findIndex((c) => c.name === 'Status')
        const byStatus: Record<string, number> = {}
        for (const r of l.rows) byStatus[String(r.cells[at])] = (byStatus[String(r.cells[at])] ?? 0) + 1
        return { total: l.rows.length, byStatus }
      },
      null
    ),
    part(
      'workloads',
      async () => {
        const short: ClusterOverview['workloads'] = []
        const [deployments, statefulsets, daemonsets] = await Promise.all([
          items(kc, '/apis/apps/v1/deployments'),
          items(kc, '/apis/apps/v1/statefulsets'),
          items(kc, '/apis/apps/v1/daemonsets')
        ])
        const add = (kind: string, w: Item, ready: number, desired: number) => {
          if (ready < desired) short.push({ kind, namespace: w.metadata?.namespace ?? '', name: w.metadata?.name ?? '', ready, desired })
        }
        for (const w of deployments) add('deployments', w, Number(w.status?.availableReplicas ?? 0), w.spec?.replicas ?? 1)
        for (const w of statefulsets) add('statefulsets', w, Number(w.status?.readyReplicas ?? 0), w.spec?.replicas ?? 1)
        for (const w of daemonsets) add('daemonsets', w, Number(w.status?.numberAvailable ?? 0), Number(w.status?.desiredNumberScheduled ?? 0))
        return short
      },
      []
    ),
    part('warnings', async () => eventLines((await items(kc, '/api/v1/events?fieldSelector=type%3DWarning&limit=500')) as unknown as ApiEvent[]).slice(0, 30), [])
  ])
  return { server: kc.getCurrentCluster()?.server ?? '', version, readyz, nodes, controlPlane, pods, workloads, warnings, errors }
}
