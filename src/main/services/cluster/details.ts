// One object, for its details panel: its fields in readable form (the ones an admin reads
// first, per kind), its events, the objects related to it (owner, pods, endpoints, node,
// autoscaler) and its YAML without managedFields. A Secret's values never leave this process:
// its YAML and fields carry each key with its size only.
import type { KubeConfig } from '@kubernetes/client-node'
import { stringify } from 'yaml'
import { BUILTIN_KINDS, collectionPath, objectPath, type KindInfo } from '../../../shared/cluster-kinds'
import type { ObjectDetails, RelatedObject } from '../../../shared/model/cluster'
import { selectorText, type LabelSelector } from '../../../shared/label-selector'
import { apiRequest, statusMessage } from './raw'
import { eventLines, type ApiEvent } from './events'

export type ApiObject = {
  apiVersion?: string
  kind?: string
  metadata?: {
    name?: string
    namespace?: string
    uid?: string
    resourceVersion?: string
    creationTimestamp?: string
    deletionTimestamp?: string
    deletionGracePeriodSeconds?: number
    labels?: Record<string, string>
    annotations?: Record<string, string>
    finalizers?: string[]
    ownerReferences?: { kind: string; name: string; apiVersion?: string; controller?: boolean }[]
    managedFields?: unknown
  }
  spec?: Record<string, unknown>
  status?: Record<string, unknown>
  data?: Record<string, string>
  binaryData?: Record<string, string>
  type?: string
}

export class NotFound extends Error {}

export async function readObject(kc: KubeConfig, kind: KindInfo, namespace: string, name: string): Promise<ApiObject> {
  const r = await apiRequest(kc, 'GET', objectPath(kind, namespace, name))
  if (r.status === 404) throw new NotFound(statusMessage(r))
  if (r.status !== 200) throw new Error(`${r.status}: ${statusMessage(r)}`)
  return r.body as ApiObject
}

