// Which pods a drain evicts, as kubectl drain decides (k8s.io/kubectl/pkg/drain/filters.go):
// mirror pods are skipped (the kubelet owns them); DaemonSet pods are refused unless
// --ignore-daemonsets (then skipped: the DaemonSet would put them back); pods with emptyDir
// data are refused unless --delete-emptydir-data; pods no controller recreates are refused unless
// --force; finished pods are always removed. Any refusal stops the drain before anything is
// evicted, naming every pod it concerns.

export interface DrainPod {
  namespace: string
  name: string
  uid: string
  phase?: string
  labels?: Record<string, string>
  annotations?: Record<string, string>
  ownerReferences?: { kind: string; name: string; controller?: boolean }[]
  volumes?: { emptyDir?: unknown }[]
  deletionTimestamp?: string
}

export interface DrainOptions {
  ignoreDaemonsets?: boolean
  deleteEmptydirData?: boolean
  force?: boolean
}

export type DrainProblem = 'daemonset' | 'local-storage' | 'unreplicated'
export type DrainWarning = 'daemonset-ignored' | 'local-storage-deleted' | 'unreplicated-deleted'

export interface DrainSelection {
  /** Pods to evict, in the order kubectl lists them. */
  evict: DrainPod[]
  /** Pods left alone, and why. */
  skipped: { pod: DrainPod; reason: 'mirror' | 'daemonset' }[]
  /** Refusals: each with the pods it concerns; a drain with any does nothing. */
  problems: { problem: DrainProblem; pods: DrainPod[] }[]
  warnings: { warning: DrainWarning; pods: DrainPod[] }[]
}

export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror'

const controllerOf = (p: DrainPod) => p.ownerReferences?.find((o) => o.controller)
const finished = (p: DrainPod) => p.phase === 'Succeeded' || p.phase === 'Failed'

export function selectPods(pods: readonly DrainPod[], o: DrainOptions): DrainSelection {
  const out: DrainSelection = { evict: [], skipped: [], problems: [], warnings: [] }
  const problems = new Map<DrainProblem, DrainPod[]>()
  const warnings = new Map<DrainWarning, DrainPod[]>()
  const add = <K>(m: Map<K, DrainPod[]>, k: K, p: DrainPod) => m.set(k, [...(m.get(k) ?? []), p])
  for (const p of pods) {
    if (p.annotations?.[MIRROR_ANNOTATION] !== undefined) {
      out.skipped.push({ pod: p, reason: 'mirror' })
      continue
    }
    const controller = controllerOf(p)
    if (controller?.kind === 'DaemonSet' && !finished(p)) {
      if (!o.ignoreDaemonsets) add(problems, 'daemonset', p)
      else {
        out.skipped.push({ pod: p, reason: 'daemonset' })
        add(warnings, 'daemonset-ignored', p)
      }
      continue
    }
    let refused = false
    if (!finished(p) && p.volumes?.some((v) => v.emptyDir !== undefined && v.emptyDir !== null)) {
      if (!o.deleteEmptydirData) (add(problems, 'local-storage', p), (refused = true))
      else add(warnings, 'local-storage-deleted', p)
    }
    if (!controller && !finished(p)) {
      if (!o.force) (add(problems, 'unreplicated', p), (refused = true))
      else add(warnings, 'unreplicated-deleted', p)
    }
    if (!refused) out.evict.push(p)
  }
  out.problems = [...problems].map(([problem, pods]) => ({ problem, pods }))
  out.warnings = [...warnings].map(([warning, pods]) => ({ warning, pods }))
  return out
}

/** kubectl's words for a refusal (its messages, its flags), with the pods as ns/name. */
export function problemText(p: { problem: DrainProblem; pods: DrainPod[] }): string {
  const names = p.pods.map((x) => `${x.namespace}/${x.name}`).join(', ')
  switch (p.problem) {
    case 'daemonset':
      return `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${names}`
    case 'local-storage':
      return `cannot delete Pods with local storage (use --delete-emptydir-data to override): ${names}`
    case 'unreplicated':
      return `cannot delete Pods that declare no controller (use --force to override): ${names}`
  }
}

export function warningText(w: { warning: DrainWarning; pods: DrainPod[] }): string {
  const names = w.pods.map((x) => `${x.namespace}/${x.name}`).join(', ')
  switch (w.warning) {
    case 'daemonset-ignored':
      return `ignoring DaemonSet-managed Pods: ${names}`
    case 'local-storage-deleted':
      return `deleting Pods with local storage: ${names}`
    case 'unreplicated-deleted':
      return `deleting Pods that declare no controller: ${names}`
  }
}
