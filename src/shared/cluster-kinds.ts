// The kinds the cluster views list, with kubectl's names for them (resource, short names), so
// the window, the CLI (`kubedeck get deploy`) and the service agree on one catalogue. Custom
// resources are added at run time from their CustomResourceDefinitions (see customKind).

export interface KindInfo {
  /** The plural resource name kubectl uses (`kubectl get deployments`); custom ones: `plural.group`. */
  id: string
  /** The singular Kind (Deployment). */
  kind: string
  group: string
  version: string
  plural: string
  namespaced: boolean
  /** kubectl's short names and the singular, accepted by `kubedeck get`. */
  aliases: string[]
  /** Where the window lists it. */
  section: 'workloads' | 'network' | 'config' | 'storage' | 'cluster' | 'custom'
}

const k = (id: string, kind: string, group: string, version: string, namespaced: boolean, section: KindInfo['section'], aliases: string[]): KindInfo => ({
  id,
  kind,
  group,
  version,
  plural: id,
  namespaced,
  aliases,
  section
})

export const BUILTIN_KINDS: readonly KindInfo[] = [
  k('pods', 'Pod', '', 'v1', true, 'workloads', ['po', 'pod']),
  k('deployments', 'Deployment', 'apps', 'v1', true, 'workloads', ['deploy', 'deployment']),
  k('statefulsets', 'StatefulSet', 'apps', 'v1', true, 'workloads', ['sts', 'statefulset']),
  k('daemonsets', 'DaemonSet', 'apps', 'v1', true, 'workloads', ['ds', 'daemonset']),
  k('replicasets', 'ReplicaSet', 'apps', 'v1', true, 'workloads', ['rs', 'replicaset']),
  k('jobs', 'Job', 'batch', 'v1', true, 'workloads', ['job']),
  k('cronjobs', 'CronJob', 'batch', 'v1', true, 'workloads', ['cj', 'cronjob']),
  k('services', 'Service', '', 'v1', true, 'network', ['svc', 'service']),
  k('ingresses', 'Ingress', 'networking.k8s.io', 'v1', true, 'network', ['ing', 'ingress']),
  k('configmaps', 'ConfigMap', '', 'v1', true, 'config', ['cm', 'configmap']),
  k('secrets', 'Secret', '', 'v1', true, 'config', ['secret']),
  k('horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'autoscaling', 'v2', true, 'config', ['hpa', 'horizontalpodautoscaler']),
  k('poddisruptionbudgets', 'PodDisruptionBudget', 'policy', 'v1', true, 'config', ['pdb', 'poddisruptionbudget']),
  k('persistentvolumeclaims', 'PersistentVolumeClaim', '', 'v1', true, 'storage', ['pvc', 'persistentvolumeclaim']),
  k('persistentvolumes', 'PersistentVolume', '', 'v1', false, 'storage', ['pv', 'persistentvolume']),
  k('nodes', 'Node', '', 'v1', false, 'cluster', ['no', 'node']),
  k('namespaces', 'Namespace', '', 'v1', false, 'cluster', ['ns', 'namespace']),
  k('events', 'Event', '', 'v1', true, 'cluster', ['ev', 'event']),
  k('customresourcedefinitions', 'CustomResourceDefinition', 'apiextensions.k8s.io', 'v1', false, 'cluster', ['crd', 'crds', 'customresourcedefinition'])
]

/** A custom resource's kind, from its CRD (the version the API serves as storage, else the first served). */
export function customKind(crd: {
  spec?: {
    group?: string
    names?: { plural?: string; kind?: string; shortNames?: string[]; singular?: string }
    scope?: string
    versions?: { name: string; served?: boolean; storage?: boolean }[]
  }
}): KindInfo | null {
  const s = crd.spec
  const plural = s?.names?.plural
  const version = s?.versions?.find((v) => v.served && v.storage) ?? s?.versions?.find((v) => v.served)
  if (!s?.group || !plural || !version) return null
  return {
    id: `${plural}.${s.group}`,
    kind: s.names?.kind ?? plural,
    group: s.group,
    version: version.name,
    plural,
    namespaced: s.scope !== 'Cluster',
    aliases: [...(s.names?.shortNames ?? []), ...(s.names?.singular ? [s.names.singular] : []), plural],
    section: 'custom'
  }
}

/** The kind kubectl would take `name` for (deploy, deployments, deployment.apps, …), among `kinds`. */
export function resolveKind(name: string, kinds: readonly KindInfo[] = BUILTIN_KINDS): KindInfo | undefined {
  const n = name.toLowerCase()
  return kinds.find((x) => x.id === n || x.aliases.includes(n) || `${x.plural}.${x.group}` === n || (x.group && `${x.kind.toLowerCase()}.${x.group}` === n))
}

/** The collection's API path, in one namespace or (none given, or a cluster kind) all of them. */
export function collectionPath(kind: KindInfo, namespace?: string): string {
  const base = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`
  return kind.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${kind.plural}` : `${base}/${kind.plural}`
}

export function objectPath(kind: KindInfo, namespace: string, name: string): string {
  return `${collectionPath(kind, kind.namespaced ? namespace : undefined)}/${encodeURIComponent(name)}`
}

export const apiVersionOf = (kind: KindInfo): string => (kind.group ? `${kind.group}/${kind.version}` : kind.version)