/** The object as `kubectl get -o yaml` shows it, less managedFields; a Secret's values become their sizes. */
export function objectForView(o: ApiObject): ApiObject {
  const meta = { ...o.metadata }
  delete meta.managedFields
  const out: ApiObject = { ...o, metadata: meta }
  if (o.kind === 'Secret') {
    out.data = Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, `<${Buffer.from(v, 'base64').length} bytes, not shown>`]))
    delete (out as { stringData?: unknown }).stringData
    if (meta.annotations?.['kubectl.kubernetes.io/last-applied-configuration']) {
      // The last applied configuration of a Secret holds its values as they were applied.
      meta.annotations = { ...meta.annotations, 'kubectl.kubernetes.io/last-applied-configuration': '<not shown: holds the values>' }
    }
  }
  return out
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v))
const get = (o: unknown, ...path: string[]): unknown => path.reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Record<string, unknown>)[k] : undefined), o)
const labelsText = (l: Record<string, string> | undefined) =>
  Object.entries(l ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(', ')

/** What an admin reads first about the object, per kind (kubectl describe's first lines). */
function kindFields(kind: KindInfo, o: ApiObject): [string, string][] {
  const s = o.spec ?? {}
  const st = o.status ?? {}
  const containers = (get(s, 'template', 'spec', 'containers') ?? get(s, 'containers')) as { name: string; image: string }[] | undefined
  const images = (containers ?? []).map((c) => `${c.name}: ${c.image}`).join(', ')
  switch (kind.id) {
    case 'pods': {
      const statuses = (st.containerStatuses ?? []) as { name: string; restartCount?: number; state?: Record<string, { reason?: string }> }[]
      return [
        ['Node', str(s.nodeName)],
        ['IP', str(st.podIP)],
        ['Phase', str(st.phase)],
        ['QoS class', str(st.qosClass)],
        ['Containers', images],
        ...statuses.map((c): [string, string] => {
          const [state, detail] = Object.entries(c.state ?? {})[0] ?? ['', {}]
          return [`Container ${c.name}`, `${state}${detail?.reason ? ` (${detail.reason})` : ''}, ${c.restartCount ?? 0} restarts`]
        })
      ]
    }
    case 'deployments':
    case 'statefulsets':
    case 'replicasets':
      return [
        ['Replicas', `${str(s.replicas ?? 1)} desired, ${str(st.readyReplicas ?? 0)} ready, ${str(st.availableReplicas ?? 0)} available`],
        ['Selector', selectorText(s.selector as LabelSelector)],
        ['Images', images],
        ...(kind.id === 'deployments' ? [['Strategy', str(get(s, 'strategy', 'type'))] as [string, string]] : [])
      ]
    case 'daemonsets':
      return [
        ['Pods', `${str(st.desiredNumberScheduled ?? 0)} desired, ${str(st.numberReady ?? 0)} ready`],
        ['Selector', selectorText(s.selector as LabelSelector)],
        ['Images', images]
      ]
    case 'services':
      return [
        ['Type', str(s.type)],
        ['Cluster IP', str(s.clusterIP)],
        [
          'Ports',
          ((s.ports ?? []) as { port: number; protocol?: string; targetPort?: unknown; name?: string }[])
            .map((p) => `${p.name ? `${p.name} ` : ''}${p.port}/${p.protocol ?? 'TCP'} → ${str(p.targetPort)}`)
            .join(', ')
        ],
        ['Selector', labelsText(s.selector as Record<string, string>) || '<none>']
      ]
    case 'nodes': {
      const info = (st.nodeInfo ?? {}) as Record<string, string>
      const addresses = ((st.addresses ?? []) as { type: string; address: string }[]).map((a) => `${a.type} ${a.address}`).join(', ')
      return [
        ['Addresses', addresses],
        ['Kubelet', str(info.kubeletVersion)],
        ['Runtime', str(info.containerRuntimeVersion)],
        ['OS', `${str(info.osImage)} (${str(info.kernelVersion)})`],
        ['Unschedulable', str(s.unschedulable ?? false)],
        ['Taints', ((s.taints ?? []) as { key: string; value?: string; effect: string }[]).map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ') || '<none>']
      ]
    }
    case 'horizontalpodautoscalers': {
      const ref = (s.scaleTargetRef ?? {}) as { kind?: string; name?: string }
      const cpu = ((s.metrics ?? []) as { resource?: { name?: string; target?: { averageUtilization?: number } } }[]).find((m) => m.resource?.name === 'cpu')
      return [
        ['Target', `${str(ref.kind)}/${str(ref.name)}`],
        ['Range', `${str(s.minReplicas ?? 1)}–${str(s.maxReplicas)} replicas`],
        ['CPU target', cpu?.resource?.target?.averageUtilization !== undefined ? `${cpu.resource.target.averageUtilization}%` : '<none>'],
        ['Replicas', `${str(st.currentReplicas ?? 0)} now, ${str(st.desiredReplicas ?? 0)} desired`]
      ]
    }
    case 'namespaces':
      return [['Phase', str(st.phase)]]
    case 'configmaps':
      return [['Keys', [...Object.keys(o.data ?? {}), ...Object.keys(o.binaryData ?? {})].join(', ') || '<none>']]
    case 'secrets':
      return [
        ['Type', str(o.type)],
        [
          'Keys',
          Object.entries(o.data ?? {})
            .map(([k, v]) => `${k} (${Buffer.from(v, 'base64').length} bytes)`)
            .join(', ') || '<none>'
        ]
      ]
    default:
      return []
  }
}

function fields(kind: KindInfo, o: ApiObject): { label: string; value: string }[] {
  const m = o.metadata ?? {}
  const annotations = Object.entries(m.annotations ?? {}).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
  const conditions = ((o.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string }[]).map(
    (c) => `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ''}${c.message ? `: ${c.message}` : ''}`
  )
  const all: [string, string][] = [
    ...(kind.namespaced ? [['Namespace', str(m.namespace)] as [string, string]] : []),
    ['Created', str(m.creationTimestamp)],
    ...kindFields(kind, o),
    ['Labels', labelsText(m.labels) || '<none>'],
    ['Annotations', annotations.map(([k, v]) => `${k}=${v.length > 120 ? `${v.slice(0, 120)}…` : v}`).join(', ') || '<none>'],
    ...(conditions.length ? [['Conditions', conditions.join('; ')] as [string, string]] : []),
    ...(m.finalizers?.length ? [['Finalizers', m.finalizers.join(', ')] as [string, string]] : []),
    ...(m.deletionTimestamp ? [['Deleting since', m.deletionTimestamp] as [string, string]] : [])
  ]
  return all.filter(([, v]) => v !== '').map(([label, value]) => ({ label, value }))
}

const kindOf = (kindName: string) => BUILTIN_KINDS.find((k) => k.kind === kindName)

async function listNames(kc: KubeConfig, path: string): Promise<ApiObject[]> {
  const r = await apiRequest(kc, 'GET', path)
  return r.status === 200 ? ((r.body as { items?: ApiObject[] }).items ?? []) : []
}

/** Owner, the pods a workload or Service selects, a Service's endpoints, a pod's node, what an autoscaler scales. */
async function related(kc: KubeConfig, kind: KindInfo, o: ApiObject): Promise<RelatedObject[]> {
  const m = o.metadata ?? {}
  const ns = m.namespace ?? ''
  const out: RelatedObject[] = (m.ownerReferences ?? []).map((r) => ({ relation: 'owner', kind: kindOf(r.kind)?.id ?? r.kind, namespace: ns, name: r.name }))
  const s = o.spec ?? {}
  const podsPath = (selector: string) => `${collectionPath(BUILTIN_KINDS[0], ns)}?labelSelector=${encodeURIComponent(selector)}&limit=200`
  if (['deployments', 'statefulsets', 'daemonsets', 'replicasets', 'jobs'].includes(kind.id) && s.selector) {
    for (const p of await listNames(kc, podsPath(selectorText(s.selector as LabelSelector))))
      out.push({ relation: 'pod', kind: 'pods', namespace: ns, name: p.metadata?.name ?? '' })
  }
  if (kind.id === 'services') {
    const sel = labelsText(s.selector as Record<string, string>).replace(/, /g, ',')
    if (sel) for (const p of await listNames(kc, podsPath(sel))) out.push({ relation: 'pod', kind: 'pods', namespace: ns, name: p.metadata?.name ?? '' })
    const slices = await listNames(
      kc,
      `/apis/discovery.k8s.io/v1/namespaces/${encodeURIComponent(ns)}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${m.name}`)}`
    )
    for (const sl of slices) {
      const ports = ((sl as { ports?: { port?: number }[] }).ports ?? []).map((p) => p.port).filter(Boolean)
      for (const e of (sl as { endpoints?: { addresses?: string[]; conditions?: { ready?: boolean }; targetRef?: { name?: string } }[] }).endpoints ?? []) {
        for (const a of e.addresses ?? [])
          out.push({
            relation: 'endpoint',
            kind: 'pods',
            namespace: ns,
            name: e.targetRef?.name ?? '',
            note: `${a}${ports.length ? `:${ports.join(',')}` : ''}${e.conditions?.ready === false ? ' (not ready)' : ''}`
          })
      }
    }
  }
  if (kind.id === 'pods' && s.nodeName) out.push({ relation: 'node', kind: 'nodes', namespace: '', name: String(s.nodeName) })
  if (kind.id === 'horizontalpodautoscalers') {
    const ref = (s.scaleTargetRef ?? {}) as { kind?: string; name?: string }
    if (ref.kind && ref.name) out.push({ relation: 'scales', kind: kindOf(ref.kind)?.id ?? ref.kind, namespace: ns, name: ref.name })
  }
  return out
}

async function events(kc: KubeConfig, kind: KindInfo, o: ApiObject): Promise<ObjectDetails['events']> {
  const m = o.metadata ?? {}
  // Node events name the node (their involvedObject.uid is the node's name, not its uid).
  const field = kind.id === 'nodes' ? `involvedObject.kind=Node,involvedObject.name=${m.name}` : `involvedObject.uid=${m.uid}`
  const path = `${kind.namespaced ? `/api/v1/namespaces/${encodeURIComponent(m.namespace ?? '')}/events` : '/api/v1/events'}?fieldSelector=${encodeURIComponent(field)}`
  return eventLines((await listNames(kc, path)) as unknown as ApiEvent[])
}

/** Why a pod being deleted has not gone: finalizers, its node gone or not Ready, and whether a StatefulSet owns it. */
async function stuckPod(kc: KubeConfig, o: ApiObject): Promise<ObjectDetails['stuck']> {
  const m = o.metadata ?? {}
  if (!m.deletionTimestamp) return undefined
  const why: string[] = []
  if (m.finalizers?.length) why.push(`finalizers still set: ${m.finalizers.join(', ')}`)
  const node = o.spec?.nodeName as string | undefined
  if (node) {
    const r = await apiRequest(kc, 'GET', `/api/v1/nodes/${encodeURIComponent(node)}`)
    if (r.status === 404) why.push(`its node ${node} no longer exists: no kubelet will confirm the deletion`)
    else {
      const ready = ((r.body as ApiObject).status?.conditions as { type: string; status: string }[] | undefined)?.find((c) => c.type === 'Ready')
      if (ready?.status !== 'True') why.push(`its node ${node} is not Ready (${ready?.status ?? 'Unknown'}): its kubelet cannot confirm the deletion`)
    }
  }
  const graceEnds = Date.parse(m.deletionTimestamp)
  if (Date.now() > graceEnds) why.push(`its grace period ended ${Math.round((Date.now() - graceEnds) / 1000)} s ago`)
  const statefulSet = m.ownerReferences?.find((r) => r.kind === 'StatefulSet')?.name
  return { since: m.deletionTimestamp, why, ...(statefulSet ? { statefulSet } : {}) }
}

export async function describeObject(kc: KubeConfig, kind: KindInfo, namespace: string, name: string): Promise<ObjectDetails> {
  const o = await readObject(kc, kind, namespace, name)
  const [ev, rel, stuck] = await Promise.all([events(kc, kind, o), related(kc, kind, o), kind.id === 'pods' ? stuckPod(kc, o) : Promise.resolve(undefined)])
  const view = objectForView(o)
  return {
    kind: kind.id,
    namespace: o.metadata?.namespace ?? '',
    name: o.metadata?.name ?? name,
    uid: o.metadata?.uid ?? '',
    resourceVersion: o.metadata?.resourceVersion ?? '',
    yaml: stringify(view),
    editable: kind.id !== 'secrets',
    fields: fields(kind, o),
    labels: o.metadata?.labels ?? {},
    annotations: Object.fromEntries(Object.entries(o.metadata?.annotations ?? {}).filter(([k]) => k !== 'kubectl.kubernetes.io/last-applied-configuration')),
    finalizers: o.metadata?.finalizers ?? [],
    ...(o.metadata?.deletionTimestamp ? { deleting: o.metadata.deletionTimestamp } : {}),
    events: ev,
    related: rel,
    ...(stuck ? { stuck } : {})
  }
}
