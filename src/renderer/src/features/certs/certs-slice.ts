// The Certificates page's state, per context: the last inventory, whether one is being read,
// and which plan (renewal, kubelet rotation, CSR decision) is open. Plans live in the operations
// slice. The page shows the context the user chose here (a contexts-page chip opens it on its
// own context) or, by default, the active one: looking at a cluster never switches kubectl's.
import type { ErrorInfo } from '@shared/errors'
import type { CertInventory } from '@shared/model/certs'
import type { ContextRef } from '@shared/model/kubeconfig'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'
import { launchPlan } from '../operations'

export interface CertsContextState {
  inventory?: CertInventory
  reading?: boolean
  error?: ErrorInfo
  /** Operation id of the plan the page shows. */
  plan?: string
  planning?: boolean
  planError?: ErrorInfo
}

export interface CertsSlice {
  certs: Record<string, CertsContextState>
  /** The context the page shows when the user chose one (null: the active context). */
  certsContext: ContextRef | null
  /** Opens the page on a context (from a contexts-page chip). */
  showCertificates(context: ContextRef): void
  readCertificates(context: ContextRef, hosts?: string[]): Promise<void>
  /** The inventory main already has (no SSH) or, if none, a fresh read. */
  loadCertificates(context: ContextRef): Promise<void>
  planRenewal(context: ContextRef, opts: { hosts?: string[]; only?: string[]; updateKubeconfig?: boolean }): Promise<void>
  planKubeletRotation(context: ContextRef, node: string): Promise<void>
  planCsrDecision(context: ContextRef, name: string, decision: 'approve' | 'deny'): Promise<void>
  openCertsPlan(context: ContextRef, id: string | undefined): void
}

export const certsKey = (c: ContextRef) => `${c.file}\u0000${c.name}`

export const createCertsSlice: SliceCreator<CertsSlice> = (api) => (set, get) => {
  const patch = (c: ContextRef, p: Partial<CertsContextState>) => {
    const k = certsKey(c)
    set({ certs: { ...get().certs, [k]: { ...get().certs[k], ...p } } })
  }
  const plan = (c: ContextRef, make: () => Promise<{ id: string }>) => launchPlan(get().loadOperation, (p) => patch(c, p), make)
  return {
    certs: {},
    certsContext: null,
    showCertificates: (context) => {
      set({ certsContext: context })
      get().goTo('certs')
    },
    readCertificates: async (context, hosts) => {
      patch(context, { reading: true, error: undefined })
      try {
        patch(context, { inventory: await api.call('certs.inventory', { context, hosts }), reading: false })
      } catch (e) {
        patch(context, { error: errorInfoOf(e), reading: false })
      }
    },
    loadCertificates: async (context) => {
      const s = get().certs[certsKey(context)]
      if (s?.inventory || s?.reading) return
      const cached = await api.call('certs.cached', { context }).catch(() => null)
      if (cached) patch(context, { inventory: cached })
      else await get().readCertificates(context)
    },
    planRenewal: (context, opts) => plan(context, () => api.call('certs.planRenew', { context, ...opts })),
    planKubeletRotation: (context, node) => plan(context, () => api.call('certs.planRotateKubelet', { context, node })),
    planCsrDecision: (context, name, decision) => plan(context, () => api.call('certs.planCsr', { context, name, decision })),
    openCertsPlan: (context, id) => {
      patch(context, { plan: id, planError: undefined })
      // Back from a finished plan: what the hosts hold now.
      if (!id) void get().readCertificates(context)
    }
  }
}
