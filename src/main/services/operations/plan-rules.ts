// The rules every plan obeys before it is journaled, whatever domain built it: a plan that
// breaks one is a bug in its builder, refused before anything can run.
import type { Plan, PlanAction } from '../../../shared/model/operations'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'

export function validatePlan(plan: Plan): void {
  const problems: string[] = []
  const ids = new Set<string>()
  const hostOk = (h: string | undefined) => h === undefined || h === '' || Object.prototype.hasOwnProperty.call(plan.hosts, h)
  const checkAction = (where: string, a: PlanAction) => {
    if (!hostOk(a.host)) problems.push(`${where}: unknown host "${a.host}"`)
    if (a.kind === 'shell' && !a.command.trim()) problems.push(`${where}: empty command`)
    if (a.kind === 'builtin' && a.display.length === 0) problems.push(`${where}: built-in ${a.name} shows no command`)
  }
  let firstDestructive = -1
  plan.steps.forEach((s, i) => {
    if (ids.has(s.id)) problems.push(`step ${s.id}: duplicate id`)
    ids.add(s.id)
    if (!hostOk(s.host)) problems.push(`step ${s.id}: unknown host "${s.host}"`)
    if (s.actions.length === 0) problems.push(`step ${s.id}: no actions`)
    s.actions.forEach((a, j) => checkAction(`step ${s.id} action ${j + 1}`, a))
    if (s.check) checkAction(`step ${s.id} check`, s.check.action)
    s.undo?.actions.forEach((a, j) => checkAction(`step ${s.id} undo ${j + 1}`, a))
    if (s.destructive && !s.undo && !s.irreversible) problems.push(`step ${s.id}: destructive without an undo`)
    // A step that changes the cluster proves it worked: its ✓ means the change is there.
    if (s.destructive && !s.check) problems.push(`step ${s.id}: destructive without a check`)
    if (s.irreversible && s.undo) problems.push(`step ${s.id}: irreversible with an undo`)
    if (s.destructive && s.preflight) problems.push(`step ${s.id}: a pre-flight step cannot be destructive`)
    if (s.destructive && firstDestructive < 0) firstDestructive = i
    if (s.preflight && firstDestructive >= 0) problems.push(`step ${s.id}: pre-flight after the first destructive step`)
  })
  for (const l of plan.leftovers ?? []) if (!hostOk(l.host) || !l.host) problems.push(`leftover ${l.path}: unknown host "${l.host}"`)
  if (plan.steps.some((s) => s.destructive) && !plan.confirmText) problems.push('a destructive plan needs a confirmation text')
  if (problems.length > 0) {
    throw new AppError({
      code: 'operations.plan-invalid',
      message: t`The ${plan.kind} plan breaks the operation rules: ${problems.join('; ')}.`,
      hint: t`This is a bug in Kubedeck; nothing was run. Please report it with the plan (CLI: --dry-run --json).`
    })
  }
}
