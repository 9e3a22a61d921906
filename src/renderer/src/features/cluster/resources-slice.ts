// The rows the cluster page shows: main keeps the watched list of one kind and sends rows (never
// objects) with the changes batched; this slice applies them. One subscription at a time: the
// page's context and kind.
import type { ErrorInfo } from '@shared/errors'
import type { KindInfo } from '@shared/cluster-kinds'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { ResourceColumn, ResourceRow } from '@shared/model/cluster'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'

export interface ResourceList {
  context: ContextRef
  kind: string
  subscription: string | null
  columns: ResourceColumn[]
  rows: Map<string, ResourceRow>
  synced: boolean
  error?: ErrorInfo
  version: number
}

export interface ResourcesSlice {
  resources: ResourceList | null
  /** The kinds of the context the page shows (built-in ones until its custom resources are read). */
  kinds: { context: ContextRef; list: KindInfo[] } | null
  watchResources(context: ContextRef, kind: string): Promise<void>
  unwatchResources(): Promise<void>
  loadKinds(context: ContextRef): Promise<void>
}

const same = (a: ContextRef, b: ContextRef) => a.file === b.file && a.name === b.name

export const createResourcesSlice: SliceCreator<ResourcesSlice> = (api) => (set, get) => {
  api.on('cluster.rows', (u) => {
    const p = get().resources
    if (!p || p.subscription !== u.subscription) return
    const rows = u.reset ? new Map<string, ResourceRow>() : new Map(p.rows)
    for (const r of u.upserts) rows.set(r.key, r)
    for (const k of u.removed) rows.delete(k)
    set({ resources: { ...p, rows, columns: u.columns ?? p.columns, synced: u.synced, error: u.error, version: p.version + 1 } })
  })
  return {
    resources: null,
    kinds: null,
    loadKinds: async (context) => {
      try {
        const list = await api.call('cluster.kinds', { context })
        set({ kinds: { context, list } })
      } catch {
        // The built-in kinds still list (each says itself when the cluster does not answer).
        set({ kinds: null })
      }
    },
    watchResources: async (context, kind) => {
      const was = get().resources
      if (was && same(was.context, context) && was.kind === kind && was.subscription) return
      await get().unwatchResources()
      const mine: ResourceList = { context, kind, subscription: null, columns: [], rows: new Map(), synced: false, version: 0 }
      set({ resources: mine })
      try {
        const { subscription } = await api.call('cluster.watch', { context, kind })
        const now = get().resources
        // The page moved to another context or kind meanwhile: this one is not wanted.
        if (!now || now.context !== context || now.kind !== kind) return void api.call('cluster.unwatch', { subscription }).catch(() => undefined)
        set({ resources: { ...now, subscription } })
      } catch (e) {
        const now = get().resources
        if (now?.context === context && now.kind === kind) set({ resources: { ...now, error: errorInfoOf(e) } })
      }
    },
    unwatchResources: async () => {
      const p = get().resources
      set({ resources: null })
      if (p?.subscription) await api.call('cluster.unwatch', { subscription: p.subscription }).catch(() => undefined)
    }
  }
}
