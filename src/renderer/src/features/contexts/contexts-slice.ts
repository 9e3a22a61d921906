// Kubeconfig state of the renderer: the merged overview from main, optimistic switching, the
// connection checks the user asked for, and which overlay or dialog is open. Writes go to main
// and come back as a new overview (our own reload and the `kubeconfig.changed` stream, deduped
// by revision), so the files on disk stay the only truth.
import type { ErrorInfo } from '@shared/errors'
import type { ConnectionReport, ContextColour, ContextRef, Diagnostic, FileVersion, ImportPlan, KubeconfigOverview, NewContext } from '@shared/model/kubeconfig'

/** What the cluster and user dialogs change (kubectl's set-cluster and set-credentials flags). */
export type ClusterEdit = Partial<NonNullable<NewContext['newCluster']>> & { proxyUrl?: string }
export type UserEdit = Partial<NonNullable<NewContext['newUser']>>
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'
import { contextKey, sameContext, type ContextSort, type SortColumn } from './context-rows'
import { OverviewSync } from './overview-sync'

export type ContextDialog =
  | { kind: 'rename'; context: ContextRef }
  | { kind: 'namespace'; context: ContextRef }
  | { kind: 'delete'; context: ContextRef }
  | { kind: 'export'; context: ContextRef }
  | { kind: 'undo'; file?: string }
  /** `given`: a kubeconfig's text already at hand (a file dropped on the window). */
  | { kind: 'import'; given?: { text: string; name: string } }
  | { kind: 'folders' }
  | { kind: 'cluster'; context: ContextRef }
  | { kind: 'user'; context: ContextRef }
  | { kind: 'new-context' }

export type SwitcherMode = 'contexts' | 'namespaces'

/** How the contexts page shows the list; kept here so it survives leaving the page. */
export interface ContextsView {
  query: string
  groupByFile: boolean
  favouritesOnly: boolean
  /** Source paths whose groups are collapsed. */
  collapsed: ReadonlySet<string>
  /** The column the list is sorted by (a header click), or null for the default order. */
  sort: ContextSort | null
  /** Column widths the person dragged, in px (others size themselves). */
  widths: Partial<Record<SortColumn, number>>
}

export interface ContextsSlice {
  kube: KubeconfigOverview | null
  /** Why the overview could not be loaded (the page shows it; the last good overview stays). */
  kubeError: ErrorInfo | null
  /** Reports of "Test connection", by contextKey; 'pending' while it runs. */
  connectionReports: Record<string, ConnectionReport | 'pending'>
  /** On-demand reachability, by contextKey: the diagnostic, null when reachable, 'pending' while checking. */
  reachability: Record<string, Diagnostic | null | 'pending'>
  switcher: SwitcherMode | null
  contextDialog: ContextDialog | null
  /** The row the contexts page shows details of (contextKey). */
  selectedContext: string | null
  contextsView: ContextsView

  loadKubeconfig(minRevision?: number): Promise<void>
  /** Optimistic: the title bar and lists show the new context at once; reverted with a notice if the write fails. */
  switchContext(context: ContextRef): Promise<void>
  switchToPrevious(): Promise<void>
  /** These throw so dialogs can show the error in place; the overview reloads on success. The namespace shows at once and reverts on failure. */
  setContextNamespace(context: ContextRef, namespace: string): Promise<void>
  renameContext(context: ContextRef, newName: string): Promise<ContextRef>
  /** `also`: the cluster and user entries the delete leaves unused, removed in the same write. */
  deleteContext(context: ContextRef, also?: { cluster?: string; user?: string }): Promise<void>
  setCluster(context: ContextRef, fields: ClusterEdit, name: string): Promise<void>
  setCredentials(context: ContextRef, fields: UserEdit, name: string): Promise<void>
  createContext(input: NewContext): Promise<ContextRef>
  setContextPreferences(context: ContextRef, patch: { favourite?: boolean; colour?: ContextColour | null }): Promise<void>
  /** Puts back a file's newest saved version (undo), or any one of them (restore); throws for the dialog. */
  undoFile(file: string): Promise<FileVersion>
  restoreFileVersion(file: string, id: string): Promise<FileVersion>
  /** Undoes the last undo of `file`; answers the change it put back. Throws for the dialog. */
  redoFile(file: string): Promise<string>
  /** Writes an import previewed by main; throws for the dialog. */
  applyImport(plan: ImportPlan): Promise<void>
  /** Writes a standalone kubeconfig of one context; returns where. Throws for the dialog. */
  exportContext(context: ContextRef, path: string): Promise<string>
  /** Folder sources: main answers with the new overview. These throw, for the folders dialog. */
  addKubeconfigFolder(path: string): Promise<void>
  removeKubeconfigFolder(path: string): Promise<void>
  testConnection(context: ContextRef): Promise<void>
  checkReachability(context: ContextRef): Promise<void>
  openSwitcher(mode: SwitcherMode): void
  closeSwitcher(): void
  openContextDialog(dialog: ContextDialog): void
  closeContextDialog(): void
  selectContext(key: string | null): void
  setContextsView(patch: Partial<ContextsView>): void
}

