// Which pods and containers a log target means, as kubectl decides: a workload's selector
// (deployment, statefulset, daemonset, replicaset, job, service), the pod kubectl would pick
// for `TYPE/NAME` (its ByLogging order), and each pod's default container (the
// kubectl.kubernetes.io/default-container annotation, else the first).
import type { KubeConfig, V1LabelSelector, V1Pod } from '@kubernetes/client-node'
import { AppError } from '../../../shared/errors'
import { clientNode } from '../kube'
import { t } from '../../../shared/error-messages'

const KINDS: Record<string, string> = {
  deployment: 'deployment',
  deployments: 'deployment',
  deploy: 'deployment',
  'deployment.apps': 'deployment',
  statefulset: 'statefulset',
  statefulsets: 'statefulset',
  sts: 'statefulset',
  'statefulset.apps': 'statefulset',
  daemonset: 'daemonset',
  daemonsets: 'daemonset',
  ds: 'daemonset',
  'daemonset.apps': 'daemonset',
  replicaset: 'replicaset',
  replicasets: 'replicaset',
  rs: 'replicaset',
  'replicaset.apps': 'replicaset',
  job: 'job',
  jobs: 'job',
  'job.batch': 'job',
  service: 'service',
  services: 'service',
  svc: 'service',
  pod: 'pod',
  pods: 'pod',
  po: 'pod'
}

/** `deploy/web` → { kind: 'deployment', name: 'web' }; undefined for a bare pod name. */
export function parseWorkload(ref: string): { kind: string; name: string } | undefined {
  const slash = ref.indexOf('/')
  if (slash < 0) return undefined
  const kind = KINDS[ref.slice(0, slash).toLowerCase()]
  if (!kind) {
    throw new AppError({
      code: 'logs.unknown-kind',
      message: t`error: cannot get the logs from ${ref.slice(0, slash)}: the server doesn't have a resource type "${ref.slice(0, slash)}" with logs`,
      hint: t`Logs come from pods, or from a deployment, statefulset, daemonset, replicaset, job or service (TYPE/NAME).`
    })
  }
  return { kind, name: ref.slice(slash + 1) }
}

/** A LabelSelector as the `labelSelector` query string. */
export function selectorString(s: V1LabelSelector | undefined): string {
  const parts = Object.entries(s?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`)
  for (const e of s?.matchExpressions ?? []) {
    const values = (e.values ?? []).join(',')
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`)
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`)
    else if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
  }
  return parts.join(',')
}

/** The workload's pod selector, as the API has it. */
export async function workloadSelector(kc: KubeConfig, namespace: string, w: { kind: string; name: string }): Promise<string> {
  const { AppsV1Api, BatchV1Api, CoreV1Api } = await clientNode()
  const apps = kc.makeApiClient(AppsV1Api)
  const args = { namespace, name: w.name }
  let selector: V1LabelSelector | undefined
  switch (w.kind) {
    case 'deployment':
      selector = (await apps.readNamespacedDeployment(args)).spec?.selector
      break
    case 'statefulset':
      selector = (await apps.readNamespacedStatefulSet(args)).spec?.selector
      break
    case 'daemonset':
      selector = (await apps.readNamespacedDaemonSet(args)).spec?.selector
      break
    case 'replicaset':
      selector = (await apps.readNamespacedReplicaSet(args)).spec?.selector
      break
    case 'job':
      selector = (await kc.makeApiClient(BatchV1Api).readNamespacedJob(args)).spec?.selector
      break
    case 'service': {
      const svc = await kc.makeApiClient(CoreV1Api).readNamespacedService(args)
      selector = { matchLabels: svc.spec?.selector ?? {} }
      break
    }
  }
  const s = selectorString(selector)
  if (!s) throw new AppError({ code: 'logs.no-selector', message: t`${w.kind}/${w.name} selects no pods (its selector is empty).` })
  return s
}

const isReady = (p: V1Pod) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false
const readyTime = (p: V1Pod) => {
  const t = p.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime
  return t ? new Date(t).getTime() : 0
}
const maxRestarts = (p: V1Pod) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c) => c.restartCount))
const PHASE: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 }

/** kubectl's ByLogging: the pod whose logs are most worth reading first (assigned, running, ready longest, most restarts, oldest). */
export function byLogging(a: V1Pod, b: V1Pod): number {
  const an = a.spec?.nodeName ?? ''
  const bn = b.spec?.nodeName ?? ''
  if (an !== bn && (!an || !bn)) return an ? -1 : 1
  const ap = PHASE[a.status?.phase ?? ''] ?? 0
  const bp = PHASE[b.status?.phase ?? ''] ?? 0
  if (ap !== bp) return ap - bp
  if (isReady(a) !== isReady(b)) return isReady(a) ? -1 : 1
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) {
    if (!readyTime(a) || !readyTime(b)) return readyTime(a) ? 1 : -1
    return readyTime(a) - readyTime(b)
  }
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a)
  const ac = a.metadata?.creationTimestamp ? new Date(a.metadata.creationTimestamp).getTime() : 0
  const bc = b.metadata?.creationTimestamp ? new Date(b.metadata.creationTimestamp).getTime() : 0
  return ac - bc
}

export interface PodContainers {
  pod: string
  node?: string
  /** All containers: init, regular, ephemeral (in that order, as kubectl --all-containers reads them). */
  all: string[]
  /** What kubectl reads without -c. */
  defaultContainer: string
  /** `Defaulted container "a" out of: a, b, init (init)` when there is more than one, as kubectl says it on stderr. */
  defaultedNote?: string
}

export function containersOf(p: V1Pod): PodContainers {
  const init = (p.spec?.initContainers ?? []).map((c) => c.name)
  const main = (p.spec?.containers ?? []).map((c) => c.name)
  const eph = (p.spec?.ephemeralContainers ?? []).map((c) => c.name)
  const annotated = p.metadata?.annotations?.['kubectl.kubernetes.io/default-container']
  const defaultContainer = annotated && main.includes(annotated) ? annotated : main[0]
  const list = [...main, ...init.map((n) => `${n} (init)`), ...eph.map((n) => `${n} (ephem)`)]
  return {
    pod: p.metadata!.name!,
    node: p.spec?.nodeName,
    all: [...init, ...main, ...eph],
    defaultContainer,
    defaultedNote: !annotated && list.length > 1 ? `Defaulted container "${defaultContainer}" out of: ${list.join(', ')}` : undefined
  }
}

/** Whether a container runs now, ended, or its pod is gone (what a dropped follow should do). */
export async function containerNow(kc: KubeConfig, namespace: string, pod: string, container: string): Promise<'running' | 'terminated' | 'gone'> {
  const { CoreV1Api } = await clientNode()
  let p: V1Pod
  try {
    p = await kc.makeApiClient(CoreV1Api).readNamespacedPod({ namespace, name: pod })
  } catch (e) {
    if ((e as { code?: number }).code === 404) return 'gone'
    throw e
  }
  if (p.metadata?.deletionTimestamp) return 'gone'
  const all = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? []), ...(p.status?.ephemeralContainerStatuses ?? [])]
  const s = all.find((c) => c.name === container)
  return s?.state?.terminated && !s.state.running ? 'terminated' : 'running'
}
