// Terminal tabs of this window. Opening picks the session id here and creates the screen
// before asking main, so no output can arrive for a tab that does not exist yet. After a page
// reload (or a dropped web-mode connection) the sessions main kept are attached again.
import type { ContextRef } from '@shared/model/kubeconfig'
import type { SshTarget } from '@shared/model/ssh'
import type { TerminalInfo, TerminalSize } from '@shared/model/terminals'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'
import { TerminalScreens } from './screens'

export const TERMINALS_PAGE = 'terminals'

export type TerminalDialog = { kind: 'pod'; context?: ContextRef; namespace?: string; pod?: string } | { kind: 'local'; context?: ContextRef }

export interface PodTerminalRequest {
  context: ContextRef
  namespace: string
  pod: string
  container?: string
  command?: string[]
}

export interface TerminalsSlice {
  /** This window's tabs, in the order they were opened. */
  terminals: TerminalInfo[]
  /** Sessions another window shows (web mode: another browser tab); one can take them over. */
  terminalsElsewhere: TerminalInfo[]
  activeTerminal: string | null
  terminalDialog: TerminalDialog | null
  /** The terminal whose search bar is open. */
  terminalFind: string | null
  /** The xterm.js screens (not state: a stable object that outlives renders). */
  terminalScreens: TerminalScreens

  /** Lists main's sessions and attaches those that belong here or to no window. */
  loadTerminals(): Promise<void>
  /** `name`: how the tab calls the host (a node's name when the target is its address). */
  openSshTerminal(target: SshTarget, context?: ContextRef, name?: string): Promise<void>
  openPodTerminal(request: PodTerminalRequest): Promise<void>
  openLocalTerminal(context: ContextRef): Promise<void>
  /** Shows a session here that another window showed. */
  takeOverTerminal(id: string): Promise<void>
  /** Reconnect after lost, restart after exit, retry after failure. */
  reconnectTerminal(id: string): Promise<void>
  closeTerminal(id: string): Promise<void>
  activateTerminal(id: string): void
  openTerminalDialog(dialog: TerminalDialog): void
  closeTerminalDialog(): void
  setTerminalFind(id: string | null): void
}

type Opener = (id: string, size: TerminalSize) => Promise<TerminalInfo>

const QUIET_INPUT_ERRORS = new Set(['transport.closed', 'terminals.not-attached', 'terminals.unknown'])

