// Operations in the renderer: the detail of each operation a view shows, kept current by the
// `operations.progress` stream (every window sees every operation). Finished commands arrive as
// the same records the journal holds (so the live view and a replay show the same attempts);
// the command in flight streams its output here until its record replaces it.
import type { ErrorInfo } from '@shared/errors'
import type { OperationDetail, OperationProgress, OperationSummary } from '@shared/model/operations'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'

/** The command in flight per step, with its output so far (bounded: the newest ~256 KB). */
export interface LiveCommand {
  label: string
  command: string
  output: string
}
export type StepOutput = Record<string, LiveCommand | undefined>

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
  /** Journals the plan that removes what `id` set aside; resolves with its id (errors land in operationErrors[id]). */
  planLeftovers(id: string): Promise<string | undefined>
  /** Deletes a finished operation's journal, then lists again (errors are thrown to the caller). */
  deleteOperation(id: string): Promise<void>
}

export const createOperationsSlice: SliceCreator<OperationsSlice> = (api) => (set, get) => {
  // Progress updates arrive faster than a reload: apply them to the detail we have, and reload
  // (coalesced) when a step or the state changes, so the view shows the journal's truth.
  // An event during a reload asks for one more after it: the last event's reload is never
  // dropped (else the view kept a step's first failed attempt, or the state before the end).
  // A reload that read the journal before a change this view already applied is dropped (it
  // would show the state before it); the reload that change asked for follows.
  const reloading = new Map<string, { again: boolean }>()
  const applied = new Map<string, number>()
  const reload = (id: string) => {
    const running = reloading.get(id)
    if (running) {
      running.again = true
      return
    }
    const entry = { again: false }
    reloading.set(id, entry)
    void api
      .call('operations.get', { id })
      .then(
        (detail) => {
          if (detail.seq >= (applied.get(id) ?? 0)) set({ operations: { ...get().operations, [id]: detail } })
          else entry.again = true
        },
        (e: unknown) => set({ operationErrors: { ...get().operationErrors, [id]: errorInfoOf(e) } })
      )
      .finally(() => {
        reloading.delete(id)
        if (entry.again) reload(id)
      })
  }
  api.on('operations.progress', (p: OperationProgress) => {
    const op = get().operations[p.id]
    if (p.type !== 'output' && p.type !== 'command') applied.set(p.id, Math.max(applied.get(p.id) ?? 0, p.seq))
    const live = (step: string, c: LiveCommand | undefined) => set({ operationOutput: { ...get().operationOutput, [p.id]: { ...get().operationOutput[p.id], [step]: c } } })
    if (p.type === 'output') {
      const c = get().operationOutput[p.id]?.[p.step]
      if (!c) return
      const text = c.output + p.chunk
      live(p.step, { ...c, output: text.length > MAX_OUTPUT ? text.slice(-MAX_OUTPUT) : text })
      return
    }
    if (p.type === 'command') {
      live(p.step, { label: p.label, command: p.command, output: '' })
      return
    }
    if (p.type === 'record') {
      live(p.step, undefined)
      if (op) {
        const steps = op.steps.map((s) => (s.id === p.step ? { ...s, commands: [...s.commands, p.record] } : s))
        set({ operations: { ...get().operations, [p.id]: { ...op, steps } } })
      }
      // A reload already under way may have read the journal before this record: read it again.
      reload(p.id)
      return
    }
    if (p.type === 'step' && op) {
      // A new attempt of the step starts with no commands (as the journal's replay reads it).
      const fresh = p.status === 'running'
      if (fresh || p.status === 'undoing') live(p.step, undefined)
      const times = p.at ? (fresh ? { startedAt: p.at, endedAt: undefined } : p.status === 'succeeded' || p.status === 'failed' ? { endedAt: p.at } : {}) : {}
      const steps = op.steps.map((s) => (s.id === p.step ? { ...s, status: p.status, error: p.error ?? s.error, ...times, ...(fresh ? { commands: [] } : {}) } : s))
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
    deleteOperation: async (id) => {
      await api.call('operations.delete', { id })
      const { [id]: _gone, ...rest } = get().operations
      set({ operations: rest })
      await get().loadOperations()
    },
    planLeftovers: async (id) => {
      try {
        const detail = await api.call('operations.planLeftovers', { id })
        set({ operations: { ...get().operations, [detail.id]: detail } })
        return detail.id
      } catch (e) {
        set({ operationErrors: { ...get().operationErrors, [id]: errorInfoOf(e) } })
        return undefined
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
