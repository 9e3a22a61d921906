import type { AppInfo, AppPreferences } from '@shared/model/app'
import type { ErrorInfo } from '@shared/errors'
import { errorInfoOf } from '../api'
import type { SliceCreator } from './types'

export type PageId = string

export interface Notice {
  id: number
  kind: 'error' | 'info'
  error?: ErrorInfo
  text?: string
  /** Text worded by the notice itself (for slices that have no translator). */
  message?: { key: string; params?: Record<string, unknown> }
  /** A write to a kubeconfig file: the notice offers to undo it. */
  undoFile?: string
  /** An undo's notice offers Redo (of this file). */
  redoFile?: string
}

export interface AppSlice {
  page: PageId
  info: AppInfo | null
  preferences: AppPreferences | null
  connection: 'connecting' | 'open' | 'closed'
  notices: Notice[]
  goTo(page: PageId): void
  loadApp(): Promise<void>
  setPreferences(patch: Partial<AppPreferences>): Promise<void>
  setConnection(state: AppSlice['connection']): void
  notify(notice: Omit<Notice, 'id'>): void
  notifyError(e: unknown): void
  dismiss(id: number): void
}

let noticeId = 0

export const createAppSlice: SliceCreator<AppSlice> = (api) => (set, get) => ({
  page: lastPage(),
  info: null,
  preferences: null,
  connection: 'connecting',
  notices: [],
  goTo: (page) => {
    rememberPage(page)
    set({ page })
  },
  loadApp: async () => {
    const [info, preferences] = await Promise.all([api.call('app.info', {}), api.call('app.preferences', {})])
    set({ info, preferences })
  },
  setPreferences: async (patch) => {
    const previous = get().preferences
    if (previous) set({ preferences: { ...previous, ...patch } })
    try {
      set({ preferences: await api.call('app.setPreferences', patch) })
    } catch (e) {
      set({ preferences: previous })
      get().notifyError(e)
    }
  },
  setConnection: (connection) => set({ connection }),
  notify: (notice) => set((s) => ({ notices: [...s.notices, { ...notice, id: ++noticeId }] })),
  notifyError: (e) => get().notify({ kind: 'error', error: errorInfoOf(e) }),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) }))
})

// The page survives a reload of the window (this tab only: a new window starts on Contexts).
const PAGE_KEY = 'kubedeck.page'
function lastPage(): PageId {
  try {
    return (globalThis.sessionStorage?.getItem(PAGE_KEY) as PageId | null) ?? 'contexts'
  } catch {
    return 'contexts'
  }
}
function rememberPage(page: PageId): void {
  try {
    globalThis.sessionStorage?.setItem(PAGE_KEY, page)
  } catch {
    // Storage refused (private mode): the page is simply not remembered.
  }
}
