// Operations: destructive work (an etcd restore, a certificate renewal, a drain) as data.
// A plan is built by a domain service in main, shown by the UI and printed by the CLI exactly as
// it will run, confirmed by the user, and executed step by step by the operations engine, which
// journals every step so that an interrupted operation can be resumed or rolled back.
// Nothing in a plan is secret: commands, paths, host names, never keys or passwords.

/** One thing the executor does: a shell command on a host, or a named built-in of the plan's domain. */
export type PlanAction = ShellAction | BuiltinAction

export interface ShellAction {
  kind: 'shell'
  /** Key into Plan.hosts. */
  host: string
  /** POSIX sh script, run as is (shown to the user verbatim). */
  command: string
  /** Needs root: run through sudo when the SSH user is not root. */
  root?: boolean
  timeoutMs?: number
}

/**
 * Work the engine cannot express as one remote command (an SFTP upload with a checksum, a
 * poll of etcd health, GET /readyz through the API). `display` holds the exact equivalent
 * commands for people and for the CLI's --dry-run.
 */
export interface BuiltinAction {
  kind: 'builtin'
  /** Declared by the plan's domain (defineBuiltin), e.g. `etcd.upload`, `etcd.waitHealthy`. */
  name: string
  host?: string
  /** Plain JSON, checked against the step's schema when it runs. */
  args: Record<string, unknown>
  display: string[]
  /**
   * Where a person runs the `display` lines: on `host` (an etcdctl poll run there), or, by
   * default, on this machine (lines that reach a host say so: `ssh node-1 …`, `[node-1] …`).
   */
  displayOn?: 'host'
  timeoutMs?: number
}

/** A sentence as a code of the plan catalogue (src/shared/plan-messages) and its parameters. */
export interface PlanMessage {
  code: string
  /** Values as they are (names, paths, commands), or a sentence of its own worded in the same language. */
  params?: Record<string, string | number | PlanMessage>
}

/** The host a person types the action's lines on (a key into Plan.hosts), or undefined for this machine. */
export function linesRunOn(a: PlanAction): string | undefined {
  return a.kind === 'shell' || a.displayOn === 'host' ? a.host : undefined
}

/** Proves a step worked. Passes when the action succeeds (exit 0) and the expectation holds. */
export interface PlanCheck {
  description: string
  action: PlanAction
  /** Regular expression (source) the action's stdout must match. */
  stdoutMatches?: string
  /** Poll until the check passes or the time is up (a member coming back, a port closing). */
  retry?: { timeoutMs: number; intervalMs: number }
  /** `description` as a message, for the reader's language. */
  says?: PlanMessage
}

export interface PlanUndo {
  description: string
  actions: PlanAction[]
  check?: PlanCheck
  says?: PlanMessage
}

export interface PlanStep {
  /** Stable within the plan, e.g. `stop-etcd:cp-1`. */
  id: string
  title: string
  /** What the step does and why, in words. */
  description: string
  /** `title` and `description` as messages, for the reader's language (the English above stays). */
  says?: { title?: PlanMessage; description?: PlanMessage }
  /** Key into Plan.hosts ('' for work done from this machine). */
  host: string
  /** Pre-flight: read-only checks and preparations that must all pass before the first destructive step. */
  preflight: boolean
  /** Changes the cluster (stops, moves, restores). Destructive plans need the typed confirmation. */
  destructive: boolean
  actions: PlanAction[]
  check?: PlanCheck
  /** How to reverse the step; every destructive step has one. Undos are written to be safe to run twice. */
  undo?: PlanUndo
  /** A destructive step that cannot be undone (removing what a finished plan set aside); shown as such. */
  irreversible?: boolean
  /** The API server goes away with this step ('down'), or its check proves it answers again ('up'). */
  api?: 'down' | 'up'
  /** How long the step usually takes (measured on the lab), for the estimate before Run. */
  expectedMs?: number
}

/** Something a plan leaves on a host on purpose (the old data, set aside), for the user to remove when satisfied. */
export interface PlanLeftover {
  /** Key into Plan.hosts. */
  host: string
  path: string
  /** What it holds, in words. */
  what: string
  says?: PlanMessage
}

/** `T`: what the plan's domain stores to reach the host again (checked by the domain when read back). */
export interface PlanHost<T = unknown> {
  /** Shown to people: the SSH alias or node name. */
  label: string
  /** What the domain's connector needs to open an SSH session again after a restart (no secrets). */
  target: T
  /** True when the SSH user is root (no sudo needed). */
  root: boolean
}

