// Day-2 actions on a cluster, planned from what the API says now: cordon, uncordon and drain
// (kubectl's pod filters, PodDisruptionBudgets honoured). Each becomes an operation the user
// confirms; the engine runs it through this domain's built-ins.
import type { KubeConfig } from '@kubernetes/client-node'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { OperationDetail } from '../../../shared/model/operations'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'
import type { OperationsService } from '../operations'
import { apiStatus, isUnschedulable, podsOnNode } from './api'
import { problemText, selectPods, type DrainOptions } from './drain'
import { buildDrainPlan, buildHpaRangePlan, buildScalePlan, buildSchedulePlan } from './plans'
import { autoscalerOf, parseWorkload, readReplicas, type Autoscaler } from './scale'
import type { PodRow } from '../../../shared/model/cluster'
import { ListWatch, type RowChanges } from './list-watch'
import { podRow, type ApiPod } from './pod-row'
import { diagnoseNamespace, type NamespaceDiagnosis } from './namespace'
import { buildUnstickPlan } from './unstick'

export interface ClusterServiceDeps {
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  operations: Pick<OperationsService<never>, 'create'>
}

/** kubectl drain's default --timeout is 0 (forever); a plan step needs an end: five minutes unless told. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 300_000

/** How long a list nobody watches stays current (a window switching pages and back keeps it). */
const LINGER_MS = 30_000

export class ClusterService {
  /** One watched pod list per context, shared by every window that shows it. */
  private podLists = new Map<string, { list: ListWatch<PodRow>; linger?: NodeJS.Timeout }>()

  constructor(private readonly deps: ClusterServiceDeps) {}

  /** Every pod of the context's cluster, kept current: the rows now, then the changes; the returned function stops listening. */
  async watchPods(context: ContextRef, listener: (c: RowChanges<PodRow>) => void): Promise<() => void> {
    const key = `${context.file}\u0000${context.name}`
    let entry = this.podLists.get(key)
    if (!entry) {
      const list = new ListWatch<PodRow>(await this.deps.kubeConfigFor(context), { path: '/api/v1/pods', toRow: (o) => podRow(o as ApiPod), key: (r) => r.key })
      entry = { list }
      this.podLists.set(key, entry)
      list.start()
    }
    if (entry.linger) clearTimeout(entry.linger)
    const off = entry.list.subscribe(listener)
    const held = entry
    return () => {
      off()
      if (held.list.listening > 0) return
      held.linger = setTimeout(() => {
        if (held.list.listening > 0) return
        held.list.stop()
        this.podLists.delete(key)
      }, LINGER_MS)
      held.linger.unref?.()
    }
  }

  close(): void {
    for (const { list, linger } of this.podLists.values()) {
      if (linger) clearTimeout(linger)
      list.stop()
    }
    this.podLists.clear()
  }

  private async node<T>(context: ContextRef, node: string, read: (kc: KubeConfig) => Promise<T>): Promise<T> {
    const kc = await this.deps.kubeConfigFor(context)
    try {
      return await read(kc)
    } catch (e) {
      const { code, message } = apiStatus(e)
      if (code === 404) {
        throw new AppError({
          code: 'cluster.node-not-found',
          message: t`Error from server (NotFound): nodes "${node}" not found`,
          hint: t`Name the node as \`kubectl get nodes\` shows it.`
        })
      }
      throw new AppError({
        code: 'cluster.api',
        message: t`Could not read node ${node} with context ${context.name}: ${message}`,
        hint: t`Check the context with Test connection.`
      })
    }
  }

  async planSchedule(context: ContextRef, node: string, unschedulable: boolean): Promise<OperationDetail> {
    const already = (await this.node(context, node, (kc) => isUnschedulable(kc, node))) === unschedulable
    return this.deps.operations.create(buildSchedulePlan(context, node, unschedulable, already))
  }

  /** A drain plan, or (as kubectl) a refusal naming every pod the flags do not cover, before anything changes. */
  async planDrain(context: ContextRef, node: string, o: DrainOptions & { gracePeriodSeconds?: number; timeoutMs?: number; podSelector?: string }): Promise<OperationDetail> {
    const { cordoned, pods } = await this.node(context, node, async (kc) => ({ cordoned: await isUnschedulable(kc, node), pods: await podsOnNode(kc, node, o.podSelector) }))
    const selection = selectPods(pods, o)
    if (selection.problems.length) {
      throw new AppError({
        code: 'cluster.drain-refused',
        message: t`Cannot drain ${node}: ${selection.problems.map(problemText).join('; ')}. Nothing was changed.`,
        hint: t`Add the flag each line names if that is what you mean, or move those pods first.`,
        data: { problems: selection.problems.map((p) => ({ problem: p.problem, pods: p.pods.map((x) => `${x.namespace}/${x.name}`) })) }
      })
    }
    return this.deps.operations.create(buildDrainPlan(context, node, selection, cordoned, { ...o, timeoutMs: o.timeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS }))
  }

