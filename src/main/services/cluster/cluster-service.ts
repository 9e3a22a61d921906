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
import { buildDrainPlan, buildSchedulePlan } from './plans'

export interface ClusterServiceDeps {
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  operations: Pick<OperationsService<never>, 'create'>
}

/** kubectl drain's default --timeout is 0 (forever); a plan step needs an end: five minutes unless told. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 300_000

export class ClusterService {
  constructor(private readonly deps: ClusterServiceDeps) {}

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
}
