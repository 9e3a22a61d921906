// The engine against real commands: a "host" here is this machine's /bin/sh in a temp folder,
// so moves, failures, checks and undos really happen on disk, and a crash is a real SIGKILL of
// a child process running the engine.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OperationProgress, Plan, PlanStep } from '../../../shared/model/operations'
import { AppError } from '../../../shared/errors'
import { z } from 'zod'
import { defineBuiltin, implement } from './builtins'
import type { OperationDomain, RemoteHost } from './executor'
import { formatOperation, formatPlan } from './format'
import { readJournal } from './journal'
import { OperationsService } from './operations-service'

/** Runs commands with the local /bin/sh (the same contract as an SSH HostSession). */
function localHost(cwd: string): RemoteHost {
  return {
    run: (command, opts = {}) =>
      new Promise((resolve) => {
        const started = Date.now()
        const child = spawn('/bin/sh', ['-c', command.text], { cwd, signal: opts.signal })
        let stdout = ''
        let stderr = ''
        child.stdout.setEncoding('utf8').on('data', (d: string) => ((stdout += d), opts.onStdout?.(d)))
        child.stderr.setEncoding('utf8').on('data', (d: string) => ((stderr += d), opts.onStderr?.(d)))
        child.on('error', () => undefined)
        child.on('close', (code, signal) => resolve({ exitCode: code, signal: signal ?? undefined, stdout, stderr, durationMs: Date.now() - started }))
      }),
    close: () => undefined
  }
}

const fileContains = defineBuiltin('test.fileContains', z.object({ file: z.string(), text: z.string() }))

function localDomain(cwd: string): OperationDomain<RemoteHost, unknown, never> {
  return {
    target: z.unknown(),
    connect: async () => localHost(cwd),
    builtins: [
      implement(fileContains, async (args) => {
        const text = existsSync(join(cwd, args.file)) ? readFileSync(join(cwd, args.file), 'utf8') : ''
        return text.includes(args.text) ? { ok: true, output: text } : { ok: false, error: `${args.file} does not contain ${args.text}` }
      })
    ]
  }
}

const sh = (command: string) => ({ kind: 'shell' as const, host: 'h', command })

/** A step; a destructive one gets a passing check unless the test gives its own (or `check: undefined`): the rules want one. */
function step(id: string, over: Partial<PlanStep> & Pick<PlanStep, 'actions'>): PlanStep {
  const check = over.destructive && !('check' in over) ? { check: { description: `${id} done`, action: sh('true') } } : {}
  return { id, title: `Step ${id}`, description: `does ${id}`, host: 'h', preflight: false, destructive: false, ...check, ...over }
}

/** A small "restore": pre-flight, move data aside, write new data, verify. */
function moveDataPlan(extra: Partial<Plan> = {}, steps?: PlanStep[]): Plan {
  return {
    domain: 'test',
    kind: 'test.move',
    title: 'Replace data',
    summary: 'Moves data aside and writes new data.',
    context: { file: '/tmp/kubeconfig', name: 'lab' },
    confirmText: 'lab',
    hosts: { h: { label: 'local', target: {}, root: true } },
    warnings: [],
    params: {},
    createdAt: new Date().toISOString(),
    steps: steps ?? [
      step('preflight', { preflight: true, actions: [sh('test -f data/old')], check: { description: 'source exists', action: sh('cat data/old'), stdoutMatches: 'v1' } }),
      step('move-aside', {
        destructive: true,
        actions: [sh('if [ -e data ]; then mv data data.aside; fi; test -d data.aside')],
        check: { description: 'the old data is aside', action: sh('test -f data.aside/old') },
        undo: { description: 'move data back', actions: [sh('if [ -e data.aside ] && [ ! -e data ]; then mv data.aside data; fi')] }
      }),
      step('write-new', {
        destructive: true,
        actions: [sh('mkdir -p data && echo v2 > data/new')],
        check: { description: 'new data', action: fileContains.action({ file: 'data/new', text: 'v2' }, { host: 'h', display: ['cat data/new'] }) },
        undo: { description: 'discard new data', actions: [sh('if [ -e data ] && [ -e data.aside ]; then mv data data.discarded; fi')] }
      }),
      step('verify', { actions: [sh('test -f gate && cat data/new')] })
    ],
    ...extra
  }
}

