// A plan as a shell script a person can attach to a change ticket or run by hand: every step
// in order with its description, each host's commands sent to it with `ssh HOST sh -s`, its
// check after it, its undo as comments, and built-in steps as the commands they stand for.
import type { Plan, PlanAction, PlanStep } from '@shared/model/operations'

const DELIM = 'KUBEDECK_END_OF_SCRIPT'

function action(plan: Plan, a: PlanAction, indent = ''): string {
  if (a.kind === 'builtin') return a.display.map((l) => `${indent}# built-in ${a.name}: ${l}`).join('\n')
  const host = plan.hosts[a.host]?.label ?? a.host
  const sudo = a.root && !plan.hosts[a.host]?.root ? 'sudo ' : ''
  return `${indent}ssh ${host.split(' ')[0]} ${sudo}sh -s <<'${DELIM}'\n${a.command}\n${DELIM}`
}

export function planScript(plan: Plan): string {
  const out = [
    '#!/bin/sh',
    `# ${plan.title}`,
    `# ${plan.summary}`,
    `# Context ${plan.context.name} (${plan.context.file}); plan made ${plan.createdAt} by Kubedeck.`,
    ...plan.warnings.map((w) => `# ! ${w}`),
    'set -e',
    ''
  ]
  plan.steps.forEach((s, i) => out.push(stepScript(plan, s, i)))
  return out.join('\n')
}

/** One step as script lines: what a person copies to do that step by hand. */
export function stepScript(plan: Plan, s: PlanStep, i: number): string {
  const out: string[] = []
  {
    out.push(`# ── ${i + 1}. ${s.title}${s.preflight ? ' [pre-flight]' : ''}${s.destructive ? ' [changes the cluster]' : ''}`)
    for (const line of s.description.split('\n')) out.push(`# ${line}`)
    for (const a of s.actions) out.push(action(plan, a))
    if (s.check) {
      out.push(
        `# check: ${s.check.description}${s.check.stdoutMatches ? ` (its output matches /${s.check.stdoutMatches}/)` : ''}${s.check.retry ? `, retried for up to ${Math.round(s.check.retry.timeoutMs / 1000)} s` : ''}`
      )
      out.push(action(plan, s.check.action))
    }
    if (s.undo) {
      out.push(`# undo: ${s.undo.description}`)
      for (const a of s.undo.actions)
        out.push(
          ...action(plan, a)
            .split('\n')
            .map((l) => `#   ${l}`)
        )
    }
    out.push('')
  }
  return out.join('\n')
}

/** 75 s → `1 m 15 s`; 3.2 s → `3.2 s`. */
export function duration(ms: number, lang = 'en'): string {
  const [m, sec] = lang.startsWith('zh') ? [' 分 ', ' 秒'] : [' m ', ' s']
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}${sec}`
  const s = Math.round(ms / 1000)
  return s < 60 ? `${s}${sec}` : `${Math.floor(s / 60)}${m}${s % 60}${sec}`
}
