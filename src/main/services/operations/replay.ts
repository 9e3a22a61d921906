// Turns a journal into the operation's state: which steps ran, which one stopped it, and what
// the user may do next. The same function serves the live view, a new process after a crash,
// and the tests that assert where an interrupted operation stopped.
import type { OperationDetail, OperationState, StepRun } from '../../../shared/model/operations'
import type { JournalRecord, RunMode } from './journal'

export interface ReplayInput {
  records: JournalRecord[]
  journal: string
  /** True when a live process (this one or another holding the lock) is executing it now. */
  active: boolean
}

export function replay({ records, journal, active }: ReplayInput): OperationDetail {
  const created = records[0] as Extract<JournalRecord, { t: 'created' }>
  const plan = created.plan
  const steps = new Map<string, StepRun>(plan.steps.map((s) => [s.id, { id: s.id, status: 'pending', attempts: 0, commands: [] }]))
  let lastMode: RunMode | null = null
  let ended: Extract<JournalRecord, { t: 'end' }> | null = null
  let updatedAt = created.at
  let currentStep: string | undefined

  for (const r of records) {
    updatedAt = r.at
    switch (r.t) {
      case 'run':
        lastMode = r.mode
        ended = null
        break
      case 'step-start': {
        const s = steps.get(r.step)
        if (!s) break
        s.status = 'running'
        s.attempts++
        s.startedAt = r.at
        s.endedAt = undefined
        s.error = undefined
        s.commands = []
        currentStep = r.step
        break
      }
      case 'command': {
        const s = steps.get(r.step)
        if (!s) break
        const { t: _t, at: _at, step: _step, ...command } = r
        s.commands.push(command)
        break
      }
      case 'step-end': {
        const s = steps.get(r.step)
        if (!s) break
        s.status = r.ok ? 'succeeded' : 'failed'
        s.endedAt = r.at
        s.error = r.error
        break
      }
      case 'undo-start': {
        const s = steps.get(r.step)
        if (!s) break
        s.status = 'undoing'
        s.undoError = undefined
        currentStep = r.step
        break
      }
      case 'undo-end': {
        const s = steps.get(r.step)
        if (!s) break
        s.status = r.ok ? 'undone' : 'undo-failed'
        s.undoError = r.error
        break
      }
      case 'end':
        ended = r
        break
    }
  }

  if (!active) {
    for (const s of steps.values()) {
      if (s.status === 'running') s.status = 'interrupted'
      if (s.status === 'undoing') {
        s.status = 'undo-failed'
        s.undoError = 'The process running the rollback stopped during this undo.'
      }
    }
  }

  const byId = (id: string) => plan.steps.find((s) => s.id === id)
  const changed = [...steps.values()].some((s) => s.status !== 'pending' && byId(s.id)?.destructive)
  const rollbackStarted = records.some((r) => r.t === 'run' && r.mode === 'rollback')
  const sealed = records.some((r) => r.t === 'sealed')

  let state: OperationState
  let error: string | undefined
  if (ended) {
    state = ended.state
    error = ended.error
  } else if (lastMode === null) {
    state = 'planned'
  } else if (active) {
    state = lastMode === 'rollback' ? 'rolling-back' : 'running'
  } else {
    state = lastMode === 'rollback' ? 'rollback-failed' : 'interrupted'
    const stopped = currentStep ? byId(currentStep) : undefined
    error = stopped
      ? `Kubedeck stopped while ${lastMode === 'rollback' ? 'undoing' : 'running'} step "${stopped.title}" (${stopped.id}).`
      : 'Kubedeck stopped before the first step ended.'
  }

  const settled = !active && (state === 'failed' || state === 'interrupted' || state === 'refused')
  const runs = [...steps.values()]
  const startedAt = runs
    .map((r) => r.startedAt)
    .filter((x): x is string => !!x)
    .sort()[0]
  const endedAt = active
    ? undefined
    : runs
        .map((r) => r.endedAt)
        .filter((x): x is string => !!x)
        .sort()
        .pop()
  const detail: OperationDetail = {
    id: created.id,
    kind: plan.kind,
    title: plan.title,
    ...(plan.says?.title ? { titleSays: plan.says.title } : {}),
    context: plan.context,
    state,
    createdAt: created.at,
    updatedAt,
    ...(startedAt ? { startedAt } : {}),
    ...(endedAt ? { endedAt } : {}),
    currentStep: state === 'succeeded' || state === 'planned' || state === 'rolled-back' ? undefined : currentStep,
    error,
    destructive: plan.steps.some((s) => s.destructive),
    changed,
    plan,
    steps: plan.steps.map((s) => steps.get(s.id)!),
    journal,
    canRun: !active && state === 'planned',
    canResume: settled && !rollbackStarted,
    canRollback: !active && !sealed && changed && (state === 'failed' || state === 'interrupted' || state === 'rollback-failed' || state === 'succeeded'),
    active,
    seq: 0
  }
  return detail
}
