// Why a namespace stays in Terminating, read as the namespace controller sees it: its conditions
// (NamespaceDeletionDiscoveryFailure, NamespaceContentRemaining, NamespaceFinalizersRemaining),
// the APIServices that are not available (they break discovery, so the controller cannot know
// the namespace is empty), and every object still in it that carries finalizers.
import type { KubeConfig } from '@kubernetes/client-node'
import { apiRequest, statusMessage } from './raw'

export interface HeldObject {
  apiVersion: string
  kind: string
  /** The resource's plural name (the API path). */
  resource: string
  name: string
  finalizers: string[]
  resourceVersion: string
  deleting: boolean
}

export interface BrokenApiService {
  name: string
  /** The Service it points at (namespace/name), or '' for a local one. */
  service: string
  message: string
  /** The object as read, to put back on undo (status and server fields stripped). */
  object: Record<string, unknown>
}

export interface NamespaceDiagnosis {
  namespace: string
  exists: boolean
  phase: string
  conditions: { type: string; status: string; reason?: string; message?: string }[]
  /** The namespace's own finalizers (spec.finalizers, e.g. kubernetes). */
  finalizers: string[]
  brokenApiServices: BrokenApiService[]
  /** Group/versions whose resources could not be listed (discovery failed for them). */
  undiscoverable: { groupVersion: string; message: string }[]
  held: HeldObject[]
  /** Objects of other kinds still there (being deleted, no finalizer): usually gone soon. */
  remaining: number
}

interface ApiResource {
  name: string
  kind: string
  namespaced: boolean
  verbs: string[]
}

/** Every group/version the server serves (preferred and others). */
async function groupVersions(kc: KubeConfig): Promise<string[]> {
  const out = ['v1']
  const r = await apiRequest(kc, 'GET', '/apis')
  for (const g of (r.body as { groups?: { versions: { groupVersion: string }[]; preferredVersion?: { groupVersion: string } }[] })?.groups ?? []) {
    out.push(g.preferredVersion?.groupVersion ?? g.versions[0].groupVersion)
  }
  return out
}

const basePath = (gv: string) => (gv === 'v1' ? '/api/v1' : `/apis/${gv}`)

export async function diagnoseNamespace(kc: KubeConfig, namespace: string): Promise<NamespaceDiagnosis> {
  const ns = await apiRequest(kc, 'GET', `/api/v1/namespaces/${encodeURIComponent(namespace)}`)
  const out: NamespaceDiagnosis = {
    namespace,
    exists: ns.status === 200,
    phase: '',
    conditions: [],
    finalizers: [],
    brokenApiServices: [],
    undiscoverable: [],
    held: [],
    remaining: 0
  }
  if (ns.status === 404) return out
  if (ns.status !== 200) throw new Error(statusMessage(ns))
  const body = ns.body as { status?: { phase?: string; conditions?: NamespaceDiagnosis['conditions'] }; spec?: { finalizers?: string[] } }
  out.phase = body.status?.phase ?? ''
  out.conditions = (body.status?.conditions ?? []).map((c) => ({ type: c.type, status: c.status, reason: c.reason, message: c.message }))
  out.finalizers = body.spec?.finalizers ?? []

  const services = await apiRequest(kc, 'GET', '/apis/apiregistration.k8s.io/v1/apiservices')
  for (const s of (services.body as { items?: Record<string, unknown>[] })?.items ?? []) {
    const status = s.status as { conditions?: { type: string; status: string; message?: string }[] } | undefined
    const available = status?.conditions?.find((c) => c.type === 'Available')
    if (!available || available.status === 'True') continue
    const meta = s.metadata as { name: string }
    const svc = (s.spec as { service?: { namespace: string; name: string } | null })?.service
    out.brokenApiServices.push({ name: meta.name, service: svc ? `${svc.namespace}/${svc.name}` : '', message: available.message ?? '', object: restorable(s) })
  }

  for (const gv of await groupVersions(kc)) {
    const r = await apiRequest(kc, 'GET', basePath(gv))
    if (r.status !== 200) {
      out.undiscoverable.push({ groupVersion: gv, message: statusMessage(r) })
      continue
    }
    const resources = ((r.body as { resources?: ApiResource[] })?.resources ?? []).filter((x) => x.namespaced && !x.name.includes('/') && x.verbs.includes('list'))
    for (const res of resources) {
      const list = await apiRequest(kc, 'GET', `${basePath(gv)}/namespaces/${encodeURIComponent(namespace)}/${res.name}?limit=500`)
      if (list.status !== 200) continue
      for (const o of (list.body as { items?: { metadata: { name: string; finalizers?: string[]; resourceVersion: string; deletionTimestamp?: string } }[] })?.items ?? []) {
        // Events are not deleted by the namespace controller's content check; they do not hold it.
        if (res.kind === 'Event') continue
        const finalizers = o.metadata.finalizers ?? []
        if (finalizers.length)
          out.held.push({
            apiVersion: gv,
            kind: res.kind,
            resource: res.name,
            name: o.metadata.name,
            finalizers,
            resourceVersion: o.metadata.resourceVersion,
            deleting: !!o.metadata.deletionTimestamp
          })
        else out.remaining++
      }
    }
  }
  return out
}

/** An object as it can be created again: server-set fields removed. */
function restorable(o: Record<string, unknown>): Record<string, unknown> {
  const meta = { ...(o.metadata as Record<string, unknown>) }
  for (const k of ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds']) delete meta[k]
  const { status: _status, ...rest } = o
  return { ...rest, metadata: meta }
}

/** The apiVersion/kind/resource of an object path for patching. */
export const objectPath = (h: Pick<HeldObject, 'apiVersion' | 'resource' | 'name'>, namespace: string) =>
  `${basePath(h.apiVersion)}/namespaces/${encodeURIComponent(namespace)}/${h.resource}/${encodeURIComponent(h.name)}`