export interface Plan<T = unknown> {
  /** Domain that registered the built-ins and the host connector, e.g. 'etcd'. */
  domain: string
  /** Machine kind, e.g. 'etcd.restore', 'etcd.backup', 'etcd.repair-wal-tmp'. */
  kind: string
  title: string
  summary: string
  /** The context the plan acts on (kubeconfig file and context name). */
  context: { file: string; name: string }
  /** What the user must type to confirm a destructive plan: the context name. */
  confirmText: string
  hosts: Record<string, PlanHost<T>>
  steps: PlanStep[]
  /** Things the user should know before confirming (plain sentences). */
  warnings: string[]
  /** What to do once it succeeded (plain sentences), shown with the outcome. */
  next?: string[]
  /** What it leaves on hosts on purpose; the outcome offers a plan that removes them. */
  leftovers?: PlanLeftover[]
  /** The sentences above as messages, for the reader's language (lists index for index). */
  says?: { title?: PlanMessage; summary?: PlanMessage; warnings?: PlanMessage[]; next?: PlanMessage[] }
  /** Domain data the built-ins need (snapshot path, expected members); shown in the JSON view only. */
  params: Record<string, unknown>
  createdAt: string
}

export type StepStatus =
  | 'pending'
  | 'running'
  | 'succeeded'
  | 'failed'
  /** Started in a process that stopped (crash, kill) before the step ended: the journal says so. */
  | 'interrupted'
  | 'skipped'
  | 'undoing'
  | 'undone'
  | 'undo-failed'

export type OperationState =
  /** Built and journaled, not started. */
  | 'planned'
  | 'running'
  | 'succeeded'
  /** A pre-flight step failed: nothing was changed. */
  | 'refused'
  /** A step failed (or was cancelled) after changes began: resume or roll back. */
  | 'failed'
  /** The process running it stopped mid-step: resume or roll back. */
  | 'interrupted'
  | 'rolling-back'
  | 'rolled-back'
  | 'rollback-failed'
  /** Closed by the user without running (or after a refusal). */
  | 'abandoned'

export interface CommandRecord {
  /** Index into the step's actions (or the check / undo action it describes). */
  label: string
  /** What it was: one of the step's actions, an attempt of its check, or part of its undo. */
  phase?: 'action' | 'check' | 'undo'
  /** A check polled until it passes: which attempt this was, and whether it passed. */
  attempt?: number
  passed?: boolean
  /** Where it ran: a host's label, absent for this machine. */
  where?: string
  command: string
  exitCode: number | null
  durationMs: number
  /** Last part of the output (the journal keeps a tail, the live view everything). */
  output: string
  error?: string
}

export interface StepRun {
  id: string
  status: StepStatus
  startedAt?: string
  endedAt?: string
  attempts: number
  error?: string
  commands: CommandRecord[]
  undoError?: string
}

export interface OperationSummary {
  id: string
  kind: string
  title: string
  /** `title` as a message, for the reader's language. */
  titleSays?: PlanMessage
  context: { file: string; name: string }
  state: OperationState
  createdAt: string
  updatedAt: string
  /** When its first step started and its last one ended (absent for a plan never run). */
  startedAt?: string
  endedAt?: string
  /** The step the operation stopped at (failed, interrupted or running). */
  currentStep?: string
  error?: string
  destructive: boolean
  /** True when a step that changes things has run (so rollback means something). */
  changed: boolean
}

export interface OperationDetail extends OperationSummary {
  plan: Plan
  steps: StepRun[]
  journal: string
  /** What the user may do now. */
  canRun: boolean
  canResume: boolean
  canRollback: boolean
  /** A Kubedeck process is executing it right now (this one or another, by its lock). */
  active: boolean
  /** Before Run: how long it should take and how long the API will be away. */
  estimate?: PlanEstimate
  /**
   * The last `operations.progress` seq sent for it before its journal was read: every change
   * up to it is in this detail (a view that applied a later change keeps its own).
   */
  seq: number
}

export interface PlanEstimate {
  totalMs: number
  /** From the first step that takes the API away to the one that proves it back. */
  apiDownMs?: number
  /** 'past-runs': medians of this kind's earlier successful runs; 'plan': the steps' usual durations. */
  basis: 'past-runs' | 'plan'
}

/** `operations.progress`: every change of an operation, in order (seq per operation). */
export type OperationProgress =
  | { id: string; seq: number; type: 'state'; state: OperationState; error?: string }
  /** `at`: when the step started (running) or ended (succeeded, failed), as journaled. */
  | { id: string; seq: number; type: 'step'; step: string; status: StepStatus; error?: string; at?: string }
  | { id: string; seq: number; type: 'command'; step: string; label: string; command: string }
  | { id: string; seq: number; type: 'output'; step: string; stream: 'stdout' | 'stderr'; chunk: string }
  /** A command (action, check attempt, undo) finished: the record the journal now holds. */
  | { id: string; seq: number; type: 'record'; step: string; record: CommandRecord }
  /** The run let go of the operation (journal closed, lock released): what may be done next changed. */
  | { id: string; seq: number; type: 'released' }
