// Cluster views: rows as the window shows them (kubectl's columns), never whole objects.

/** A column of a list, as the API server's Table describes it (kubectl prints the same). */
export interface ResourceColumn {
  name: string
  /** string, integer, number, boolean, date (a timestamp, shown as an age). */
  type: string
  /** `name` for the object's name column. */
  format?: string
  /** 0: kubectl's default columns; 1: its -o wide ones. */
  priority: number
}

/** One object as a row of its list: kubectl's cells, and what the filters and details need. */
export interface ResourceRow {
  /** namespace/name (cluster kinds: /name) */
  key: string
  namespace: string
  name: string
  /** creationTimestamp (ISO): the Age column counts from it, live. */
  created: string
  labels: Record<string, string>
  /** Cells in the order of the list's columns, as the API server printed them. */
  cells: (string | number | boolean)[]
  /** Pods: when the last restart happened (ISO), for RESTARTS "5 (2m ago)" that stays true. */
  lastRestart?: string
  /** Being deleted (deletionTimestamp set). */
  deleting?: boolean
}

/** Changes to a watched list: `reset` replaces everything the window had. */
export interface RowsUpdate<R> {
  subscription: string
  reset?: boolean
  upserts: R[]
  removed: string[]
  /** Why the list is not current (the API went away); rows stay as last seen. */
  error?: import('../errors').ErrorInfo
  /** The list is complete (the first page set arrived). */
  synced: boolean
  /** The columns, with the first update (and again whenever they change). */
  columns?: ResourceColumn[]
}

/** An object that belongs with the one shown: its owner, the pods it selects, an endpoint, its node, what it scales. */
export interface RelatedObject {
  relation: 'owner' | 'pod' | 'endpoint' | 'node' | 'scales'
  /** The kind's id (pods, deployments, …) or, for a kind not in the catalogue, its Kind. */
  kind: string
  namespace: string
  name: string
  /** An endpoint's address:ports (and "(not ready)"). */
  note?: string
}

/** One object for its details panel. A Secret's values never are in it: keys and sizes only. */
export interface ObjectDetails {
  kind: string
  namespace: string
  name: string
  uid: string
  /** The version shown: an edit made from it is refused if the object changed since. */
  resourceVersion: string
  /** As kubectl get -o yaml, without managedFields. */
  yaml: string
  editable: boolean
  fields: { label: string; value: string }[]
  labels: Record<string, string>
  /** Without kubectl's last-applied-configuration. */
  annotations: Record<string, string>
  finalizers: string[]
  /** Being deleted since (deletionTimestamp). */
  deleting?: string
  events: EventLine[]
  related: RelatedObject[]
  /** A pod being deleted: since when, and why it has not gone. */
  stuck?: { since: string; why: string[]; statefulSet?: string }
}

/** A cluster at a glance; each part that could not be read is empty and named in `errors`. */
export interface ClusterOverview {
  server: string
  version: string
  /** /readyz?verbose: each check of the API server. */
  readyz: { ok: boolean; checks: { name: string; ok: boolean; detail?: string }[] } | null
  nodes: { name: string; ready: string; roles: string; version: string; cordoned: boolean; pressure: string[] }[]
  /** kube-system pods labelled tier=control-plane (kubeadm's static pods); none on a binary install. */
  controlPlane: { name: string; component: string; node: string; phase: string; ready: boolean; restarts: number }[]
  /** Pods counted by STATUS as kubectl prints it. */
  pods: { total: number; byStatus: Record<string, number> } | null
  /** Deployments, StatefulSets and DaemonSets with fewer available/ready pods than desired. */
  workloads: { kind: string; namespace: string; name: string; ready: number; desired: number }[]
  /** The latest Warning events, newest first. */
  warnings: EventLine[]
  errors: { part: string; message: string }[]
}

/** An Event as the window shows it (a repeating one is one line with its count). */
export interface EventLine {
  namespace: string
  /** kind/name of the object it is about, kind in lower case as kubectl prints it. */
  object: string
  type: string
  reason: string
  message: string
  count: number
  /** When it last happened (ISO). */
  last: string
}
