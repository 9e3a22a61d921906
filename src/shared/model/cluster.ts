// Cluster views: rows as the window shows them (kubectl's columns), never whole objects.

/** A pod as `kubectl get pods -o wide` prints it. */
export interface PodRow {
  /** namespace/name */
  key: string
  namespace: string
  name: string
  /** READY: ready/total containers. */
  ready: string
  /** STATUS as kubectl prints it (Running, CrashLoopBackOff, Init:0/1, Terminating, …). */
  status: string
  restarts: number
  /** When the last restart happened (ISO), for "5 (2m ago)". */
  lastRestart?: string
  created: string
  node: string
  ip: string
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
}