describe('OperationsService', () => {
  let root: string
  let work: string
  let ops: OperationsService
  let events: OperationProgress[]

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kubedeck-ops-'))
    work = join(root, 'work')
    events = []
    ops = new OperationsService({ dataDir: join(root, 'data'), broadcast: (p) => events.push(p) })
    ops.registerDomain('test', localDomain(work))
    rmSync(work, { recursive: true, force: true })
    spawnSyncSh(`mkdir -p ${work}/data && echo v1 > ${work}/data/old`)
  })
  afterEach(async () => {
    await ops.close()
    rmSync(root, { recursive: true, force: true })
  })

  it('refuses plans that break the rules, naming the step', async () => {
    const bad = moveDataPlan({}, [
      step('a', { destructive: true, actions: [sh('true')] }),
      step('b', { preflight: true, actions: [sh('true')] }),
      step('c', { destructive: true, actions: [sh('true')], undo: { description: 'u', actions: [sh('true')] }, check: undefined })
    ])
    await expect(ops.create(bad)).rejects.toThrow(/step a: destructive without an undo.*step b: pre-flight after the first destructive step.*step c: destructive without a check/)
    expect(await ops.list()).toEqual([])
  })

  it('runs a confirmed plan, journaling and streaming every step', async () => {
    writeFileSync(join(work, 'gate'), '')
    const op = await ops.create(moveDataPlan())
    expect(op.state).toBe('planned')
    await expect(ops.start(op.id, 'run', 'prod')).rejects.toThrow(/type the context name "lab" exactly \(got "prod"\)/)
    await expect(ops.start(op.id, 'run')).rejects.toBeInstanceOf(AppError)
    const done = await ops.runToEnd(op.id, 'run', 'lab')
    expect(done.state).toBe('succeeded')
    expect(done.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded'])
    expect(readFileSync(join(work, 'data/new'), 'utf8')).toBe('v2\n')
    expect(readFileSync(join(work, 'data.aside/old'), 'utf8')).toBe('v1\n')

    const { records } = await readJournal(done.journal)
    expect(records.map((r) => r.t)).toEqual([
      'created',
      'run',
      'step-start',
      'command',
      'command',
      'step-end',
      'step-start',
      'command',
      'command',
      'step-end',
      'step-start',
      'command',
      'command',
      'step-end',
      'step-start',
      'command',
      'step-end',
      'end'
    ])
    const output = events
      .filter((e) => e.type === 'output' && e.step === 'verify')
      .map((e) => (e as { chunk: string }).chunk)
      .join('')
    expect(output).toBe('v2\n')
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
    // The end state, then the run lets go: only then may it be rolled back (views reload on it).
    expect(events.slice(-2)).toMatchObject([{ type: 'state', state: 'succeeded' }, { type: 'released' }])
    expect(done.canRollback).toBe(true)
    expect(done.canResume || done.canRun).toBe(false)
    expect(formatOperation(done)).toContain('succeeded   Step write-new')
  })

  it('stops at a failing pre-flight with nothing changed', async () => {
    rmSync(join(work, 'data/old'))
    const op = await ops.create(moveDataPlan())
    const done = await ops.runToEnd(op.id, 'run', 'lab')
    expect(done.state).toBe('refused')
    expect(done.changed).toBe(false)
    expect(done.error).toMatch(/Step "Step preflight" failed before anything was changed: The command on local exited with code 1/)
    expect(done.steps.map((s) => s.status)).toEqual(['failed', 'pending', 'pending', 'pending'])
    expect(existsSync(join(work, 'data'))).toBe(true)
    expect(existsSync(join(work, 'data.aside'))).toBe(false)
    expect(done.canRollback).toBe(false)
    // Fixed, it may be tried again from the pre-flight.
    expect(done.canResume).toBe(true)
  })

  it('resumes from the failed step once its cause is fixed', async () => {
    const op = await ops.create(moveDataPlan())
    const failed = await ops.runToEnd(op.id, 'run', 'lab')
    expect(failed.state).toBe('failed')
    expect(failed.currentStep).toBe('verify')
    expect(failed.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'failed'])
    await expect(ops.start(op.id, 'resume', 'wrong')).rejects.toThrow(/type the context name/)
    writeFileSync(join(work, 'gate'), '')
    const resumed = await ops.runToEnd(op.id, 'resume', 'lab')
    expect(resumed.state).toBe('succeeded')
    const { records } = await readJournal(resumed.journal)
    // The completed steps were not run again.
    expect(records.filter((r) => r.t === 'step-start').map((r) => (r as { step: string }).step)).toEqual(['preflight', 'move-aside', 'write-new', 'verify', 'verify'])
  })

  it('rolls back through the undos, newest first', async () => {
    const op = await ops.create(moveDataPlan())
    await ops.runToEnd(op.id, 'run', 'lab')
    const back = await ops.runToEnd(op.id, 'rollback', 'lab')
    expect(back.state).toBe('rolled-back')
    expect(back.steps.map((s) => s.status)).toEqual(['succeeded', 'undone', 'undone', 'failed'])
    expect(readFileSync(join(work, 'data/old'), 'utf8')).toBe('v1\n')
    expect(readFileSync(join(work, 'data.discarded/new'), 'utf8')).toBe('v2\n')
    expect(back.canResume).toBe(false)
    const { records } = await readJournal(back.journal)
    expect(records.filter((r) => r.t === 'undo-start').map((r) => (r as { step: string }).step)).toEqual(['write-new', 'move-aside'])
  })

  it('retries a check until it passes, and fails it after its time', async () => {
    const plan = moveDataPlan({}, [
      step('wait', {
        actions: [sh('(sleep 0.3; touch ready) >/dev/null 2>&1 &')],
        check: { description: 'ready file appears', action: sh('test -f ready && echo ready'), stdoutMatches: '^ready$', retry: { timeoutMs: 5000, intervalMs: 50 } }
      }),
      step('never', { actions: [sh('true')], check: { description: 'never there', action: sh('test -f never'), retry: { timeoutMs: 300, intervalMs: 50 } } })
    ])
    const done = await ops.runToEnd((await ops.create(plan)).id, 'run')
    expect(done.steps[0].status).toBe('succeeded')
    expect(done.steps[1].status).toBe('failed')
    expect(done.steps[1].error).toMatch(/Check failed: never there \(after \d+ attempts over 0 s\)/)

    // Every attempt is in the journal with its result, and the live records are the same ones.
    const checks = done.steps[0].commands.filter((c) => c.phase === 'check')
    expect(checks.length).toBeGreaterThan(1)
    expect(checks.map((c) => c.attempt)).toEqual(checks.map((_, i) => i + 1))
    expect(checks.map((c) => c.passed)).toEqual([...checks.slice(1).map(() => false), true])
    expect(checks[0].error).toMatch(/^Not yet: .*exited with code 1.*trying again/)
    expect(checks.at(-1)!.error).toBeUndefined()
    expect(checks[0]).toMatchObject({ where: 'local', command: 'test -f ready && echo ready' })
    const live = events.filter((e) => e.type === 'record' && e.step === 'wait').map((e) => (e as { record: unknown }).record)
    expect(live).toEqual(done.steps[0].commands)
    expect(done.steps[1].commands.filter((c) => c.phase === 'check').at(-1)!.error).toMatch(/^Check failed/)
  })

  it('estimates before Run from the steps, then from earlier runs of the same kind', async () => {
    const timed = (over: Partial<Plan> = {}) =>
      moveDataPlan(over, [
        step('a', { actions: [sh('sleep 0.2')], expectedMs: 10_000 }),
        step('stop:x', { actions: [sh('sleep 0.2')], api: 'down', expectedMs: 20_000 }),
        step('back:x', { actions: [sh('true')], api: 'up', expectedMs: 5000 }),
        step('z', { actions: [sh('true')], expectedMs: 1000 })
      ])
    const first = await ops.create(timed())
    expect(first.estimate).toEqual({ totalMs: 36_000, apiDownMs: 25_000, basis: 'plan' })
    await ops.runToEnd(first.id, 'run')
    const second = await ops.create(timed())
    // Measured: each step took a fraction of a second, and the estimate now says so.
    expect(second.estimate!.basis).toBe('past-runs')
    expect(second.estimate!.totalMs).toBeGreaterThanOrEqual(400)
    expect(second.estimate!.totalMs).toBeLessThan(5000)
    expect(second.estimate!.apiDownMs).toBeLessThan(second.estimate!.totalMs)
  })

  it('removes what a succeeded plan set aside, only paths Kubedeck named, and then it cannot be rolled back', async () => {
    const aside = join(work, 'data.kubedeck-aside-1')
    const backup = join(work, 'kubedeck', 'pki-1')
    const plan = (keep: string) =>
      moveDataPlan({
        leftovers: [
          { host: 'h', path: aside, what: 'the old data' },
          { host: 'h', path: keep, what: 'a backup' }
        ]
      })
    writeFileSync(join(work, 'gate'), '')
    spawnSyncSh(`mkdir -p '${aside}/member' '${backup}' '${work}/keep me'`)
    // A journal naming a path Kubedeck never sets aside (here inside a kubedeck-named temp dir) is refused before anything runs.
    const foreign = await ops.runToEnd((await ops.create(plan(join(work, 'keep me')))).id, 'run', 'lab')
    await expect(ops.planLeftovers(foreign.id)).rejects.toThrow(/Refusing to remove ".*keep me": not a path Kubedeck set aside/)
    await ops.runToEnd(foreign.id, 'rollback', 'lab')
    await expect(ops.planLeftovers((await ops.create(moveDataPlan())).id)).rejects.toThrow(/planned and left nothing aside/)

    spawnSyncSh(`rm -rf '${work}/data.aside' '${work}/data.discarded'`)
    const done = await ops.runToEnd((await ops.create(plan(backup))).id, 'run', 'lab')
    expect(done.canRollback).toBe(true)
    const cleanup = await ops.planLeftovers(done.id)
    expect(cleanup.plan.steps.map((s) => [s.destructive, s.irreversible, s.undo])).toEqual([
      [true, true, undefined],
      [true, true, undefined]
    ])
    expect((await ops.runToEnd(cleanup.id, 'run', 'lab')).state).toBe('succeeded')
    expect(existsSync(aside) || existsSync(backup)).toBe(false)
    expect(existsSync(join(work, 'keep me'))).toBe(true)
    expect((await ops.get(done.id)).canRollback).toBe(false)

    // The guard on the host refuses what the check here would (a journal edited after the plan was built).
    const edited = cleanup.plan.steps[0].actions[0] as { command: string }
    const r = spawnSync('/bin/sh', ['-c', edited.command.replace(aside, `'${work}/keep me'`)], { encoding: 'utf8' })
    expect(edited.command).toContain(aside)
    expect(r.status).toBe(1)
    expect(r.stderr).toMatch(/refusing to remove .*keep me/)
    expect(existsSync(join(work, 'keep me'))).toBe(true)
  })

  it('deletes a settled journal, never one a resume or rollback still needs', async () => {
    const failing = moveDataPlan({}, [
      step('mark', { destructive: true, actions: [sh('touch marked')], undo: { description: 'unmark', actions: [sh('rm -f marked')] } }),
      step('fail', { actions: [sh('exit 3')] })
    ])
    const op = await ops.runToEnd((await ops.create(failing)).id, 'run', 'lab')
    expect(op.state).toBe('failed')
    await expect(ops.delete(op.id)).rejects.toThrow(/is failed: its journal is what a resume or rollback reads/)
    expect(existsSync(op.journal)).toBe(true)
    await ops.runToEnd(op.id, 'rollback', 'lab')
    await ops.delete(op.id)
    expect(existsSync(op.journal)).toBe(false)
    expect((await ops.list()).map((o) => o.id)).not.toContain(op.id)
  })

  it('cancels the command in flight; the step fails and can be resumed', async () => {
    const plan = moveDataPlan({}, [
      step('mark', { destructive: true, actions: [sh('touch marked')], undo: { description: 'unmark', actions: [sh('rm -f marked')] } }),
      step('slow', { actions: [sh('exec sleep 30')] })
    ])
    const op = await ops.create(plan)
    const started = new Promise<void>((r) => ops.onProgress((p) => p.type === 'command' && p.step === 'slow' && r()))
    await ops.start(op.id, 'run', 'lab')
    await started
    ops.cancel(op.id)
    const done = await ops.wait(op.id)
    expect(done.state).toBe('failed')
    expect(done.steps[1].error).toMatch(/stopped.*cancelled/)
    expect(done.canResume && done.canRollback).toBe(true)
  })

  it('prints a plan with its hosts, tags, checks and undos', async () => {
    const text = formatPlan(moveDataPlan())
    expect(text).toContain(' 2. Step move-aside  [DESTRUCTIVE]  (local; id move-aside)')
    expect(text).toContain(' 1. Step preflight  [pre-flight]')
    expect(text).toContain('undo: move data back')
    expect(text).toContain('check: new data')
    expect(text).toContain('cat data/new')
  })

  it('after a crash mid-step, a new process sees where it stopped, then resumes or rolls back', async () => {
    const plan = moveDataPlan({}, [
      step('preflight', { preflight: true, actions: [sh('test -f data/old')] }),
      step('move-aside', {
        destructive: true,
        actions: [sh('if [ -e data ]; then mv data data.aside; fi; test -d data.aside')],
        undo: { description: 'move data back', actions: [sh('if [ -e data.aside ] && [ ! -e data ]; then mv data.aside data; fi')] }
      }),
      step('write-new', {
        destructive: true,
        // Waits (boundedly: the orphaned shell of a killed run must end) for the release file.
        actions: [sh('mkdir -p data && for i in $(seq 1 40); do [ -f release ] && break; sleep 0.05; done; test -f release && echo v2 > data/new')],
        undo: { description: 'discard new data', actions: [sh('if [ -e data ] && [ -e data.aside ]; then mv data data.discarded-$$; fi')] }
      })
    ])
    const op = await ops.create(plan)
    await crashDuring(join(root, 'data'), work, op.id, 'write-new', 'release')

    const fresh = new OperationsService({ dataDir: join(root, 'data') })
    fresh.registerDomain('test', localDomain(work))
    const after = await fresh.get(op.id)
    expect(after.state).toBe('interrupted')
    expect(after.active).toBe(false)
    expect(after.currentStep).toBe('write-new')
    expect(after.error).toBe('Kubedeck stopped while running step "Step write-new" (write-new).')
    expect(after.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded', 'interrupted'])
    expect(after.canResume && after.canRollback).toBe(true)

    // Rollback here; a second crashed copy is resumed instead.
    const back = await fresh.runToEnd(op.id, 'rollback', 'lab')
    expect(back.state).toBe('rolled-back')
    expect(readFileSync(join(work, 'data/old'), 'utf8')).toBe('v1\n')
    await fresh.close()

    const op2 = await ops.create(plan)
    await crashDuring(join(root, 'data'), work, op2.id, 'write-new', 'release')
    writeFileSync(join(work, 'release'), '')
    const resumed = await ops.runToEnd(op2.id, 'resume', 'lab')
    expect(resumed.state).toBe('succeeded')
    expect(readFileSync(join(work, 'data/new'), 'utf8')).toBe('v2\n')
  })
})

