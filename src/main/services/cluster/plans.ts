// Day-2 plans on a node: cordon, uncordon and drain, each confirmed, journalled and undoable
// where it can be (an eviction cannot be taken back: the pods' controllers make new ones).
import type { Plan, PlanStep } from '../../../shared/model/operations'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { described, planWords, say, stepWords, type Said } from '../../../shared/plan-messages'
import { podName } from './evict'
import type { DrainPod, DrainSelection } from './drain'
import { warningText } from './drain'
import { clusterSteps } from './steps'

const plan = (kind: string, context: ContextRef, words: ReturnType<typeof planWords>, steps: PlanStep[], params: Record<string, unknown> = {}): Plan => ({
  domain: 'cluster',
  kind,
  ...words,
  context: { file: context.file, name: context.name },
  confirmText: context.name,
  hosts: {},
  steps,
  params,
  createdAt: new Date().toISOString()
})

const stateCheck = (context: ContextRef, node: string, unschedulable: boolean, what: Said) => ({
  ...described(what),
  action: clusterSteps.nodeState.action({ context, node }, { display: [`kubectl get node ${node} -o jsonpath='{.spec.unschedulable}'`] }),
  stdoutMatches: `^unschedulable=${unschedulable}$`
})

/** Sets a node (un)schedulable; undone by the opposite (unless it was so already: then there is nothing to undo). */
function scheduleStep(context: ContextRef, node: string, unschedulable: boolean, wasAlready: boolean): PlanStep {
  const set = (u: boolean) => clusterSteps.schedulable.action({ context, node, unschedulable: u }, { display: [`kubectl ${u ? 'cordon' : 'uncordon'} ${node}`] })
  const words = unschedulable
    ? stepWords(say('cordon.step.title', { node }), say('cordon.step.description', { node }))
    : stepWords(say('uncordon.step.title', { node }), say('uncordon.step.description', { node }))
  return {
    id: `${unschedulable ? 'cordon' : 'uncordon'}:${node}`,
    ...words,
    host: '',
    preflight: false,
    destructive: true,
    actions: [set(unschedulable)],
    check: stateCheck(context, node, unschedulable, say(unschedulable ? 'cordon.step.check' : 'uncordon.step.check', { node })),
    // Already so before the plan: the undo leaves it as it was.
    undo: wasAlready
      ? { ...described(say('schedule.undo.nothing', { node })), actions: [set(unschedulable)] }
      : {
          ...described(say(unschedulable ? 'cordon.step.undo' : 'uncordon.step.undo', { node })),
          actions: [set(!unschedulable)],
          check: stateCheck(context, node, !unschedulable, say(unschedulable ? 'uncordon.step.check' : 'cordon.step.check', { node }))
        }
  }
}

export function buildSchedulePlan(context: ContextRef, node: string, unschedulable: boolean, wasAlready: boolean): Plan {
  const words = unschedulable
    ? planWords(say('cordon.plan.title', { node }), say('cordon.plan.summary', { node }))
    : planWords(say('uncordon.plan.title', { node }), say('uncordon.plan.summary', { node }))
  return plan(unschedulable ? 'cluster.cordon' : 'cluster.uncordon', context, words, [scheduleStep(context, node, unschedulable, wasAlready)], { node })
}

export interface DrainPlanOptions {
  gracePeriodSeconds?: number
  timeoutMs: number
  ignoreDaemonsets?: boolean
  deleteEmptydirData?: boolean
  force?: boolean
  podSelector?: string
}

const target = (p: DrainPod) => ({ namespace: p.namespace, name: p.name, uid: p.uid, ...(p.labels ? { labels: p.labels } : {}) })

/** Cordon, then evict every pod the selection names (kubectl's filters already applied: no refusal left). */
export function buildDrainPlan(context: ContextRef, node: string, selection: DrainSelection, wasCordoned: boolean, o: DrainPlanOptions): Plan {
  const pods = selection.evict.map(target)
  const timeout = `${Math.round(o.timeoutMs / 1000)} s`
  const flags = [
    o.ignoreDaemonsets ? '--ignore-daemonsets' : '',
    o.deleteEmptydirData ? '--delete-emptydir-data' : '',
    o.force ? '--force' : '',
    o.podSelector ? `--pod-selector=${o.podSelector}` : '',
    o.gracePeriodSeconds !== undefined ? `--grace-period=${o.gracePeriodSeconds}` : '',
    `--timeout=${Math.round(o.timeoutMs / 1000)}s`
  ].filter(Boolean)
  const evictStep: PlanStep = {
    id: `evict:${node}`,
    ...stepWords(say('drain.evict.title', { n: pods.length, node }), say('drain.evict.description', { timeout })),
    host: '',
    preflight: false,
    destructive: true,
    irreversible: true,
    actions: [
      clusterSteps.evict.action(
        { context, node, pods, ...(o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : {}), timeoutMs: o.timeoutMs },
        { display: pods.length ? pods.map((p) => `kubectl evict ${podName(p)}  # POST …/pods/${p.name}/eviction`) : ['# no pods to evict'], timeoutMs: o.timeoutMs + 30_000 }
      )
    ],
    check: {
      ...described(say('drain.evict.check', { node })),
      action: clusterSteps.podsGone.action({ context, pods }, { display: [`kubectl get pods -A --field-selector spec.nodeName=${node}`] }),
      stdoutMatches: '^none$'
    }
  }
  const warnings = selection.warnings.map((w) => say('drain.warn.kubectl', { text: warningText(w) }))
  if (selection.skipped.some((s) => s.reason === 'mirror')) warnings.push(say('drain.warn.mirror', { n: selection.skipped.filter((s) => s.reason === 'mirror').length }))
  const words = planWords(say('drain.plan.title', { node }), say('drain.plan.summary', { node, n: pods.length, flags: flags.join(' ') }), warnings, [
    say('drain.next.uncordon', { node })
  ])
  return plan('cluster.drain', context, words, [scheduleStep(context, node, true, wasCordoned), evictStep], { node, pods: pods.length })
}
