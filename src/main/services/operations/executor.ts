// Runs a journaled plan: forward (run, resume from the step that stopped it) or backward (roll
// back through the undos). Every step start and end is on disk before the next command is sent,
// so whatever happens to this process or the SSH connection, the journal says where it stood.
import type {
  BuiltinAction,
  CommandRecord,
  OperationDetail,
  OperationProgress,
  Plan,
  PlanAction,
  PlanCheck,
  PlanHost,
  PlanStep,
  StepStatus
} from '../../../shared/model/operations'
import { linesRunOn } from '../../../shared/model/operations'
import type { z } from 'zod'
import { toErrorInfo } from '../../../shared/errors'
import { fromJournal, type ShellCommand } from '../shell'
import type { BuiltinImpl } from './builtins'
import type { JournalRecord, JournalWriter, RunMode } from './journal'

/** What the engine needs of an SSH session (the SSH service's HostSession satisfies it). */
export interface RemoteHost {
  run(
    command: ShellCommand,
    opts?: {
      sudo?: boolean
      timeoutMs?: number
      signal?: AbortSignal
      onStdout?(chunk: string): void
      onStderr?(chunk: string): void
      audit?: { context?: string; purpose?: string }
    }
  ): Promise<{ exitCode: number | null; signal?: string; stdout: string; stderr: string; durationMs: number }>
  close(): void
}

export interface BuiltinContext<H extends RemoteHost = RemoteHost> {
  plan: Plan
  action: BuiltinAction
  /** An SSH session to a plan host, shared with the step's shell actions. */
  host(hostId: string): Promise<H>
  stdout(chunk: string): void
  stderr(chunk: string): void
  signal: AbortSignal
}

export interface BuiltinOutcome {
  ok: boolean
  /** Shown as the command's output and matched by checks' stdoutMatches. */
  output?: string
  error?: string
}

/**
 * A domain (etcd, certs, …) teaches the engine how to reach its hosts and run its built-ins.
 * `T` is what its plans store to reach a host again (checked by `target` when read back from a
 * journal); `A` is who to ask for host keys and passwords (the window or terminal that started
 * the run; absent when nobody is there).
 */
export interface OperationDomain<H extends RemoteHost, T, A> {
  target: z.ZodType<T>
  connect(hostId: string, host: PlanHost<T>, plan: Plan, signal: AbortSignal, asker: A | undefined): Promise<H>
  builtins: BuiltinImpl<H>[]
}

export type ProgressEvent = OperationProgress extends infer P ? (P extends OperationProgress ? Omit<P, 'id' | 'seq'> : never) : never

export interface ExecuteOptions<H extends RemoteHost, T, A> {
  plan: Plan
  mode: RunMode
  /** The state replayed from the journal just before this run. */
  before: OperationDetail
  journal: JournalWriter
  domain: OperationDomain<H, T, A>
  signal: AbortSignal
  asker?: A
  emit(event: ProgressEvent): void
}

const OUTPUT_TAIL = 8 * 1024
const tail = (s: string) => (s.length > OUTPUT_TAIL ? '…' + s.slice(-OUTPUT_TAIL) : s)
const now = () => new Date().toISOString()

class StepFailure extends Error {}