export const createContextsSlice: SliceCreator<ContextsSlice> = (api) => (set, get) => {
  // A switch in flight wins over any overview that arrives meanwhile (one may predate the write).
  let pending: { to: ContextRef; from: ContextRef | null } | null = null
  const optimistic = (o: KubeconfigOverview) => (pending ? withSwitch(o, pending.to, pending.from) : o)
  // The overview as main last sent it, before any optimistic change is laid over it.
  const sync = new OverviewSync(
    () => api.call('kubeconfig.overview', {}),
    (next) => set({ kube: optimistic(next), kubeError: null }),
    // A lost link to the app is said by the connection state, not blamed on the kubeconfig files.
    (e) => (isTransportError(e) ? undefined : set({ kubeError: errorInfoOf(e) }))
  )
  const apply = (next: KubeconfigOverview) => sync.accept(next)
  // When the link to the app comes back, read what the files say now (changes made meanwhile).
  let lost = false
  api.onState((state) => {
    if (state === 'closed') lost = true
    else if (state === 'open' && lost) {
      lost = false
      void sync.load()
    }
  })

  const afterWrite = (revision: number) => get().loadKubeconfig(revision)
  /** Every write says what it did, with Undo right there. */
  const written = (file: string, key: string, params: Record<string, unknown>) => get().notify({ kind: 'info', message: { key, params: { ...params, file } }, undoFile: file })

  const patchEntry = (context: ContextRef, patch: Partial<KubeconfigOverview['contexts'][number]>) => {
    const kube = get().kube
    if (!kube) return
    set({ kube: { ...kube, contexts: kube.contexts.map((c) => (sameContext(c, context) ? { ...c, ...patch } : c)) } })
  }

  return {
    kube: null,
    kubeError: null,
    connectionReports: {},
    reachability: {},
    switcher: null,
    contextDialog: null,
    selectedContext: null,
    contextsView: { query: '', groupByFile: true, favouritesOnly: false, collapsed: new Set(), sort: null, widths: {} },

    loadKubeconfig: (minRevision) => sync.load(minRevision),

    switchContext: async (context) => {
      const kube = get().kube
      if (!kube || sameContext(kube.active, context)) return
      const mine = { to: context, from: kube.active }
      pending = mine
      set({ kube: optimistic(kube) })
      try {
        const r = await api.call('kubeconfig.useContext', { context })
        // Main records the switch (previous, recents) before it announces the revision: an
        // overview of that revision shows all of it.
        await afterWrite(r.revision)
        if (pending === mine) pending = null
        if (sync.latest) set({ kube: optimistic(sync.latest) })
      } catch (e) {
        // Nothing was confirmed: the list goes back to what it was (unless another change followed).
        if (pending === mine) {
          pending = null
          set({ kube: optimistic(sync.latest ?? kube) })
        }
        get().notifyError(e)
        // Without the app there is nothing to read again; it reloads when the link is back.
        if (!isTransportError(e)) await get().loadKubeconfig()
      }
    },

    switchToPrevious: async () => {
      const previous = get().kube?.previous
      if (previous) await get().switchContext(previous)
    },

    setContextNamespace: async (context, namespace) => {
      const before = get().kube?.contexts.find((c) => sameContext(c, context))?.namespace
      patchEntry(context, { namespace })
      try {
        const r = await api.call('kubeconfig.setContext', { context, namespace })
        await afterWrite(r.revision)
        written(context.file, 'contexts.written.namespace', { name: context.name, namespace: namespace || '—' })
      } catch (e) {
        if (before !== undefined) patchEntry(context, { namespace: before })
        throw e
      }
    },

    renameContext: async (context, newName) => {
      const r = await api.call('kubeconfig.renameContext', { context, newName })
      const selected = get().selectedContext === contextKey(context)
      await afterWrite(r.revision)
      if (selected) set({ selectedContext: contextKey(r.context) })
      written(context.file, 'contexts.written.rename', { from: context.name, to: r.context.name })
      return r.context
    },

    deleteContext: async (context, also = {}) => {
      const r = await api.call('kubeconfig.deleteContext', { context, alsoCluster: !!also.cluster, alsoUser: !!also.user })
      if (get().selectedContext === contextKey(context)) set({ selectedContext: null })
      await afterWrite(r.revision)
      const entries = [also.cluster, also.user].filter(Boolean).join(', ')
      written(context.file, entries ? 'contexts.written.deleteWith' : 'contexts.written.delete', { name: context.name, entries })
    },
    setCluster: async (context, fields, name) => {
      const r = await api.call('kubeconfig.setCluster', { context, ...fields })
      await afterWrite(r.revision)
      written(r.files[0] ?? context.file, 'contexts.written.cluster', { name })
    },
    setCredentials: async (context, fields, name) => {
      const r = await api.call('kubeconfig.setCredentials', { context, ...fields })
      await afterWrite(r.revision)
      written(r.files[0] ?? context.file, 'contexts.written.user', { name })
    },
    createContext: async (input) => {
      const r = await api.call('kubeconfig.createContext', input)
      await afterWrite(r.revision)
      set({ selectedContext: contextKey(r.context) })
      written(input.file, 'contexts.written.created', { name: input.name })
      return r.context
    },

    setContextPreferences: async (context, patch) => {
      const before = get().kube?.contexts.find((c) => sameContext(c, context))
      if (!before) return
      patchEntry(context, {
        ...(patch.favourite !== undefined ? { favourite: patch.favourite } : {}),
        ...(patch.colour !== undefined ? { colour: patch.colour ?? undefined } : {})
      })
      try {
        await api.call('kubeconfig.setPreferences', { context, ...patch })
      } catch (e) {
        patchEntry(context, { favourite: before.favourite, colour: before.colour })
        get().notifyError(e)
      }
    },

    undoFile: async (file) => {
      const r = await api.call('kubeconfig.undo', { file })
      await afterWrite(r.revision)
      return r.restored
    },
    redoFile: async (file) => {
      const r = await api.call('kubeconfig.redo', { file })
      await afterWrite(r.revision)
      return r.reason
    },
    restoreFileVersion: async (file, id) => {
      const r = await api.call('kubeconfig.restore', { file, id })
      await afterWrite(r.revision)
      return r.restored
    },
    applyImport: async (plan) => {
      const r = await api.call('kubeconfig.importApply', { plan })
      await afterWrite(r.revision)
    },
    exportContext: async (context, path) => (await api.call('kubeconfig.export', { context, path })).path,

    addKubeconfigFolder: async (path) => apply(await api.call('kubeconfig.addFolder', { path })),
    removeKubeconfigFolder: async (path) => apply(await api.call('kubeconfig.removeFolder', { path })),

    testConnection: async (context) => {
      const key = contextKey(context)
      set({ connectionReports: { ...get().connectionReports, [key]: 'pending' } })
      let report: ConnectionReport
      try {
        report = await api.call('kubeconfig.testConnection', { context })
      } catch (e) {
        report = { context, server: '', ok: false, steps: [], error: errorInfoOf(e) }
      }
      set({ connectionReports: { ...get().connectionReports, [key]: report } })
    },

    checkReachability: async (context) => {
      const key = contextKey(context)
      set({ reachability: { ...get().reachability, [key]: 'pending' } })
      let result: Diagnostic | null
      try {
        result = await api.call('kubeconfig.checkReachability', { context })
      } catch (e) {
        // The context cannot even make a client (cluster missing, unreadable credentials).
        result = { kind: 'unreachable', severity: 'error', server: '', cause: 'other', reason: errorInfoOf(e).message }
      }
      set({ reachability: { ...get().reachability, [key]: result } })
    },

    openSwitcher: (mode) => set({ switcher: mode }),
    closeSwitcher: () => set({ switcher: null }),
    openContextDialog: (dialog) => set({ contextDialog: dialog, switcher: null }),
    closeContextDialog: () => set({ contextDialog: null }),
    selectContext: (key) => set({ selectedContext: key }),
    setContextsView: (patch) => set({ contextsView: { ...get().contextsView, ...patch } })
  }
}

/** The overview as it will be once `to` is active: previous and recents move as main moves them. */
export function withSwitch(kube: KubeconfigOverview, to: ContextRef, from: ContextRef | null): KubeconfigOverview {
  const previous = from ?? kube.previous
  const same = (a: ContextRef | null | undefined, b: ContextRef | null | undefined) => (!a && !b) || sameContext(a, b)
  if (same(kube.active, to) && same(kube.previous, previous) && same(kube.recents[0], to)) return kube
  return {
    ...kube,
    active: to,
    previous,
    recents: [to, ...kube.recents.filter((r) => !sameContext(r, to))]
  }
}

const isTransportError = (e: unknown) => errorInfoOf(e).code.startsWith('transport.')