function spawnSyncSh(cmd: string): void {
  const r = spawnSync('/bin/sh', ['-c', cmd])
  if (r.status !== 0) throw new Error(`${cmd} failed`)
}

/** Runs the operation in a child process and SIGKILLs it while `step` waits for `gate` to exist. */
async function crashDuring(dataDir: string, work: string, id: string, stepId: string, gate: string): Promise<void> {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const script = join(dataDir, `child-${id}.mts`)
  writeFileSync(
    script,
    `import { spawn } from 'node:child_process'
import { OperationsService } from ${JSON.stringify(join(here, 'operations-service.ts'))}
const run = (command: string, opts: { signal?: AbortSignal } = {}) =>
  new Promise<{ command: string; exitCode: number | null; stdout: string; stderr: string; durationMs: number }>((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd: ${JSON.stringify(work)}, signal: opts.signal })
    let stdout = ''
    child.stdout.on('data', (d) => (stdout += d))
    child.on('error', () => undefined)
    child.on('close', (code) => resolve({ command, exitCode: code, stdout, stderr: '', durationMs: 0 }))
  })
const ops = new OperationsService({ dataDir: ${JSON.stringify(dataDir)} })
ops.registerDomain('test', { target: { safeParse: (v) => ({ success: true, data: v }) }, connect: async () => ({ run, close: () => undefined }), builtins: [] })
ops.onProgress((p) => { if (p.type === 'command' && p.step === ${JSON.stringify(stepId)}) console.log('IN-STEP') })
await ops.start(${JSON.stringify(id)}, 'run', 'lab')
`
  )
  // The step blocks until the gate file exists: make it wait long enough to be killed in it.
  const blocking = join(work, gate)
  rmSync(blocking, { force: true })
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] })
  await new Promise<void>((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (d: string) => d.includes('IN-STEP') && resolve())
    child.on('exit', (code) => reject(new Error(`child exited (${code}) before reaching ${stepId}`)))
  })
  child.kill('SIGKILL')
  await new Promise((r) => child.once('exit', r))
}
