// The operations engine: journals plans built by domain services, runs them when the user has
// confirmed (typing the context name for destructive plans), resumes or rolls them back from the
// journal — in this process or in a new one after a crash — and reports every change as
// `operations.progress`. One process at a time executes an operation (a lock file beside the
// journal says which).
import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { OperationDetail, OperationProgress, OperationSummary, Plan } from '../../../shared/model/operations'
import { AppError } from '../../../shared/errors'
import { estimatePlan, typicalDurations } from './estimate'
import { leftoversPlan } from './leftovers'
import { execute, type OperationDomain, type ProgressEvent, type RemoteHost } from './executor'
import { JournalWriter, readJournal, type RunMode } from './journal'
import { validatePlan } from './plan-rules'
import { replay } from './replay'
import { t } from '../../../shared/error-messages'

export interface OperationsServiceOptions {
  dataDir: string
  /** App-wide fan-out (every window sees every operation's progress). */
  broadcast?(payload: OperationProgress): void
}

/** How a domain's plans run: execute() bound to the domain, its types kept inside the closure. */
type DomainRunner<A> = (opts: {
  plan: Plan
  mode: RunMode
  before: OperationDetail
  journal: JournalWriter
  signal: AbortSignal
  asker?: A
  emit(event: ProgressEvent): void
}) => Promise<void>

interface ActiveRun {
  mode: RunMode
  abort: AbortController
  done: Promise<void>
}

/** `A` is who a run asks for host keys and passwords (the SSH domain's interaction in the app). */
export class OperationsService<A = never> {
  readonly dir: string
  private readonly domains = new Map<string, DomainRunner<A>>()
  private readonly active = new Map<string, ActiveRun>()
  private readonly seq = new Map<string, number>()
  private readonly listeners = new Set<(p: OperationProgress) => void>()
  private readonly typicalByKind = new Map<string, Promise<Map<string, number>>>()

  constructor(private readonly opts: OperationsServiceOptions) {
    this.dir = join(opts.dataDir, 'operations')
  }

  /**
   * Teaches the engine a domain's hosts and built-ins (given, or built on the first run of one
   * of its plans). The engine only hands a domain's built-ins the sessions its own connect() made.
   */
  registerDomain<H extends RemoteHost, T>(name: string, domain: OperationDomain<H, T, A> | (() => OperationDomain<H, T, A>)): void {
    this.domains.set(name, (o) => execute({ ...o, domain: typeof domain === 'function' ? domain() : domain }))
  }

