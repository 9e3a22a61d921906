// The log viewers' state: each open session (what it reads, its sources and their states) and
// a counter that moves when lines arrive. The lines themselves live in a LineStore per session,
// outside the store (see line-store.ts); the slice acknowledges them to main once stored, which
// is what lets main resume a paused source.
import type { ErrorInfo } from '@shared/errors'
import type { LogLine, LogOptions, LogSessionInfo, LogSourceInfo, LogTarget } from '@shared/model/logs'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'
import { LineStore } from './line-store'

export interface LogViewState {
  id: string
  info: LogSessionInfo
  sources: LogSourceInfo[]
  /** Moves whenever lines were added (components read the LineStore). */
  version: number
}

/** What the opener starts with when another page sends the user here (a node's kubelet journal). */
export interface LogPreset {
  kind: 'node'
  host: string
  target?: import('@shared/model/ssh').SshTarget
  /** systemd units, space-separated; or a pod's files under /var/log/pods. */
  units?: string
  pod?: { namespace: string; name: string }
}

export interface LogsSlice {
  logPreset: LogPreset | null
  /** Opens the Logs page's form filled in for `preset`. */
  presetLogs(preset: LogPreset): void
  logViews: Record<string, LogViewState>
  logOrder: string[]
  activeLog: string | null
  logOpening: boolean
  logOpenError: ErrorInfo | null
  openLogs(target: LogTarget, options: LogOptions): Promise<string | null>
  closeLogs(id: string): Promise<void>
  showLogs(id: string): void
  saveLogs(id: string, path: string, flags: { timestamps?: boolean; prefix?: boolean; full?: boolean }): Promise<{ path: string; lines: number } | ErrorInfo>
}

const stores = new Map<string, LineStore>()
/** The lines of a session (undefined once it is closed). */
export const lineStore = (id: string) => stores.get(id)

export const createLogsSlice: SliceCreator<LogsSlice> = (api) => (set, get) => {
  const pendingAck = new Map<string, number>()
  const bumped = new Set<string>()
  let scheduled = false
  // One state update and one acknowledgement per session per frame, however many batches came.
  const flush = () => {
    scheduled = false
    const views = { ...get().logViews }
    for (const id of bumped) if (views[id]) views[id] = { ...views[id], version: views[id].version + 1 }
    bumped.clear()
    set({ logViews: views })
    for (const [id, units] of pendingAck) void api.call('logs.ack', { id, units }).catch(() => undefined)
    pendingAck.clear()
  }
  const schedule = () => {
    if (scheduled) return
    scheduled = true
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush)
    else setTimeout(flush, 16)
  }
  // Lines can outrun the reply to logs.open that names their session: kept until it arrives.
  const early = new Map<string, LogLine[][]>()
  const take = (id: string, lines: LogLine[]) => {
    const store = stores.get(id)!
    store.append(lines)
    let units = 0
    for (const l of lines) units += l.text.length + 1
    pendingAck.set(id, (pendingAck.get(id) ?? 0) + units)
    bumped.add(id)
    schedule()
  }
  api.on('logs.lines', ({ id, lines }) => {
    if (stores.has(id)) return take(id, lines)
    if (early.size < 20) early.set(id, [...(early.get(id) ?? []), lines])
  })
  api.on('logs.sources', ({ id, sources }) => {
    const v = get().logViews[id]
    if (v) set({ logViews: { ...get().logViews, [id]: { ...v, sources } } })
  })

  return {
    logPreset: null,
    presetLogs: (logPreset) => {
      set({ logPreset, activeLog: null })
      get().goTo('logs')
    },
    logViews: {},
    logOrder: [],
    activeLog: null,
    logOpening: false,
    logOpenError: null,
    openLogs: async (target, options) => {
      set({ logOpening: true, logOpenError: null })
      try {
        // The store exists before the first batch can arrive.
        const pending = new LineStore()
        const info = await api.call('logs.open', { target, options })
        stores.set(info.id, pending)
        for (const batch of early.get(info.id) ?? []) take(info.id, batch)
        early.delete(info.id)
        set({
          logViews: { ...get().logViews, [info.id]: { id: info.id, info, sources: info.sources, version: 0 } },
          logOrder: [...get().logOrder, info.id],
          activeLog: info.id,
          logOpening: false
        })
        return info.id
      } catch (e) {
        set({ logOpening: false, logOpenError: errorInfoOf(e) })
        return null
      }
    },
    closeLogs: async (id) => {
      await api.call('logs.close', { id }).catch(() => undefined)
      stores.delete(id)
      const views = { ...get().logViews }
      delete views[id]
      const order = get().logOrder.filter((x) => x !== id)
      set({ logViews: views, logOrder: order, activeLog: get().activeLog === id ? (order[order.length - 1] ?? null) : get().activeLog })
    },
    showLogs: (id) => set({ activeLog: id }),
    saveLogs: async (id, path, flags) => {
      try {
        return await api.call('logs.save', { id, path, ...flags })
      } catch (e) {
        return errorInfoOf(e)
      }
    }
  }
}
