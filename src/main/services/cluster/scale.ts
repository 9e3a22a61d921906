// Scaling a workload through its /scale subresource, and the HorizontalPodAutoscaler that may
// target it: a manual scale fights an HPA (it sets the replicas back within its sync period), so
// when one targets the workload the scale is refused and its range is what to change instead.
import type { KubeConfig } from '@kubernetes/client-node'
import { apiRequest, statusMessage } from './raw'

/** kubectl's resource names and short names for the workloads that scale. */
const WORKLOADS: Record<string, { resource: string; kind: string }> = {
  deployment: { resource: 'deployments', kind: 'Deployment' },
  deployments: { resource: 'deployments', kind: 'Deployment' },
  deploy: { resource: 'deployments', kind: 'Deployment' },
  statefulset: { resource: 'statefulsets', kind: 'StatefulSet' },
  statefulsets: { resource: 'statefulsets', kind: 'StatefulSet' },
  sts: { resource: 'statefulsets', kind: 'StatefulSet' },
  replicaset: { resource: 'replicasets', kind: 'ReplicaSet' },
  replicasets: { resource: 'replicasets', kind: 'ReplicaSet' },
  rs: { resource: 'replicasets', kind: 'ReplicaSet' }
}

export interface WorkloadRef {
  namespace: string
  resource: string
  kind: string
  name: string
}

/** TYPE/NAME as kubectl takes it (deploy/web, statefulset/db); null when TYPE does not scale. */
export function parseWorkload(ref: string, namespace: string): WorkloadRef | null {
  const slash = ref.indexOf('/')
  if (slash <= 0 || slash === ref.length - 1) return null
  const w =
    WORKLOADS[
      ref
        .slice(0, slash)
        .toLowerCase()
        .replace(/\.apps$/, '')
    ]
  return w ? { namespace, ...w, name: ref.slice(slash + 1) } : null
}

export const scalePath = (w: WorkloadRef) => `/apis/apps/v1/namespaces/${encodeURIComponent(w.namespace)}/${w.resource}/${encodeURIComponent(w.name)}/scale`
export const hpaPath = (namespace: string, name = '') =>
  `/apis/autoscaling/v2/namespaces/${encodeURIComponent(namespace)}/horizontalpodautoscalers${name ? `/${encodeURIComponent(name)}` : ''}`

export async function readReplicas(kc: KubeConfig, w: WorkloadRef): Promise<{ status: number; replicas: number; message: string }> {
  const r = await apiRequest(kc, 'GET', scalePath(w))
  return { status: r.status, replicas: (r.body as { spec?: { replicas?: number } })?.spec?.replicas ?? 0, message: r.status === 200 ? '' : statusMessage(r) }
}

export interface Autoscaler {
  name: string
  minReplicas: number
  maxReplicas: number
  currentReplicas: number
  desiredReplicas: number
  /** Its conditions (AbleToScale, ScalingActive, ScalingLimited) as "Type=Status: message". */
  conditions: string[]
}

/** The HorizontalPodAutoscaler that targets the workload, if any. */
export async function autoscalerOf(kc: KubeConfig, w: WorkloadRef): Promise<Autoscaler | null> {
  const r = await apiRequest(kc, 'GET', hpaPath(w.namespace))
  type Hpa = {
    metadata: { name: string }
    spec: { scaleTargetRef: { kind: string; name: string; apiVersion?: string }; minReplicas?: number; maxReplicas: number }
    status?: { currentReplicas?: number; desiredReplicas?: number; conditions?: { type: string; status: string; message?: string }[] }
  }
  for (const h of (r.body as { items?: Hpa[] })?.items ?? []) {
    const t = h.spec.scaleTargetRef
    if (t.kind !== w.kind || t.name !== w.name) continue
    return {
      name: h.metadata.name,
      minReplicas: h.spec.minReplicas ?? 1,
      maxReplicas: h.spec.maxReplicas,
      currentReplicas: h.status?.currentReplicas ?? 0,
      desiredReplicas: h.status?.desiredReplicas ?? 0,
      conditions: (h.status?.conditions ?? []).map((c) => `${c.type}=${c.status}${c.message ? `: ${c.message}` : ''}`)
    }
  }
  return null
}
