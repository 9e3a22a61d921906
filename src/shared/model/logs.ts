// Logs: what a viewer (or `kubedeck logs`) reads — one pod's containers, a workload's pods
// merged in timestamp order, or a node's journal or files over SSH — and the lines as they
// arrive, each tagged with its source. Lines carry the API's RFC 3339 timestamp (nanoseconds)
// when there is one, so several sources can be merged and a dropped stream resumed exactly.
import type { ContextRef } from './kubeconfig'
import type { SshTarget } from './ssh'

export interface LogOptions {
  follow?: boolean
  /** The previous (terminated) instance of each container. */
  previous?: boolean
  sinceSeconds?: number
  /** RFC 3339. */
  sinceTime?: string
  /** Lines from the end of each source (per container, as the API counts them). */
  tailLines?: number
  /** Bytes per container, as the API counts them. */
  limitBytes?: number
  /**
   * Ask the API for each line's timestamp (default). Without them lines cannot be merged or a
   * follow resumed; `kubectl logs --limit-bytes` without --timestamps counts bytes without them.
   */
  timestamps?: boolean
}

/** What to read through the API. `pods` and `selector` may both be given (their union). */
export interface PodLogTarget {
  kind: 'pods'
  context: ContextRef
  namespace: string
  /** Pods by name. */
  pods?: string[]
  /** A label selector (`app=web,tier!=db`): every matching pod, and those that appear later while following. */
  selector?: string
  /** A workload (`deployment/web`, `sts/db`, `job/x`, …): its selector, resolved through the API. */
  workload?: string
  /** Containers to read: names, `all` (init and ephemeral included), or the default one of each pod. */
  containers?: string[] | 'all'
}

export interface NodeLogTarget {
  kind: 'node'
  /** The cluster the node belongs to (audit, host-key prompts); absent for a host by hand. */
  context?: ContextRef
  host: SshTarget
  /** Shown in the viewer: the node's name or SSH alias. */
  label: string
  /** systemd units (journalctl -u …), a file (CRI or plain text), or a pod's files under /var/log/pods. */
  source: { units: string[] } | { file: string } | { pod: { namespace: string; name: string; container?: string } }
}

export type LogTarget = PodLogTarget | NodeLogTarget

export type LogSourceState = 'waiting' | 'streaming' | 'ended' | 'gone' | 'failed'

export interface LogSourceInfo {
  /** Index used by LogLine.s. */
  index: number
  /** `pod/container`, or `host unit`. */
  label: string
  pod?: string
  container?: string
  state: LogSourceState
  error?: string
  /** Times a dropped follow was resumed from its last line. */
  reconnects: number
}

export interface LogLine {
  /** RFC 3339 with nanoseconds as the source gave it, or '' (a journal line, a plain file). */
  t: string
  /** Source index. */
  s: number
  text: string
  /** The stream ended inside this line (--limit-bytes): no line break after it. */
  cut?: true
}

export interface LogSessionInfo {
  id: string
  title: string
  target: LogTarget
  options: LogOptions
  sources: LogSourceInfo[]
  /** Notes for the viewer (e.g. how much history the files hold beyond what the API serves). */
  notes: string[]
}
