// A pod's row as kubectl prints it: the STATUS column follows printPod in
// k8s.io/kubernetes/pkg/printers/internalversion/printers.go (init containers first, then the
// containers' waiting/terminated reasons, "Terminating" for a pod being deleted, "Unknown" for
// one on a lost node), READY and RESTARTS as kubectl counts them.
import type { PodRow } from '../../../shared/model/cluster'

interface ContainerStatus {
  name?: string
  ready?: boolean
  restartCount?: number
  started?: boolean
  state?: { waiting?: { reason?: string }; running?: { startedAt?: unknown }; terminated?: { reason?: string; exitCode?: number; signal?: number } }
  lastState?: { terminated?: { finishedAt?: unknown } }
}

export interface ApiPod {
  metadata?: { name?: string; namespace?: string; creationTimestamp?: unknown; deletionTimestamp?: unknown }
  spec?: { nodeName?: string; containers?: unknown[]; initContainers?: { name?: string; restartPolicy?: string }[] }
  status?: {
    phase?: string
    reason?: string
    podIP?: string
    conditions?: { type?: string; status?: string }[]
    initContainerStatuses?: ContainerStatus[]
    containerStatuses?: ContainerStatus[]
  }
}

const iso = (v: unknown): string => (v instanceof Date ? v.toISOString() : typeof v === 'string' ? v : '')

export function podRow(p: ApiPod): PodRow {
  const namespace = p.metadata?.namespace ?? ''
  const name = p.metadata?.name ?? ''
  const st = p.status ?? {}
  let restarts = 0
  let lastRestart = ''
  const noteRestart = (c: ContainerStatus) => {
    restarts += c.restartCount ?? 0
    const at = iso(c.lastState?.terminated?.finishedAt)
    if (at > lastRestart) lastRestart = at
  }
  const total = p.spec?.containers?.length ?? 0
  let readyCount = 0
  let reason = st.reason || st.phase || ''

  // Sidecars (init containers that always restart) count as containers once started.
  const sidecars = new Set((p.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name))
  let totalWithSidecars = total
  let initializing = false
  const inits = st.initContainerStatuses ?? []
  inits.forEach((c, i) => {
    noteRestart(c)
    if (sidecars.has(c.name)) {
      totalWithSidecars++
      if (c.started && c.ready) readyCount++
    }
    if (initializing) return
    const term = c.state?.terminated
    if (term && term.exitCode === 0) return
    if (sidecars.has(c.name) && c.started) return
    initializing = true
    if (term) reason = term.reason ? `Init:${term.reason}` : term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode}`
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`
    else reason = `Init:${i}/${(p.spec?.initContainers ?? []).length}`
  })

  const initialized = st.conditions?.some((c) => c.type === 'Initialized' && c.status === 'True')
  if (!initializing || initialized) {
    // From here on only sidecars' restarts count among the init containers'.
    restarts = 0
    lastRestart = ''
    for (const c of inits) if (sidecars.has(c.name)) noteRestart(c)
    let hasRunning = false
    const containers = [...(st.containerStatuses ?? [])].reverse()
    for (const c of containers) {
      noteRestart(c)
      if (c.state?.waiting?.reason) reason = c.state.waiting.reason
      else if (c.state?.terminated?.reason) reason = c.state.terminated.reason
      else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`
      else if (c.ready && c.state?.running) {
        hasRunning = true
        readyCount++
      }
    }
    // A running pod whose containers are all up says Running (or NotReady without the Ready condition).
    if (reason === 'Completed' && hasRunning) {
      const ready = st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
      reason = ready ? 'Running' : 'NotReady'
    }
  }

  if (p.metadata?.deletionTimestamp && st.reason === 'NodeLost') reason = 'Unknown'
  else if (p.metadata?.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') reason = 'Terminating'

  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    ready: `${readyCount}/${totalWithSidecars}`,
    status: reason,
    restarts,
    ...(lastRestart ? { lastRestart } : {}),
    created: iso(p.metadata?.creationTimestamp),
    node: p.spec?.nodeName ?? '',
    ip: st.podIP ?? ''
  }
}
