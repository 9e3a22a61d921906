// Operations in the renderer: the detail of each operation a view shows, kept current by the
// `operations.progress` stream (every window sees every operation), plus the live output of its
// steps, which the journal only keeps a tail of.
import type { ErrorInfo } from '@shared/errors'
import type { OperationDetail, OperationProgress, OperationSummary } from '@shared/model/operations'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'

/** Live output per step (bounded: the newest ~256 KB of each). */
export type StepOutput = Record<string, string>

const MAX_OUTPUT = 256 * 1024

export interface OperationsSlice {
  operations: Record<string, OperationDetail>
  operationOutput: Record<string, StepOutput>
  operationErrors: Record<string, ErrorInfo | undefined>
  operationList: OperationSummary[]
  loadOperation(id: string): Promise<void>
  loadOperations(): Promise<void>
  /** Run, resume or roll back; `confirm` is the typed context name. Errors land in operationErrors[id]. */
  startOperation(id: string, mode: 'run' | 'resume' | 'rollback', confirm: string): Promise<void>
  cancelOperation(id: string): Promise<void>
  abandonOperation(id: string): Promise<void>
}

export const createOperationsSlice: SliceCreator<OperationsSlice> = (api) => (set, get) => {
  // Progress updates arrive faster than a reload: apply them to the detail we have, and reload
  // (coalesced) when a step or the state changes, so the view shows the journal's truth.
  // An event during a reload asks for one more after it: the last event's reload is never
  // dropped (else the view kept a step's first failed attempt, or the state before the end).
  const reloading = new Map<string, { again: boolean }>()
  const reload = (id: string) => {
    const running = reloading.get(id)
    if (running) {
      running.again = true
      return
    }
    const entry = { again: false }
    reloading.set(id, entry)
    void get()
      .loadOperation(id)
      .finally(() => {
        reloading.delete(id)
        if (entry.again) reload(id)
      })
  }
  api.on('operations.progress', (p: OperationProgress) => {
    const op = get().operations[p.id]
    if (p.type === 'output') {
      const out = { ...(get().operationOutput[p.id] ?? {}) }
      const text = (out[p.step] ?? '') + p.chunk
      out[p.step] = text.length > MAX_OUTPUT ? text.slice(-MAX_OUTPUT) : text
      set({ operationOutput: { ...get().operationOutput, [p.id]: out } })
      return
    }
    if (p.type === 'command') {
      const out = { ...(get().operationOutput[p.id] ?? {}) }
      out[p.step] = (out[p.step] ?? '') + `$ ${p.command.split('\n')[0]}${p.command.includes('\n') ? ' …' : ''}\n`
      set({ operationOutput: { ...get().operationOutput, [p.id]: out } })
      return
    }
    if (p.type === 'step' && op) {
      if (p.status === 'running' || p.status === 'undoing') {
        // A new attempt of the step: its live output starts over.
        const out = { ...(get().operationOutput[p.id] ?? {}) }
        out[p.step] = ''
        set({ operationOutput: { ...get().operationOutput, [p.id]: out } })
      }
      const steps = op.steps.map((s) => (s.id === p.step ? { ...s, status: p.status, error: p.error ?? s.error } : s))
      set({ operations: { ...get().operations, [p.id]: { ...op, steps, currentStep: p.step } } })
    }
    if (p.type === 'state' && op) set({ operations: { ...get().operations, [p.id]: { ...op, state: p.state, error: p.error } } })
    reload(p.id)
  })

  return {
    operations: {},
    operationOutput: {},
    operationErrors: {},
    operationList: [],
    loadOperation: async (id) => {
      try {
        const detail = await api.call('operations.get', { id })
        set({ operations: { ...get().operations, [id]: detail } })
      } catch (e) {
        set({ operationErrors: { ...get().operationErrors, [id]: errorInfoOf(e) } })
      }
    },
    loadOperations: async () => {
      set({ operationList: await api.call('operations.list', {}) })
    },
    startOperation: async (id, mode, confirm) => {
      set({ operationErrors: { ...get().operationErrors, [id]: undefined } })
      try {
        const call = mode === 'run' ? 'operations.run' : mode === 'resume' ? 'operations.resume' : 'operations.rollback'
        const detail = await api.call(call, { id, confirm })
        set({ operations: { ...get().operations, [id]: detail } })
      } catch (e) {
        set({ operationErrors: { ...get().operationErrors, [id]: errorInfoOf(e) } })
      }
    },
    cancelOperation: async (id) => {
      try {
        await api.call('operations.cancel', { id })
      } catch (e) {
        set({ operationErrors: { ...get().operationErrors, [id]: errorInfoOf(e) } })
      }
    },
    abandonOperation: async (id) => {
      try {
        const detail = await api.call('operations.abandon', { id })
        set({ operations: { ...get().operations, [id]: detail } })
      } catch (e) {
        set({ operationErrors: { ...get().operationErrors, [id]: errorInfoOf(e) } })
      }
    }
  }
}