  /** In-process subscribers (the CLI's live output, tests). */
  onProgress(listener: (p: OperationProgress) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Validates and journals a plan; nothing runs until run(). */
  async create(plan: Plan): Promise<OperationDetail> {
    validatePlan(plan)
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
    const id = `${stamp}-${plan.kind.replace(/[^\w-]+/g, '-')}-${randomBytes(3).toString('hex')}`
    const journal = await JournalWriter.open(this.journalFile(id), true)
    try {
      await journal.append({ t: 'created', at: new Date().toISOString(), id, plan })
    } finally {
      await journal.close()
    }
    return this.get(id)
  }

  async list(): Promise<OperationSummary[]> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const out: OperationSummary[] = []
    for (const n of names) {
      if (!n.endsWith('.jsonl')) continue
      try {
        const { plan: _plan, steps: _steps, journal: _journal, estimate: _estimate, ...summary } = await this.get(n.slice(0, -'.jsonl'.length), false)
        out.push(summary)
      } catch {
        // An unreadable journal is reported by get() when opened; the list shows the rest.
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** `estimate`: add the estimate before Run (a planned operation; reads this kind's earlier runs). */
  async get(id: string, estimate = true): Promise<OperationDetail> {
    const file = this.journalFile(id)
    // Read before the journal: each event is sent after its record is written.
    const seq = this.seq.get(id) ?? 0
    const { records } = await readJournal(file).catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError({ code: 'operations.unknown', message: t`There is no operation ${id} (looked for ${file}).`, file })
      }
      throw e
    })
    const detail = replay({ records, journal: file, active: this.active.has(id) || (await this.lockHolder(id)) !== null })
    detail.seq = seq
    if (estimate && detail.state === 'planned') detail.estimate = estimatePlan(detail.plan, await this.typical(detail.kind))
    return detail
  }

  /** Step durations of this kind's earlier runs, read once per kind until a run ends. */
  private typical(kind: string): Promise<Map<string, number>> {
    let t = this.typicalByKind.get(kind)
    if (!t) {
      t = (async () => {
        const runs: OperationDetail[] = []
        for (const o of await this.list()) {
          if (o.kind === kind && o.state === 'succeeded') runs.push(await this.get(o.id, false).catch(() => null as never))
        }
        return typicalDurations(runs.filter(Boolean))
      })()
      this.typicalByKind.set(kind, t)
    }
    return t
  }

  /**
   * Starts running (or resuming, or rolling back) an operation and returns at once; progress
   * arrives as `operations.progress`. `confirm` must equal the plan's confirmText when it is destructive.
   */
  async start(id: string, mode: RunMode, confirm?: string, asker?: A): Promise<OperationDetail> {
    const detail = await this.get(id)
    const allowed = mode === 'run' ? detail.canRun : mode === 'resume' ? detail.canResume : detail.canRollback
    if (!allowed) {
      throw new AppError({
        code: 'operations.not-allowed',
        message: t`Operation ${id} is ${detail.state}${detail.active ? t` and running` : ''}: it cannot be ${mode === 'run' ? t`run` : mode === 'resume' ? t`resumed` : t`rolled back`} now.`,
        hint: detail.canResume ? t`Resume it or roll it back.` : detail.canRollback ? t`Roll it back.` : undefined
      })
    }
    if (detail.destructive && confirm !== detail.plan.confirmText) {
      throw new AppError({
        code: 'operations.confirm',
        message: t`To ${mode === 'rollback' ? t`roll back` : mode === 'resume' ? t`resume` : t`run`} "${detail.title}", type the context name "${detail.plan.confirmText}" exactly${confirm ? t` (got "${confirm}")` : ''}.`,
        hint: t`The typed name makes sure the plan acts on the cluster you mean.`
      })
    }
    const runDomain = this.domains.get(detail.plan.domain)
    if (!runDomain) {
      throw new AppError({ code: 'operations.domain', message: t`No ${detail.plan.domain} service is available in this process to run operation ${id}.` })
    }
    await this.lock(id)
    const abort = new AbortController()
    let journal: JournalWriter
    try {
      journal = await JournalWriter.open(this.journalFile(id))
      await journal.append({ t: 'run', at: new Date().toISOString(), mode, pid: process.pid, hostname: hostname() })
    } catch (e) {
      await this.unlock(id)
      throw e
    }
    const emit = (event: ProgressEvent) => this.emit(id, event)
    const done = runDomain({ plan: detail.plan, mode, before: detail, journal, signal: abort.signal, emit, asker })
      .catch((e: unknown) => {
        // The journal could not be written (disk full, folder gone): the run stops where it is,
        // and the journal (as far as it got) reads as interrupted.
        emit({ type: 'state', state: 'interrupted', error: `Kubedeck stopped the operation: ${(e as Error).message}` })
      })
      .finally(async () => {
        await journal.close().catch(() => undefined)
        await this.sealSource(id, detail.plan).catch(() => undefined)
        this.active.delete(id)
        this.typicalByKind.delete(detail.kind)
        await this.unlock(id)
        // The last state event went out while the run still held the operation (canRollback and
        // canResume read false then): say when it lets go, so views read what may be done next.
        emit({ type: 'released' })
      })
    this.active.set(id, { mode, abort, done })
    return this.get(id)
  }

  /** Runs to the end (CLI, tests): start() and wait. */
  async runToEnd(id: string, mode: RunMode, confirm?: string, asker?: A): Promise<OperationDetail> {
    await this.start(id, mode, confirm, asker)
    await this.active.get(id)?.done
    return this.get(id)
  }

  /** Waits for a running operation of this process to stop. */
  async wait(id: string): Promise<OperationDetail> {
    await this.active.get(id)?.done
    return this.get(id)
  }

  /** Stops the command in flight; the step fails and the operation can be resumed or rolled back. */
  cancel(id: string): void {
    const run = this.active.get(id)
    if (!run) throw new AppError({ code: 'operations.not-running', message: t`Operation ${id} is not running in this Kubedeck.` })
    run.abort.abort()
  }

  /** Closes a planned, refused or finished operation without running it; its journal stays. */
  async abandon(id: string): Promise<OperationDetail> {
    const detail = await this.get(id)
    if (detail.active) throw new AppError({ code: 'operations.not-allowed', message: t`Operation ${id} is running: cancel it first.` })
    if (detail.changed && detail.state !== 'succeeded' && detail.state !== 'rolled-back') {
      throw new AppError({
        code: 'operations.not-allowed',
        message: t`Operation ${id} changed the cluster and did not finish: resume it or roll it back rather than closing it.`
      })
    }
    if (detail.state !== 'abandoned') {
      const journal = await JournalWriter.open(this.journalFile(id))
      try {
        await journal.append({ t: 'end', at: new Date().toISOString(), state: 'abandoned' })
      } finally {
        await journal.close()
      }
    }
    return this.get(id)
  }

  /**
   * Deletes a finished operation's journal. One that failed or was interrupted after changing
   * something is what a resume or a rollback reads: it stays until it is settled.
   */
  async delete(id: string): Promise<void> {
    const detail = await this.get(id, false)
    if (detail.active || detail.canResume || (detail.canRollback && detail.state !== 'succeeded')) {
      throw new AppError({
        code: 'operations.not-allowed',
        message: t`Operation ${id} is ${detail.state}${detail.active ? t` and running` : ''}: its journal is what a resume or rollback reads, so it stays.`,
        hint: t`Resume it or roll it back first; then it can be deleted.`
      })
    }
    await rm(this.journalFile(id))
    await rm(this.lockFile(id), { force: true })
  }

  /** A plan that removes what a finished operation set aside (old data, backups); journaled, not run. */
  async planLeftovers(id: string): Promise<OperationDetail> {
    return this.create(leftoversPlan(await this.get(id, false)))
  }

  /** Once the removal of an operation's leftovers changed something, that operation cannot be rolled back. */
  private async sealSource(id: string, plan: Plan): Promise<void> {
    const from = plan.params.from
    if (!plan.kind.endsWith('.remove-leftovers') || typeof from !== 'string') return
    if (!(await this.get(id, false)).changed) return
    const journal = await JournalWriter.open(this.journalFile(from))
    try {
      await journal.append({ t: 'sealed', at: new Date().toISOString(), by: id })
    } finally {
      await journal.close()
    }
  }

  /** Stops runs of this process (their journals read as interrupted) and waits for them. */
  async close(): Promise<void> {
    const runs = [...this.active.values()]
    for (const r of runs) r.abort.abort()
    await Promise.all(runs.map((r) => r.done))
  }

  journalFile(id: string): string {
    if (!/^[\w.-]+$/.test(id)) throw new AppError({ code: 'operations.unknown', message: t`"${id}" is not an operation id.` })
    return join(this.dir, `${id}.jsonl`)
  }

  private emit(id: string, event: ProgressEvent): void {
    const seq = (this.seq.get(id) ?? 0) + 1
    this.seq.set(id, seq)
    const payload = { id, seq, ...event } as OperationProgress
    this.opts.broadcast?.(payload)
    for (const l of this.listeners) l(payload)
  }

  private lockFile(id: string): string {
    return join(this.dir, `${id}.lock`)
  }

  /** The pid holding the operation's lock, if that process is alive on this machine. */
  private async lockHolder(id: string): Promise<number | null> {
    const text = await readFile(this.lockFile(id), 'utf8').catch(() => null)
    if (!text) return null
    try {
      const { pid, host } = JSON.parse(text) as { pid: number; host: string }
      if (host !== hostname()) return pid
      process.kill(pid, 0)
      return pid
    } catch {
      return null
    }
  }

  private async lock(id: string): Promise<void> {
    const body = JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() })
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await writeFile(this.lockFile(id), body, { flag: 'wx', mode: 0o600 })
        return
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
        const holder = await this.lockHolder(id)
        if (holder !== null) {
          throw new AppError({
            code: 'operations.busy',
            message: t`Operation ${id} is being run by another Kubedeck process (pid ${holder}).`,
            file: this.lockFile(id),
            hint: t`Wait for it to finish, or stop that process; its journal will then allow resume or rollback.`
          })
        }
        // The process that held it is gone (crash): take the lock over.
        await rm(this.lockFile(id), { force: true })
      }
    }
  }

  private async unlock(id: string): Promise<void> {
    await rm(this.lockFile(id), { force: true })
  }
}