export async function execute<H extends RemoteHost, T, A>(opts: ExecuteOptions<H, T, A>): Promise<void> {
  const { plan, mode, before, journal, domain, signal, emit, asker } = opts
  const sessions = new Map<string, Promise<H>>()
  const builtins = new Map(domain.builtins.map((b) => [b.name, b]))
  const status = new Map<string, StepStatus>(before.steps.map((s) => [s.id, s.status]))

  const write = async (r: JournalRecord) => {
    await journal.append(r)
  }
  /** Journals a finished command, then shows it live: the live view and a replay read the same records. */
  const recordCommand = async (step: PlanStep, phase: 'action' | 'check' | 'undo', r: CommandRecord & { ok?: boolean }) => {
    const { ok: _ok, ...record } = r
    await write({ t: 'command', at: now(), step: step.id, phase, ...record })
    emit({ type: 'record', step: step.id, record: { ...record, phase } })
  }

  const host = (hostId: string): Promise<H> => {
    let s = sessions.get(hostId)
    if (!s) {
      const h = plan.hosts[hostId]
      if (!h) return Promise.reject(new Error(`The plan names no host "${hostId}".`))
      const target = domain.target.safeParse(h.target)
      if (!target.success)
        return Promise.reject(
          new Error(`The journal's address of ${h.label} is not one this Kubedeck can use (${target.error.issues.map((i) => i.message).join('; ')}); build the plan again.`)
        )
      s = domain.connect(hostId, { ...h, target: target.data }, plan, signal, asker)
      // A failed connection is not cached: the next step (or a resume) tries again.
      s.catch(() => sessions.delete(hostId))
      sessions.set(hostId, s)
    }
    return s
  }

  /** Runs one action; resolves with its record, never throws (failures are records too). */
  const runAction = async (step: PlanStep, action: PlanAction, label: string): Promise<CommandRecord & { ok: boolean }> => {
    const started = Date.now()
    const command = action.kind === 'shell' ? action.command : action.display.join('\n')
    const where = whereShown(plan, action)
    let output = ''
    const out = (stream: 'stdout' | 'stderr') => (chunk: string) => {
      output += chunk
      if (output.length > 4 * OUTPUT_TAIL) output = output.slice(-2 * OUTPUT_TAIL)
      emit({ type: 'output', step: step.id, stream, chunk })
    }
    emit({ type: 'command', step: step.id, label, command })
    try {
      if (signal.aborted) throw new Error('Cancelled by the user.')
      if (action.kind === 'shell') {
        const session = await host(action.host)
        const h = plan.hosts[action.host]
        // Built with the shell builder when the plan was made; run exactly as shown and confirmed.
        const r = await session.run(fromJournal(action.command), {
          sudo: Boolean(action.root && !h.root),
          timeoutMs: action.timeoutMs ?? 120_000,
          signal,
          onStdout: out('stdout'),
          onStderr: out('stderr'),
          audit: { context: plan.context.name, purpose: `${plan.kind} ${step.id}` }
        })
        if (!output) output = r.stdout + r.stderr
        const ok = r.exitCode === 0
        const error = ok
          ? undefined
          : r.exitCode === null
            ? `The command on ${h.label} was stopped${r.signal ? ` (${r.signal})` : ''}${signal.aborted ? ' because the operation was cancelled' : ''}.`
            : `The command on ${h.label} exited with code ${r.exitCode}${lastLine(r.stderr || r.stdout)}.`
        return { label, ...where, command, exitCode: r.exitCode, durationMs: Date.now() - started, output: tail(output), error, ok }
      }
      const builtin = builtins.get(action.name)
      if (!builtin) throw new Error(`No built-in "${action.name}" is registered for ${plan.domain} plans.`)
      const r = await builtin.run(action.args, { plan, action, host, stdout: out('stdout'), stderr: out('stderr'), signal })
      if (r.output && !output) output = r.output
      return {
        label,
        ...where,
        command,
        exitCode: r.ok ? 0 : 1,
        durationMs: Date.now() - started,
        output: tail(r.output ?? output),
        error: r.ok ? undefined : (r.error ?? 'The check did not pass.'),
        ok: r.ok
      }
    } catch (e) {
      const on = action.host ? ` on ${plan.hosts[action.host]?.label ?? action.host}` : ''
      const info = toErrorInfo(e)
      // Drop the session: if the connection died, the next attempt (or a resume) reconnects.
      if (action.host) {
        const s = sessions.get(action.host)
        sessions.delete(action.host)
        void s?.then((x) => x.close()).catch(() => undefined)
      }
      return {
        label,
        ...where,
        command,
        exitCode: null,
        durationMs: Date.now() - started,
        output: tail(output),
        error: `${info.message}${on && !info.message.includes(on.trim()) ? on : ''}${info.hint ? ` ${info.hint}` : ''}`,
        ok: false
      }
    }
  }

  const runCheck = async (step: PlanStep, check: PlanCheck, phase: 'check' | 'undo') => {
    const deadline = Date.now() + (check.retry?.timeoutMs ?? 0)
    let attempts = 0
    // Every attempt is journalled and shown with its result, so a step that passed on its fifth
    // try never reads as its first "still starting" (the live view and a replay agree).
    for (;;) {
      attempts++
      const r = await runAction(step, check.action, `check: ${check.description}`)
      const matched = r.ok && (!check.stdoutMatches || new RegExp(check.stdoutMatches, 'm').test(r.output))
      const done = matched || !check.retry || Date.now() >= deadline || signal.aborted
      const error = matched
        ? undefined
        : done
          ? `Check failed: ${check.description}${attempts > 1 ? ` (after ${attempts} attempts over ${Math.round(check.retry!.timeoutMs / 1000)} s)` : ''}. ${r.error ?? 'The output did not show the expected result.'}`
          : `Not yet: ${r.error ?? 'the output did not show the expected result'}; trying again in ${Math.round(check.retry!.intervalMs / 1000) || 1} s.`
      // Attempts before the last keep a short tail: a check may poll a hundred times.
      const output = done ? r.output : r.output.slice(-1024)
      await recordCommand(step, phase, { ...r, output, ...(check.retry ? { attempt: attempts } : {}), passed: matched, error })
      if (done) {
        if (!matched) throw new StepFailure(error!)
        return
      }
      await pause(check.retry!.intervalMs, signal)
    }
  }

  /** `at`: the time the journal gave the step's start or end (the view shows durations from it). */
  const setStatus = (step: string, s: StepStatus, error?: string, at?: string) => {
    status.set(step, s)
    emit({ type: 'step', step, status: s, error, ...(at ? { at } : {}) })
  }

  try {
    if (mode === 'rollback') {
      emit({ type: 'state', state: 'rolling-back' })
      const undoable = new Set<StepStatus>(['succeeded', 'failed', 'interrupted', 'undoing', 'undo-failed'])
      const toUndo = [...plan.steps].reverse().filter((s) => s.undo && undoable.has(status.get(s.id)!))
      for (const step of toUndo) {
        await write({ t: 'undo-start', at: now(), step: step.id })
        setStatus(step.id, 'undoing')
        try {
          for (const [i, action] of step.undo!.actions.entries()) {
            const r = await runAction(step, action, `undo ${i + 1}`)
            await recordCommand(step, 'undo', r)
            if (!r.ok) throw new StepFailure(r.error)
          }
          if (step.undo!.check) await runCheck(step, step.undo!.check, 'undo')
        } catch (e) {
          const error = `Undo of "${step.title}" failed: ${(e as Error).message}`
          await write({ t: 'undo-end', at: now(), step: step.id, ok: false, error })
          setStatus(step.id, 'undo-failed', error)
          await write({ t: 'end', at: now(), state: 'rollback-failed', error })
          emit({ type: 'state', state: 'rollback-failed', error })
          return
        }
        await write({ t: 'undo-end', at: now(), step: step.id, ok: true })
        setStatus(step.id, 'undone')
      }
      await write({ t: 'end', at: now(), state: 'rolled-back' })
      emit({ type: 'state', state: 'rolled-back' })
      return
    }

    emit({ type: 'state', state: 'running' })
    for (const step of plan.steps) {
      if (status.get(step.id) === 'succeeded') continue
      const startedAt = now()
      await write({ t: 'step-start', at: startedAt, step: step.id })
      setStatus(step.id, 'running', undefined, startedAt)
      try {
        if (signal.aborted) throw new StepFailure('Cancelled by the user before this step started.')
        for (const [i, action] of step.actions.entries()) {
          const r = await runAction(step, action, step.actions.length > 1 ? `command ${i + 1}` : 'command')
          await recordCommand(step, 'action', r)
          if (!r.ok) throw new StepFailure(r.error)
        }
        if (step.check) await runCheck(step, step.check, 'check')
      } catch (e) {
        const error = (e as Error).message
        const endedAt = now()
        await write({ t: 'step-end', at: endedAt, step: step.id, ok: false, error })
        setStatus(step.id, 'failed', error, endedAt)
        const changed = plan.steps.some((s) => s.destructive && status.get(s.id) !== 'pending')
        const state = changed ? 'failed' : 'refused'
        const message = changed ? `Step "${step.title}" failed: ${error}` : `Step "${step.title}" failed before anything was changed: ${error}`
        await write({ t: 'end', at: now(), state, error: message })
        emit({ type: 'state', state, error: message })
        return
      }
      const endedAt = now()
      await write({ t: 'step-end', at: endedAt, step: step.id, ok: true })
      setStatus(step.id, 'succeeded', undefined, endedAt)
    }
    await write({ t: 'end', at: now(), state: 'succeeded' })
    emit({ type: 'state', state: 'succeeded' })
  } finally {
    for (const s of sessions.values()) void s.then((x) => x.close()).catch(() => undefined)
  }
}

/** Where a person would type the action's lines: its host, or this machine (no `where`). */
function whereShown(plan: Plan, a: PlanAction): { where?: string } {
  const id = linesRunOn(a)
  return id ? { where: plan.hosts[id]?.label ?? id } : {}
}

function lastLine(text: string): string {
  const line = text.trim().split('\n').pop()?.trim()
  return line ? `: ${line.length > 300 ? line.slice(0, 300) + '…' : line}` : ''
}

/** Waits `ms`, or less when the operation is cancelled (polls in steps and checks use it). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve()
    const t = setTimeout(done, ms)
    function done() {
      clearTimeout(t)
      signal.removeEventListener('abort', done)
      resolve()
    }
    signal.addEventListener('abort', done, { once: true })
  })
}
