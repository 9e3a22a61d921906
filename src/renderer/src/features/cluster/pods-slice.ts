// The pods the Pods page shows: main keeps the watched list and sends rows (never objects) with
// the changes batched; this slice applies them. One subscription at a time: the page's context.
import type { ErrorInfo } from '@shared/errors'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { PodRow } from '@shared/model/cluster'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'

export interface PodsSlice {
  pods: { context: ContextRef; subscription: string | null; rows: Map<string, PodRow>; synced: boolean; error?: ErrorInfo; version: number } | null
  watchPods(context: ContextRef): Promise<void>
  unwatchPods(): Promise<void>
}

export const createPodsSlice: SliceCreator<PodsSlice> = (api) => (set, get) => {
  api.on('cluster.pods', (u) => {
    const p = get().pods
    if (!p || p.subscription !== u.subscription) return
    const rows = u.reset ? new Map<string, PodRow>() : new Map(p.rows)
    for (const r of u.upserts) rows.set(r.key, r)
    for (const k of u.removed) rows.delete(k)
    set({ pods: { ...p, rows, synced: u.synced, error: u.error, version: p.version + 1 } })
  })
  return {
    pods: null,
    watchPods: async (context) => {
      const was = get().pods
      if (was && was.context.file === context.file && was.context.name === context.name && was.subscription) return
      await get().unwatchPods()
      set({ pods: { context, subscription: null, rows: new Map(), synced: false, version: 0 } })
      try {
        const { subscription } = await api.call('cluster.watchPods', { context })
        const now = get().pods
        // The page moved to another context meanwhile: this one is not wanted.
        if (!now || now.context !== context) return void api.call('cluster.unwatch', { subscription }).catch(() => undefined)
        set({ pods: { ...now, subscription } })
      } catch (e) {
        const now = get().pods
        if (now?.context === context) set({ pods: { ...now, error: errorInfoOf(e) } })
      }
    },
    unwatchPods: async () => {
      const p = get().pods
      set({ pods: null })
      if (p?.subscription) await api.call('cluster.unwatch', { subscription: p.subscription }).catch(() => undefined)
    }
  }
}
