// Day-2 plans on a node: cordon, uncordon and drain, each confirmed, journalled and undoable
// where it can be (an eviction cannot be taken back: the pods' controllers make new ones).
import type { Plan, PlanStep } from '../../../shared/model/operations'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { described, planWords, say, stepWords, type Said } from '../../../shared/plan-messages'
import { podName } from './evict'
import type { DrainPod, DrainSelection } from './drain'
import { warningText } from './drain'
import { clusterSteps } from './steps'
import { sh } from '../shell'

/** A cluster plan: no host reached, the context's name to confirm. */
export const plan = (kind: string, context: ContextRef, words: ReturnType<typeof planWords>, steps: PlanStep[], params: Record<string, unknown> = {}): Plan => ({
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
  action: clusterSteps.nodeState.action({ context, node }, { display: [sh`kubectl get node ${node} -o ${'jsonpath={.spec.unschedulable}'}`.text] }),
  stdoutMatches: `^unschedulable=${unschedulable}$`
})

/** Sets a node (un)schedulable; undone by the opposite (unless it was so already: then there is nothing to undo). */
function scheduleStep(context: ContextRef, node: string, unschedulable: boolean, wasAlready: boolean): PlanStep {
  const set = (u: boolean) => clusterSteps.schedulable.action({ context, node, unschedulable: u }, { display: [sh`kubectl ${u ? 'cordon' : 'uncordon'} ${node}`.text] })
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
        { display: pods.length ? pods.map((p) => `${sh`kubectl evict ${podName(p)}`.text}  # POST …/eviction`) : ['# no pods to evict'], timeoutMs: o.timeoutMs + 30_000 }
      )
    ],
    check: {
      ...described(say('drain.evict.check', { node })),
      action: clusterSteps.podsGone.action({ context, pods }, { display: [sh`kubectl get pods -A --field-selector ${`spec.nodeName=${node}`}`.text] }),
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

type Workload = { namespace: string; resource: string; kind: string; name: string }
const workloadText = (w: Workload) => `${w.resource}/${w.name}`

/** Scale a workload (no HPA targets it: the service refuses otherwise); undone by scaling it back. */
export function buildScalePlan(context: ContextRef, w: Workload, from: number, to: number): Plan {
  const set = (n: number) =>
    clusterSteps.scale.action({ context, workload: w, replicas: n }, { display: [sh`kubectl -n ${w.namespace} scale ${workloadText(w)} ${`--replicas=${n}`}`.text] })
  const check = (n: number) => ({
    ...described(say('scale.check', { workload: workloadText(w), n })),
    action: clusterSteps.replicasState.action({ context, workload: w }, { display: [sh`kubectl -n ${w.namespace} get ${workloadText(w)} -o ${'jsonpath={.spec.replicas}'}`.text] }),
    stdoutMatches: `^replicas=${n}$`
  })
  return plan(
    'cluster.scale',
    context,
    planWords(say('scale.plan.title', { workload: workloadText(w), namespace: w.namespace, n: to }), say('scale.plan.summary', { workload: workloadText(w), from, n: to })),
    [
      {
        id: `scale:${w.namespace}/${workloadText(w)}`,
        ...stepWords(say('scale.step.title', { workload: workloadText(w), from, n: to }), say('scale.step.description')),
        host: '',
        preflight: false,
        destructive: true,
        actions: [set(to)],
        check: check(to),
        undo: { ...described(say('scale.step.undo', { workload: workloadText(w), n: from })), actions: [set(from)], check: check(from) }
      }
    ],
    { workload: w, from, to }
  )
}

/** The range of the HPA that targets a workload (what to change instead of its replicas); undone by the old range. */
export function buildHpaRangePlan(context: ContextRef, namespace: string, hpa: string, from: { min: number; max: number }, to: { min: number; max: number }): Plan {
  const set = (r: { min: number; max: number }) =>
    clusterSteps.hpaRange.action(
      { context, namespace, name: hpa, min: r.min, max: r.max },
      { display: [sh`kubectl -n ${namespace} patch hpa ${hpa} --type=merge -p ${JSON.stringify({ spec: { minReplicas: r.min, maxReplicas: r.max } })}`.text] }
    )
  const check = (r: { min: number; max: number }) => ({
    ...described(say('hpa.check', { hpa, min: r.min, max: r.max })),
    action: clusterSteps.hpaState.action({ context, namespace, name: hpa }, { display: [sh`kubectl -n ${namespace} get hpa ${hpa}`.text] }),
    stdoutMatches: `^range=${r.min}-${r.max}$`
  })
  return plan(
    'cluster.hpa-range',
    context,
    planWords(say('hpa.plan.title', { hpa, namespace }), say('hpa.plan.summary', { hpa, fromMin: from.min, fromMax: from.max, min: to.min, max: to.max })),
    [
      {
        id: `hpa:${namespace}/${hpa}`,
        ...stepWords(say('hpa.step.title', { hpa, min: to.min, max: to.max }), say('hpa.step.description')),
        host: '',
        preflight: false,
        destructive: true,
        actions: [set(to)],
        check: check(to),
        undo: { ...described(say('hpa.step.undo', { hpa, min: from.min, max: from.max })), actions: [set(from)], check: check(from) }
      }
    ],
    { namespace, hpa, from, to }
  )
}
