// Plans and operations as text, for the CLI (`--dry-run` prints exactly what would run) and
// for people reading a journal in a terminal.
import { linesRunOn, type OperationDetail, type Plan, type PlanAction, type PlanStep } from '../../../shared/model/operations'

const indent = (text: string, pad: string) =>
  text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n')

function actionText(plan: Plan, a: PlanAction): string {
  if (a.kind === 'shell') return `[${plan.hosts[a.host]?.label ?? a.host}${a.root && !plan.hosts[a.host]?.root ? ', sudo' : ''}]\n${indent(a.command, '  ')}`
  // A built-in's lines say where they run: on its host, or here (reaching hosts with ssh/sftp).
  const on = linesRunOn(a)
  const where = on ? (plan.hosts[on]?.label ?? on) : 'this machine'
  return `[${where}]\n${indent(a.display.join('\n'), '  ')}`
}

function stepText(plan: Plan, s: PlanStep, n: number): string {
  const tags = [s.preflight ? 'pre-flight' : '', s.destructive ? 'DESTRUCTIVE' : ''].filter(Boolean)
  const host = s.host ? (plan.hosts[s.host]?.label ?? s.host) : 'this machine'
  const lines = [`${String(n).padStart(2)}. ${s.title}${tags.length ? `  [${tags.join(', ')}]` : ''}  (${host}; id ${s.id})`]
  lines.push(indent(s.description, '    '))
  for (const a of s.actions) lines.push(indent('$ ' + actionText(plan, a), '    '))
  if (s.check) {
    const retry = s.check.retry ? ` (retried for up to ${Math.round(s.check.retry.timeoutMs / 1000)} s)` : ''
    lines.push(`    check: ${s.check.description}${retry}`)
    lines.push(indent('$ ' + actionText(plan, s.check.action), '      '))
  }
  if (s.undo) {
    lines.push(`    undo: ${s.undo.description}`)
    for (const a of s.undo.actions) lines.push(indent('$ ' + actionText(plan, a), '      '))
  }
  return lines.join('\n')
}

export function formatPlan(plan: Plan): string {
  const out = [`${plan.title}`, `context: ${plan.context.name} (${plan.context.file})`, '', plan.summary, '']
  const hosts = Object.entries(plan.hosts)
  if (hosts.length) {
    out.push('Hosts:')
    for (const [id, h] of hosts) out.push(`  ${h.label}${id !== h.label ? ` (${id})` : ''}${h.root ? '' : ' (commands marked sudo run through sudo)'}`)
    out.push('')
  }
  if (plan.warnings.length) {
    out.push('Before you confirm:')
    for (const w of plan.warnings) out.push(`  ! ${w}`)
    out.push('')
  }
  out.push('Steps:')
  plan.steps.forEach((s, i) => out.push(stepText(plan, s, i + 1), ''))
  return out.join('\n')
}

export function formatOperation(op: OperationDetail): string {
  const out = [`${op.title}  [${op.state}]`, `id: ${op.id}`, `journal: ${op.journal}`]
  if (op.error) out.push(`error: ${op.error}`)
  out.push('')
  op.plan.steps.forEach((s, i) => {
    const run = op.steps[i]
    out.push(`${String(i + 1).padStart(2)}. ${run.status.padEnd(11)} ${s.title}${run.error ? `\n      ${run.error}` : ''}${run.undoError ? `\n      ${run.undoError}` : ''}`)
  })
  const next = [op.canResume ? 'resume' : '', op.canRollback ? 'rollback' : ''].filter(Boolean)
  if (next.length) out.push('', `next: ${next.map((n) => `kubedeck operations ${n} ${op.id}`).join('  or  ')}`)
  return out.join('\n')
}
