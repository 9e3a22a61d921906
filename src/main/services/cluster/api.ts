// The few API calls day-2 actions make, through client-node's typed clients: a node's pods (all
// pages), cordon, eviction, the disruption budgets that can refuse one. Each error keeps the API
// server's status code and message (kubectl's "Cannot evict pod as it would violate…").
import type { KubeConfig } from '@kubernetes/client-node'
import { clientNode } from '../kube'
import type { DrainPod } from './drain'
import type { LabelSelector } from '../../../shared/label-selector'

/** An API error's status code and the server's message, whatever client-node wrapped it in. */
export function apiStatus(e: unknown): { code: number; message: string } {
  const err = e as { code?: number; statusCode?: number; body?: unknown; message?: string }
  const code = err.code ?? err.statusCode ?? 0
  let message = err.message ?? String(e)
  const body = typeof err.body === 'string' ? safeJson(err.body) : err.body
  if (body && typeof body === 'object' && 'message' in body) message = String((body as { message: unknown }).message)
  return { code: typeof code === 'number' ? code : 0, message }
}

const safeJson = (s: string): unknown => {
  try {
    return JSON.parse(s)
  } catch {
    return undefined
  }
}

/** Every pod on `node` (those `podSelector` selects), paged (500 a page, as kubectl's --chunk-size). */
export async function podsOnNode(kc: KubeConfig, node: string, podSelector?: string): Promise<DrainPod[]> {
  const { CoreV1Api } = await clientNode()
  const core = kc.makeApiClient(CoreV1Api)
  const out: DrainPod[] = []
  let cont: string | undefined
  do {
    const page = await core.listPodForAllNamespaces({ fieldSelector: `spec.nodeName=${node}`, labelSelector: podSelector || undefined, limit: 500, _continue: cont })
    for (const p of page.items) {
      out.push({
        namespace: p.metadata?.namespace ?? '',
        name: p.metadata?.name ?? '',
        uid: p.metadata?.uid ?? '',
        phase: p.status?.phase,
        labels: p.metadata?.labels,
        annotations: p.metadata?.annotations,
        ownerReferences: p.metadata?.ownerReferences?.map((o) => ({ kind: o.kind, name: o.name, controller: o.controller })),
        volumes: p.spec?.volumes?.map((v) => ({ emptyDir: v.emptyDir })),
        deletionTimestamp: p.metadata?.deletionTimestamp ? new Date(p.metadata.deletionTimestamp).toISOString() : undefined
      })
    }
    cont = page.metadata?._continue || undefined
  } while (cont)
  return out
}

/** Marks a node (un)schedulable; answers whether it was already so. */
export async function setUnschedulable(kc: KubeConfig, node: string, unschedulable: boolean): Promise<{ already: boolean }> {
  const { CoreV1Api, setHeaderOptions, PatchStrategy } = await clientNode()
  const core = kc.makeApiClient(CoreV1Api)
  const n = await core.readNode({ name: node })
  if (Boolean(n.spec?.unschedulable) === unschedulable) return { already: true }
  await core.patchNode({ name: node, body: { spec: { unschedulable } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch))
  return { already: false }
}

export async function isUnschedulable(kc: KubeConfig, node: string): Promise<boolean> {
  const { CoreV1Api } = await clientNode()
  return Boolean((await kc.makeApiClient(CoreV1Api).readNode({ name: node })).spec?.unschedulable)
}

/** Asks the API server to evict a pod (policy/v1), which refuses with 429 when a disruption budget would be broken. */
export async function evict(kc: KubeConfig, pod: { namespace: string; name: string }, gracePeriodSeconds?: number): Promise<void> {
  const { CoreV1Api } = await clientNode()
  await kc.makeApiClient(CoreV1Api).createNamespacedPodEviction({
    name: pod.name,
    namespace: pod.namespace,
    body: {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name: pod.name, namespace: pod.namespace },
      ...(gracePeriodSeconds !== undefined && gracePeriodSeconds >= 0 ? { deleteOptions: { gracePeriodSeconds } } : {})
    }
  })
}

/** The pod's uid now, or null when it is gone (a new pod of the same name has another uid). */
export async function podUid(kc: KubeConfig, pod: { namespace: string; name: string }): Promise<string | null> {
  const { CoreV1Api } = await clientNode()
  try {
    return (await kc.makeApiClient(CoreV1Api).readNamespacedPod(pod)).metadata?.uid ?? null
  } catch (e) {
    if (apiStatus(e).code === 404) return null
    throw e
  }
}

export interface Budget {
  namespace: string
  name: string
  selector?: LabelSelector
  disruptionsAllowed: number
  currentHealthy: number
  desiredHealthy: number
  minAvailable?: string | number
  maxUnavailable?: string | number
}

export async function budgets(kc: KubeConfig, namespace: string): Promise<Budget[]> {
  const { PolicyV1Api } = await clientNode()
  const list = await kc.makeApiClient(PolicyV1Api).listNamespacedPodDisruptionBudget({ namespace })
  return list.items.map((b) => ({
    namespace,
    name: b.metadata?.name ?? '',
    selector: b.spec?.selector as LabelSelector | undefined,
    disruptionsAllowed: b.status?.disruptionsAllowed ?? 0,
    currentHealthy: b.status?.currentHealthy ?? 0,
    desiredHealthy: b.status?.desiredHealthy ?? 0,
    minAvailable: b.spec?.minAvailable,
    maxUnavailable: b.spec?.maxUnavailable
  }))
}