  /** Why a namespace stays in Terminating: conditions, unavailable APIServices, the objects and finalizers that hold it. */
  async diagnoseNamespace(context: ContextRef, namespace: string): Promise<NamespaceDiagnosis> {
    const kc = await this.deps.kubeConfigFor(context)
    try {
      return await diagnoseNamespace(kc, namespace)
    } catch (e) {
      throw new AppError({
        code: 'cluster.api',
        message: t`Could not read namespace ${namespace} with context ${context.name}: ${(e as Error).message}`,
        hint: t`Check the context with Test connection.`
      })
    }
  }

  /** A plan that frees a namespace stuck in Terminating (see unstick.ts), with the diagnosis it was made from. */
  async planUnstick(context: ContextRef, namespace: string, o: { finalize?: boolean } = {}): Promise<{ diagnosis: NamespaceDiagnosis; operation: OperationDetail }> {
    const diagnosis = await this.diagnoseNamespace(context, namespace)
    if (!diagnosis.exists) {
      throw new AppError({
        code: 'cluster.namespace-not-found',
        message: t`Error from server (NotFound): namespaces "${namespace}" not found`,
        hint: t`It may be gone already: kubectl get namespaces.`
      })
    }
    if (diagnosis.phase !== 'Terminating') {
      throw new AppError({
        code: 'cluster.namespace-not-terminating',
        message: t`Namespace ${namespace} is not being deleted (phase ${diagnosis.phase || 'unknown'}): there is nothing to free.`,
        hint: t`kubectl delete namespace ${namespace} starts its deletion; run this again if it does not finish.`
      })
    }
    return { diagnosis, operation: await this.deps.operations.create(buildUnstickPlan(context, diagnosis, o)) }
  }

  /**
   * A scale plan; refused when an HPA targets the workload (a manual scale fights it), naming the
   * HPA and its range. With `range`, the HPA's min/max are what the plan changes instead.
   */
  async planScale(context: ContextRef, ref: string, namespace: string, o: { replicas?: number; range?: { min: number; max: number } }): Promise<OperationDetail> {
    const w = parseWorkload(ref, namespace)
    if (!w) {
      throw new AppError({
        code: 'input.invalid',
        message: t`error: cannot scale ${ref}: give TYPE/NAME with TYPE deployment, statefulset or replicaset`,
        hint: t`For example: deploy/web, statefulset/db.`
      })
    }
    const kc = await this.deps.kubeConfigFor(context)
    const now = await readReplicas(kc, w)
    if (now.status === 404)
      throw new AppError({ code: 'cluster.not-found', message: t`Error from server (NotFound): ${w.resource}.apps "${w.name}" not found in namespace ${namespace}` })
    if (now.status !== 200) throw new AppError({ code: 'cluster.api', message: t`Could not read ${ref} with context ${context.name}: ${now.message}` })
    const hpa = await autoscalerOf(kc, w)
    if (o.range) {
      if (!hpa)
        throw new AppError({
          code: 'cluster.no-hpa',
          message: t`No HorizontalPodAutoscaler targets ${ref} in ${namespace}: there is no range to change.`,
          hint: t`Scale it with --replicas.`
        })
      if (o.range.min > o.range.max) throw new AppError({ code: 'input.invalid', message: t`--min ${o.range.min} is above --max ${o.range.max}.` })
      return this.deps.operations.create(buildHpaRangePlan(context, namespace, hpa.name, { min: hpa.minReplicas, max: hpa.maxReplicas }, o.range))
    }
    if (hpa) throw hpaConflict(ref, namespace, hpa)
    return this.deps.operations.create(buildScalePlan(context, w, now.replicas, o.replicas ?? now.replicas))
  }
}

function hpaConflict(ref: string, namespace: string, hpa: Autoscaler): AppError {
  return new AppError({
    code: 'cluster.hpa-conflict',
    message: t`HorizontalPodAutoscaler ${namespace}/${hpa.name} targets ${ref} (${hpa.minReplicas}–${hpa.maxReplicas} replicas, now ${hpa.currentReplicas}, wants ${hpa.desiredReplicas}): a manual scale would be undone at its next sync. Nothing was changed.`,
    hint: t`Change the autoscaler's range instead: --min N --max M.`,
    data: { hpa }
  })
}
