// Host inventory state of the renderer: the nodes and SSH hosts of the chosen context with
// their targets, connection tests the person asked for, and the queue of questions main is
// waiting on (host keys, passphrases, passwords, keyboard-interactive). Answers go straight
// back to main; secrets are never kept here once sent.
import type { ErrorInfo } from '@shared/errors'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { HostInventory, InventoryHost, SecretVaultStatus, SshConnectionReport, SshPrompt, SshPromptAnswer, SshTarget } from '@shared/model/ssh'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'

export type HostDialog = { kind: 'edit'; host: InventoryHost } | { kind: 'add' } | { kind: 'remove'; host: InventoryHost } | { kind: 'forget-key'; error: ErrorInfo; host: InventoryHost }

export interface HostsSlice {
  /** The context whose hosts the Nodes page shows (null: follow the active context). */
  hostsContext: ContextRef | null
  inventory: HostInventory | null
  inventoryLoading: boolean
  inventoryError: ErrorInfo | null
  /** "Test SSH" results by host id; 'pending' while connecting. */
  hostTests: Record<string, SshConnectionReport | 'pending'>
  hostDialog: HostDialog | null
  /** Questions main is waiting on, oldest first; the first one is shown. */
  sshPrompts: SshPrompt[]
  vault: SecretVaultStatus | null

  chooseHostsContext(context: ContextRef | null): void
  loadInventory(context: ContextRef): Promise<void>
  /** These throw so the dialogs can show the error in place. */
  setHostTarget(host: InventoryHost, target: SshTarget | null): Promise<void>
  addHost(name: string, target: SshTarget): Promise<void>
  removeHost(host: InventoryHost): Promise<void>
  testHost(host: InventoryHost): Promise<void>
  /** Removes the known_hosts line a changed-key refusal named (undoable in main); throws for the dialog. */
  forgetHostKey(file: string, line: number, keyType: string): Promise<void>
  openHostDialog(dialog: HostDialog): void
  closeHostDialog(): void
  receiveSshPrompt(prompt: SshPrompt): void
  answerSshPrompt(id: string, answer: SshPromptAnswer): Promise<void>
  loadVaultStatus(): Promise<void>
}

export const createHostsSlice: SliceCreator<HostsSlice> = (api) => (set, get) => {
  const currentContext = (): ContextRef => {
    const ctx = get().inventory?.context
    if (!ctx) throw new Error('No context chosen')
    return ctx
  }
  const replaceHost = (host: InventoryHost) => {
    const inv = get().inventory
    if (!inv) return
    const exists = inv.hosts.some((h) => h.id === host.id)
    set({ inventory: { ...inv, hosts: exists ? inv.hosts.map((h) => (h.id === host.id ? host : h)) : [...inv.hosts, host] } })
  }
  return {
    hostsContext: null,
    inventory: null,
    inventoryLoading: false,
    inventoryError: null,
    hostTests: {},
    hostDialog: null,
    sshPrompts: [],
    vault: null,

    chooseHostsContext: (context) => set({ hostsContext: context }),

    loadInventory: async (context) => {
      set({ inventoryLoading: true })
      try {
        const inventory = await api.call('ssh.inventory', { context })
        // A slow answer for a context the person already left is dropped.
        const wanted = get().hostsContext
        if (wanted && (wanted.file !== context.file || wanted.name !== context.name)) return
        const sameCluster = get().inventory?.cluster === inventory.cluster
        set({ inventory, inventoryError: null, hostTests: sameCluster ? get().hostTests : {} })
      } catch (e) {
        set({ inventoryError: errorInfoOf(e) })
      } finally {
        set({ inventoryLoading: false })
      }
    },

    setHostTarget: async (host, target) => {
      replaceHost(await api.call('ssh.setTarget', { context: currentContext(), id: host.id, target }))
      const { [host.id]: _old, ...rest } = get().hostTests
      set({ hostTests: rest })
    },

    addHost: async (name, target) => {
      replaceHost(await api.call('ssh.addHost', { context: currentContext(), name, target }))
    },

    removeHost: async (host) => {
      await api.call('ssh.removeHost', { context: currentContext(), id: host.id })
      const inv = get().inventory
      if (inv) set({ inventory: { ...inv, hosts: inv.hosts.filter((h) => h.id !== host.id) } })
    },

    forgetHostKey: async (file, line, keyType) => {
      await api.call('ssh.removeKnownHost', { file, line, keyType })
    },

    testHost: async (host) => {
      set({ hostTests: { ...get().hostTests, [host.id]: 'pending' } })
      try {
        const report = await api.call('ssh.testConnection', { target: host.target })
        set({ hostTests: { ...get().hostTests, [host.id]: report } })
      } catch (e) {
        set({
          hostTests: {
            ...get().hostTests,
            [host.id]: { target: host.target, ok: false, user: '', hostname: host.target.host, port: host.target.port ?? 22, route: [], latencyMs: 0, error: errorInfoOf(e) }
          }
        })
      }
    },

    openHostDialog: (dialog) => set({ hostDialog: dialog }),
    closeHostDialog: () => set({ hostDialog: null }),

    receiveSshPrompt: (prompt) => set({ sshPrompts: [...get().sshPrompts, prompt] }),

    answerSshPrompt: async (id, answer) => {
      set({ sshPrompts: get().sshPrompts.filter((p) => p.id !== id) })
      try {
        await api.call('ssh.answerPrompt', { id, answer })
      } catch (e) {
        get().notifyError(e)
      }
    },

    loadVaultStatus: async () => {
      set({ vault: await api.call('ssh.vaultStatus', {}) })
    }
  }
}