export const createTerminalsSlice: SliceCreator<TerminalsSlice> = (api) => (set, get) => {
  const screens = new TerminalScreens(
    api,
    {
      // Input racing a lost connection or a tab leaving for another window has nowhere to go;
      // the connection state and the tab itself already say so.
      error: (e) => {
        if (!QUIET_INPUT_ERRORS.has(errorInfoOf(e).code)) get().notifyError(e)
      },
      find: (id) => set({ terminalFind: id })
    },
    () => get().preferences?.terminalScrollback ?? 10_000
  )
  /** How each tab was opened, to retry when main never got to create the session. */
  const openers = new Map<string, Opener>()
  let wired = false
  let wasDisconnected = false
  let loading: Promise<void> | null = null

  const upsert = (info: TerminalInfo) => {
    const list = get().terminals
    const at = list.findIndex((t) => t.id === info.id)
    set({ terminals: at < 0 ? [...list, info] : list.map((t, i) => (i === at ? info : t)) })
  }
  const patch = (id: string, change: Partial<TerminalInfo>) => {
    const current = get().terminals.find((t) => t.id === id)
    if (current) upsert({ ...current, ...change })
  }
  const drop = (id: string) => {
    screens.dispose(id)
    openers.delete(id)
    const list = get().terminals
    const at = list.findIndex((t) => t.id === id)
    if (at < 0) return
    const rest = list.filter((t) => t.id !== id)
    const active = get().activeTerminal === id ? (rest[Math.min(at, rest.length - 1)]?.id ?? null) : get().activeTerminal
    set({ terminals: rest, activeTerminal: active, terminalFind: get().terminalFind === id ? null : get().terminalFind })
  }

  const wire = () => {
    if (wired) return
    wired = true
    screens.wire()
    api.on('terminals.state', (info) => {
      if (get().terminals.some((t) => t.id === info.id)) upsert(info)
    })
    api.on('terminals.closed', ({ id }) => drop(id))
    // Web mode: after the WebSocket comes back, main sees a new client whose sessions are detached.
    api.onState((state) => {
      if (state === 'closed') wasDisconnected = true
      else if (state === 'open' && wasDisconnected) {
        wasDisconnected = false
        void get().loadTerminals()
      }
    })
  }

  const attach = async (info: TerminalInfo) => {
    const existing = screens.get(info.id)
    // The replay repaints the screen: start from a clean one.
    if (existing) existing.reset()
    const screen = existing ?? screens.create(info.id, info.size)
    upsert({ ...info, attached: true })
    try {
      upsert(await api.call('terminals.attach', { id: info.id, ...screen.size }))
    } catch (e) {
      patch(info.id, { state: 'failed', error: errorInfoOf(e) })
    }
  }

  const open = async (id: string, placeholder: Pick<TerminalInfo, 'kind' | 'host' | 'detail' | 'context'>, opener: Opener) => {
    wire()
    const size = screens.preferredSize()
    screens.create(id, size)
    openers.set(id, opener)
    upsert({ id, ...placeholder, state: 'connecting', size, attached: true, openedAt: new Date().toISOString() })
    set({ activeTerminal: id })
    get().goTo(TERMINALS_PAGE)
    try {
      upsert(await opener(id, size))
    } catch (e) {
      patch(id, { state: 'failed', error: errorInfoOf(e) })
    }
  }

  return {
    terminals: [],
    terminalsElsewhere: [],
    activeTerminal: null,
    terminalDialog: null,
    terminalFind: null,
    terminalScreens: screens,

    loadTerminals: () => {
      // One load at a time: two attaches of the same session would replay its output twice.
      loading ??= (async () => {
        wire()
        let listed
        try {
          listed = await api.call('terminals.list', {})
        } catch (e) {
          get().notifyError(e)
          return
        }
        const mine = new Set(get().terminals.map((t) => t.id))
        const here = listed.filter((t) => t.yours || !t.attached || mine.has(t.id))
        set({ terminalsElsewhere: listed.filter((t) => !here.includes(t)) })
        // Tabs whose session main no longer has (it expired while the page was away) go.
        for (const t of get().terminals) if (!listed.some((l) => l.id === t.id) && t.state !== 'failed') drop(t.id)
        await Promise.all(here.map((t) => attach(t)))
        if (!get().activeTerminal && get().terminals.length > 0) set({ activeTerminal: get().terminals[0].id })
      })().finally(() => {
        loading = null
      })
      return loading
    },

    openSshTerminal: (target, context, name) =>
      open(crypto.randomUUID(), { kind: 'ssh', host: name ?? target.host, detail: target.user ? `${target.user}@${target.host}` : target.host, context }, (id, size) =>
        api.call('terminals.openSsh', { id, ...size, target, context, name })
      ),

    openPodTerminal: (request) =>
      open(
        crypto.randomUUID(),
        { kind: 'pod', host: request.container ? `${request.pod}/${request.container}` : request.pod, detail: `${request.namespace}/${request.pod}`, context: request.context },
        (id, size) => api.call('terminals.openPod', { id, ...size, ...request })
      ),

    openLocalTerminal: (context) =>
      open(crypto.randomUUID(), { kind: 'local', host: 'local', detail: context.name, context }, (id, size) =>
        api.call('terminals.openLocal', { id, ...size, context })
      ),

    takeOverTerminal: async (id) => {
      const info = get().terminalsElsewhere.find((t) => t.id === id)
      if (!info) return
      wire()
      set({ terminalsElsewhere: get().terminalsElsewhere.filter((t) => t.id !== id), activeTerminal: id })
      await attach(info)
    },

    reconnectTerminal: async (id) => {
      const screen = screens.get(id)
      const info = get().terminals.find((t) => t.id === id)
      if (!screen || !info) return
      const opener = openers.get(id)
      // A tab whose open call failed before main created the session: open it again.
      const neverOpened = info.state === 'failed' && opener && !(await api.call('terminals.list', {}).then((l) => l.some((t) => t.id === id), () => false))
      patch(id, { state: 'reconnecting', error: undefined, exitCode: undefined, signal: undefined })
      try {
        upsert(neverOpened ? await opener(id, screen.size) : await api.call('terminals.reconnect', { id, ...screen.size }))
      } catch (e) {
        patch(id, { state: 'failed', error: errorInfoOf(e) })
      }
    },

    closeTerminal: async (id) => {
      drop(id)
      await api.call('terminals.close', { id }).catch((e: unknown) => get().notifyError(e))
    },

    activateTerminal: (id) => set({ activeTerminal: id }),
    openTerminalDialog: (dialog) => set({ terminalDialog: dialog }),
    closeTerminalDialog: () => set({ terminalDialog: null }),
    setTerminalFind: (id) => set({ terminalFind: id })
  }
}

/** "node-1 · prod" : the host, then the context it belongs to. */
export function terminalTitle(t: Pick<TerminalInfo, 'host' | 'context'>): string {
  return t.context ? `${t.host} · ${t.context.name}` : t.host
}
