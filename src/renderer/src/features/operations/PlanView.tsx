import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { linesRunOn, type CommandRecord, type OperationDetail, type PlanAction, type PlanMessage, type PlanStep, type StepRun, type StepStatus } from '@shared/model/operations'
import { ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import type { LiveCommand } from './operations-slice'
import { word } from '@shared/plan-messages'
import { duration, planScript, stepScript } from './plan-script'

const ICONS: Record<StepStatus, string> = {
  pending: '○',
  running: '◐',
  succeeded: '✓',
  failed: '✗',
  interrupted: '⚠',
  skipped: '–',
  undoing: '↺',
  undone: '↺',
  'undo-failed': '✗'
}

function actionText(a: PlanAction): string {
  if (a.kind === 'shell') return a.command
  return a.display.join('\n')
}

function hostLabel(op: OperationDetail, id: string | undefined, here: string): string {
  return id ? (op.plan.hosts[id]?.label ?? id) : here
}

/** Where a person would type the action's lines (a built-in's lines reach hosts with ssh themselves). */
function actionWhere(op: OperationDetail, a: PlanAction, here: string): string {
  return hostLabel(op, linesRunOn(a), here)
}

function ActionLines({ op, a, here }: { op: OperationDetail; a: PlanAction; here: string }) {
  return (
    <pre className="plan-command">
      <span className="muted">{actionWhere(op, a, here)} $ </span>
      {actionText(a)}
    </pre>
  )
}

/**
 * Any plan, as the engine will run it: every step with its host, exact commands, check and undo;
 * live output while it runs; and what the user may do next (run after typing the context name,
 * cancel, resume, roll back). Reused by every wizard.
 */
export function PlanView({ id, onClosed, onOpen }: { id: string; onClosed?: () => void; onOpen?: (id: string) => void }) {
  const { t, i18n } = useTranslation()
  // The plan's sentences in the reader's language (its codes), commands and paths as they are.
  const say = (msg: PlanMessage | undefined, english: string) => word(i18n.language, msg, english)
  const op = useAppStore((s) => s.operations[id])
  const output = useAppStore((s) => s.operationOutput[id])
  const error = useAppStore((s) => s.operationErrors[id])
  const load = useAppStore((s) => s.loadOperation)
  const start = useAppStore((s) => s.startOperation)
  const cancel = useAppStore((s) => s.cancelOperation)
  const abandon = useAppStore((s) => s.abandonOperation)
  const planLeftovers = useAppStore((s) => s.planLeftovers)
  const notify = useAppStore((s) => s.notify)
  const [confirm, setConfirm] = useState('')
  const [expanded, setExpanded] = useState<Record<string, boolean>>({})
  const [busy, setBusy] = useState(false)
  // After a success, rolling back is offered, not put first.
  const [wantRollback, setWantRollback] = useState(false)
  const now = useNow(op?.state === 'running' || op?.state === 'rolling-back')
  const list = useRef<HTMLOListElement>(null)
  const scrolledAt = useRef(0)

  useEffect(() => {
    if (!op) void load(id)
  }, [id, op, load])

  // Follow the running step, unless the person scrolled in the last few seconds.
  useEffect(() => {
    const mark = () => (scrolledAt.current = Date.now())
    window.addEventListener('wheel', mark, { passive: true })
    window.addEventListener('touchmove', mark, { passive: true })
    return () => {
      window.removeEventListener('wheel', mark)
      window.removeEventListener('touchmove', mark)
    }
  }, [])
  const runningStep = op?.steps.find((r) => r.status === 'running' || r.status === 'undoing')?.id
  useEffect(() => {
    if (!runningStep || Date.now() - scrolledAt.current < 5000) return
    const el = Array.from(list.current?.children ?? []).find((x) => x.getAttribute('data-step') === runningStep)
    el?.scrollIntoView?.({ block: 'nearest', behavior: 'smooth' })
  }, [runningStep])

  if (!op) return error ? <ErrorMessage error={error} /> : <p className="muted">{t('operations.loading')}</p>

  const running = op.state === 'running' || op.state === 'rolling-back'
  const needsConfirm = op.destructive
  const took = (r: StepRun) => (r.startedAt ? Math.max(0, (r.endedAt ? Date.parse(r.endedAt) : now) - Date.parse(r.startedAt)) : undefined)
  const started = op.steps
    .map((r) => r.startedAt)
    .filter(Boolean)
    .sort()[0]
  const ended = op.steps
    .map((r) => r.endedAt)
    .filter(Boolean)
    .sort()
    .pop()
  const total = started ? Math.max(0, (running ? now : Date.parse(ended ?? started)) - Date.parse(started)) : undefined
  const current = op.steps.findIndex((r) => r.status === 'running' || r.status === 'undoing')
  const changed = op.plan.steps.filter((s, i) => s.destructive && op.steps[i].status === 'succeeded')
  const api = apiAway(op, now)
  const exportScript = () => {
    const url = URL.createObjectURL(new Blob([planScript(op.plan)], { type: 'text/x-shellscript' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `${op.id}.sh`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
  }
  const confirmed = !needsConfirm || confirm === op.plan.confirmText
  const act = async (mode: 'run' | 'resume' | 'rollback') => {
    setBusy(true)
    await start(id, mode, confirm)
    setBusy(false)
    setConfirm('')
  }
  const isOpen = (s: PlanStep, run: StepRun) =>
    expanded[s.id] ?? (run.status === 'running' || run.status === 'failed' || run.status === 'interrupted' || run.status === 'undoing' || run.status === 'undo-failed')

  return (
    <section className="plan-view" data-testid="plan-view" data-state={op.state} aria-label={say(op.plan.says?.title, op.title)}>
      <header className="plan-header">
        <h2>{say(op.plan.says?.title, op.title)}</h2>
        <span className={`chip plan-state plan-state-${op.state}`} data-testid="plan-state" data-state={op.state}>
          {t(`operations.state.${op.state}`)}
        </span>
      </header>
      <p className="plan-summary">{say(op.plan.says?.summary, op.plan.summary)}</p>
      <p className="muted small">
        {t('operations.context', { context: op.context.name })} · {t('operations.journal')} <code>{op.journal}</code>
      </p>
      {op.estimate && op.state === 'planned' && (
        <p className="plan-estimate" data-testid="plan-estimate">
          {t(op.estimate.basis === 'past-runs' ? 'operations.estimate.pastRuns' : 'operations.estimate.plan', { time: duration(op.estimate.totalMs, i18n.language) })}
          {op.estimate.apiDownMs !== undefined && <strong> {t('operations.estimate.apiDown', { time: duration(op.estimate.apiDownMs, i18n.language) })}</strong>}
        </p>
      )}
      {running && current >= 0 && (
        <div className="plan-progress" data-testid="plan-progress" role="status">
          {t('operations.progress', {
            n: current + 1,
            total: op.plan.steps.length,
            title: say(op.plan.steps[current].says?.title, op.plan.steps[current].title),
            elapsed: duration(total ?? 0, i18n.language)
          })}
          {api?.since !== undefined && api.until === undefined && (
            <span className="plan-api-down" data-testid="plan-api-down">
              {' · '}
              {t('operations.apiDownSince', { time: new Date(api.since).toLocaleTimeString(), elapsed: duration(now - api.since, i18n.language) })}
            </span>
          )}
        </div>
      )}
      {op.state === 'succeeded' && (
        <div className="plan-outcome ok" data-testid="plan-outcome" role="status">
          <strong>{t('operations.outcome.succeeded', { time: duration(total ?? 0, i18n.language) })}</strong>
          {api?.since !== undefined && api.until !== undefined && (
            <span data-testid="plan-api-downtime"> {t('operations.outcome.apiDown', { time: duration(api.until - api.since, i18n.language) })}</span>
          )}
          {changed.length > 0 && <div className="plan-outcome-head">{t('operations.outcome.changed')}</div>}
          {changed.length > 0 && (
            <ul>
              {changed.map((s) => {
                const ms = took(op.steps[op.plan.steps.indexOf(s)])
                return (
                  <li key={s.id}>
                    {say(s.says?.title, s.title)}
                    {ms !== undefined && <span className="muted small"> · {duration(ms, i18n.language)}</span>}
                  </li>
                )
              })}
            </ul>
          )}
          {(op.plan.next?.length ?? 0) > 0 && (
            <>
              <strong>{t('operations.outcome.next')}</strong>
              <ol data-testid="plan-next">
                {op.plan.next!.map((n, i) => (
                  <li key={n}>{say(op.plan.says?.next?.[i], n)}</li>
                ))}
              </ol>
            </>
          )}
          {(op.plan.leftovers?.length ?? 0) > 0 && (
            <div className="plan-leftovers" data-testid="plan-leftovers">
              <strong>{t('operations.outcome.leftovers')}</strong>
              <ul>
                {op.plan.leftovers!.map((l) => (
                  <li key={`${l.host} ${l.path}`}>
                    <code>{l.path}</code> {t('operations.outcome.on', { host: hostLabel(op, l.host, '') })} — {say(l.says, l.what)}
                  </li>
                ))}
              </ul>
              {op.canRollback && (
                <button
                  className="small"
                  data-testid="plan-remove-leftovers"
                  onClick={async () => {
                    const next = await planLeftovers(id)
                    if (next) onOpen?.(next)
                  }}
                >
                  {t('operations.outcome.removeLeftovers')}
                </button>
              )}
            </div>
          )}
        </div>
      )}
      {(op.state === 'failed' || op.state === 'interrupted') && (
        <div className="plan-outcome failed" data-testid="plan-outcome" role="status">
          <strong>
            {t(`operations.outcome.${op.state}`, {
              time: duration(total ?? 0, i18n.language),
              step: (() => {
                const at = op.plan.steps.findIndex((s) => s.id === op.currentStep)
                return at >= 0 ? `${at + 1}. ${say(op.plan.steps[at].says?.title, op.plan.steps[at].title)}` : '—'
              })()
            })}
          </strong>
          {api?.since !== undefined && api.until === undefined && (
            <span data-testid="plan-api-still-down"> {t('operations.outcome.apiStillDown', { time: new Date(api.since).toLocaleTimeString() })}</span>
          )}
          {changed.length > 0 ? (
            <>
              <div className="plan-outcome-head">{t('operations.outcome.changedSoFar')}</div>
              <ul>
                {changed.map((s) => (
                  <li key={s.id}>{say(s.says?.title, s.title)}</li>
                ))}
              </ul>
              <div>{t('operations.outcome.resumeOrRollback')}</div>
            </>
          ) : (
            <div>{t('operations.outcome.nothingChanged')}</div>
          )}
        </div>
      )}
      {op.state === 'rolled-back' && (
        <div className="plan-outcome" data-testid="plan-outcome" role="status">
          {t('operations.outcome.rolledBack', { time: duration(total ?? 0, i18n.language) })}
        </div>
      )}
      <div className="plan-tools">
        <button className="small" onClick={() => setExpanded(Object.fromEntries(op.plan.steps.map((s) => [s.id, true])))}>
          {t('operations.expandAll')}
        </button>
        <button className="small" onClick={() => setExpanded(Object.fromEntries(op.plan.steps.map((s) => [s.id, false])))}>
          {t('operations.collapseAll')}
        </button>
        <button className="small" data-testid="plan-export" onClick={exportScript}>
          {t('operations.exportScript')}
        </button>
      </div>
      {op.plan.warnings.length > 0 && (
        <ul className="plan-warnings" aria-label={t('operations.warnings')}>
          {op.plan.warnings.map((w, i) => (
            <li key={w}>{say(op.plan.says?.warnings?.[i], w)}</li>
          ))}
        </ul>
      )}
      {op.error && (
        <div className="plan-error" role="alert" data-testid="plan-error">
          {op.error}
        </div>
      )}
      {error && <ErrorMessage error={error} />}

      <ol className="plan-steps" ref={list}>
        {op.plan.steps.map((s, i) => {
          const run = op.steps[i]
          const open = isOpen(s, run)
          return (
            <li key={s.id} className={`plan-step plan-step-${run.status}`} data-testid={`plan-step-${s.id}`} data-step={s.id} data-status={run.status}>
              <button className="plan-step-head" aria-expanded={open} onClick={() => setExpanded({ ...expanded, [s.id]: !open })}>
                <span className={`plan-icon plan-icon-${run.status}`} aria-label={t(`operations.status.${run.status}`)}>
                  {ICONS[run.status]}
                </span>
                <span className="plan-index">{i + 1}.</span>
                <span className="plan-title">{say(s.says?.title, s.title)}</span>
                {s.preflight && <span className="chip chip-info">{t('operations.preflight')}</span>}
                {s.destructive && <span className="chip chip-warning">{t('operations.destructive')}</span>}
                {s.irreversible && <span className="chip chip-error">{t('operations.irreversible')}</span>}
                {s.api === 'down' && <span className="chip chip-warning">{t('operations.apiGoes')}</span>}
                <span className="spacer" />
                {took(run) !== undefined && <span className="muted small plan-took">{duration(took(run)!, i18n.language)}</span>}
                <span className="muted small">{hostLabel(op, s.host, t('operations.thisMachine'))}</span>
              </button>
              {open && (
                <div className="plan-step-body">
                  <p>{say(s.says?.description, s.description)}</p>
                  <div>
                    <button
                      className="small"
                      data-testid="plan-step-copy"
                      onClick={() =>
                        void navigator.clipboard
                          ?.writeText(stepScript(op.plan, s, i))
                          .then(() => notify({ kind: 'info', text: t('operations.copied', { title: say(s.says?.title, s.title) }) }))
                          .catch(() => undefined)
                      }
                    >
                      {t('operations.copyStep')}
                    </button>
                  </div>
                  {s.actions.map((a, j) => (
                    <ActionLines key={j} op={op} a={a} here={t('operations.thisMachine')} />
                  ))}
                  {s.check && (
                    <div className="plan-sub">
                      <strong>{t('operations.check')}</strong> {say(s.check.says, s.check.description)}
                      {s.check.retry && <span className="muted"> {t('operations.retry', { seconds: Math.round(s.check.retry.timeoutMs / 1000) })}</span>}
                      <ActionLines op={op} a={s.check.action} here={t('operations.thisMachine')} />
                    </div>
                  )}
                  {s.undo && (
                    <div className="plan-sub">
                      <strong>{t('operations.undo')}</strong> {say(s.undo.says, s.undo.description)}
                      {s.undo.actions.map((a, j) => (
                        <ActionLines key={j} op={op} a={a} here={t('operations.thisMachine')} />
                      ))}
                    </div>
                  )}
                  <StepRecords records={run.commands} live={output?.[s.id]} here={t('operations.thisMachine')} label={(label) => recordLabel(label, s, say, t)} />
                  {run.error && <div className="plan-error">{run.error}</div>}
                  {run.undoError && <div className="plan-error">{run.undoError}</div>}
                </div>
              )}
            </li>
          )
        })}
      </ol>

      <footer className="plan-actions">
        {running ? (
          <button className="danger-outline" data-testid="plan-cancel" onClick={() => void cancel(id)}>
            {t('operations.cancel')}
          </button>
        ) : (
          <>
            {needsConfirm && (op.canRun || op.canResume || (op.canRollback && (op.state !== 'succeeded' || wantRollback))) && (
              <label className="field plan-confirm">
                <span>{t('operations.typeToConfirm', { name: op.plan.confirmText })}</span>
                <input
                  data-testid="plan-confirm-input"
                  value={confirm}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={t('operations.confirmPlaceholder')}
                  aria-invalid={confirm !== '' && !confirmed}
                  onChange={(e) => setConfirm(e.target.value)}
                />
              </label>
            )}
            {op.canRun && (
              <button className={op.destructive ? 'danger' : 'primary'} data-testid="plan-run" disabled={!confirmed || busy} onClick={() => void act('run')}>
                {t('operations.run')}
              </button>
            )}
            {op.canResume && (
              <button className="primary" data-testid="plan-resume" disabled={!confirmed || busy} onClick={() => void act('resume')}>
                {t('operations.resume')}
              </button>
            )}
            {op.canRollback && op.state === 'succeeded' && !wantRollback && (
              <button className="danger-outline" data-testid="plan-rollback-offer" onClick={() => setWantRollback(true)}>
                {t('operations.rollbackOffer')}
              </button>
            )}
            {op.canRollback && (op.state !== 'succeeded' || wantRollback) && (
              <button className="danger-outline" data-testid="plan-rollback" disabled={!confirmed || busy} onClick={() => void act('rollback')}>
                {t('operations.rollback')}
              </button>
            )}
            {(op.state === 'planned' || (op.state === 'refused' && !op.changed)) && (
              <button
                data-testid="plan-abandon"
                onClick={async () => {
                  await abandon(id)
                  onClosed?.()
                }}
              >
                {t('operations.abandon')}
              </button>
            )}
          </>
        )}
      </footer>
    </section>
  )
}

/**
 * A record's label in the reader's words: the journal says `command 2`, `check: <description>`,
 * `undo 1` in English; the step knows the check's message.
 */
function recordLabel(label: string, s: PlanStep, say: (m: PlanMessage | undefined, en: string) => string, t: (k: string, o?: Record<string, unknown>) => string): string {
  if (label.startsWith('check: ')) {
    const desc = label.slice('check: '.length)
    const check = s.check?.description === desc ? s.check : s.undo?.check?.description === desc ? s.undo.check : undefined
    return `${t('operations.check')} ${check ? say(check.says, desc) : desc}`
  }
  const m = /^(command|undo)(?: (\d+))?$/.exec(label)
  return m ? t(`operations.recordLabel.${m[1]}`, { n: m[2] ?? '' }).trim() : label
}

/**
 * When the plan took the API away (the start of its first 'down' step, once that step ran) and
 * when it came back (the end of the 'up' step after it, once that succeeded).
 */
function apiAway(op: OperationDetail, now: number): { since?: number; until?: number } | undefined {
  const down = op.plan.steps.findIndex((s) => s.api === 'down')
  if (down < 0) return undefined
  const started = op.steps[down].startedAt
  if (!started) return {}
  const up = op.plan.steps.findIndex((s, i) => i > down && s.api === 'up')
  const back = up >= 0 && op.steps[up].status === 'succeeded' ? op.steps[up].endedAt : undefined
  return { since: Math.min(Date.parse(started), now), ...(back ? { until: Date.parse(back) } : {}) }
}

/** The time now, rendering again every second while `ticking` (elapsed times of a running plan). */
function useNow(ticking: boolean): number {
  const [, tick] = useState(0)
  useEffect(() => {
    if (!ticking) return
    const t = setInterval(() => tick((n) => n + 1), 1000)
    return () => clearInterval(t)
  }, [ticking])
  return Date.now()
}

/**
 * What a step ran, as the journal holds it: each command with where it ran, its exit code and
 * time, every attempt of a polled check with its result, the whole script folded; then the
 * command in flight with its output so far.
 */
function StepRecords({ records, live, here, label }: { records: CommandRecord[]; live?: LiveCommand; here: string; label: (l: string) => string }) {
  const { t } = useTranslation()
  if (records.length === 0 && !live) return null
  return (
    <div className="plan-records" aria-label={t('operations.output')}>
      {records.map((r, i) => (
        <RecordView key={i} r={r} here={here} label={label} />
      ))}
      {live && (
        <div className="plan-record plan-record-live" data-testid="plan-record-live">
          <CommandLine label={label(live.label)} command={live.command} />
          <Output text={live.output} follow />
        </div>
      )}
    </div>
  )
}

function RecordView({ r, here, label }: { r: CommandRecord; here: string; label: (l: string) => string }) {
  const { t, i18n } = useTranslation()
  const result = r.passed === false && !r.error?.startsWith('Check failed') ? 'retry' : r.error ? 'failed' : 'ok'
  return (
    <div className={`plan-record plan-record-${result}`} data-testid="plan-record" data-phase={r.phase} data-result={result} data-attempt={r.attempt}>
      <div className="plan-record-head">
        <span className={`plan-icon plan-icon-${result === 'ok' ? 'succeeded' : result === 'retry' ? 'pending' : 'failed'}`}>
          {result === 'ok' ? '✓' : result === 'retry' ? '…' : '✗'}
        </span>
        <span className="muted">{r.where ?? here} $</span>
        <span className="plan-record-label">{r.attempt ? t('operations.attempt', { label: label(r.label), n: r.attempt }) : label(r.label)}</span>
        <span className="spacer" />
        <span className="muted small">{t('operations.exit', { code: r.exitCode ?? '—' })}</span>
        <span className="muted small">{duration(r.durationMs, i18n.language)}</span>
      </div>
      <CommandLine command={r.command} />
      {r.output.trim() && <Output text={r.output} />}
      {r.error && <div className={result === 'retry' ? 'muted small' : 'plan-error'}>{r.error}</div>}
    </div>
  )
}

/** The first line of a command, the whole of it folded underneath when it has more. */
function CommandLine({ label, command }: { label?: string; command: string }) {
  const { t } = useTranslation()
  const [first, ...rest] = command.split('\n')
  if (rest.length === 0) return <code className="plan-record-command">{label ? `${label}: ${first}` : first}</code>
  return (
    <details className="plan-record-command">
      <summary>
        <code>{label ? `${label}: ${first}` : first}</code> <span className="muted small">{t('operations.moreLines', { count: rest.length })}</span>
      </summary>
      <pre>{command}</pre>
    </details>
  )
}

function Output({ text, follow }: { text: string; follow?: boolean }) {
  const ref = useRef<HTMLPreElement>(null)
  useEffect(() => {
    const el = ref.current
    if (el && follow) el.scrollTop = el.scrollHeight
  }, [text, follow])
  const shown = useMemo(() => text.trimEnd(), [text])
  if (!shown) return null
  return (
    <pre ref={ref} className="plan-output" tabIndex={0}>
      {shown}
    </pre>
  )
}
