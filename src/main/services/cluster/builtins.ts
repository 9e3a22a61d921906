// The cluster domain's part of the operations engine: its plans reach no host, only the API
// server of the plan's context, with the context's own credentials.
import type { KubeConfig } from '@kubernetes/client-node'
import { z } from 'zod'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { implement, type BuiltinOutcome, type OperationDomain, type RemoteHost } from '../operations'
import { isUnschedulable, podUid, setUnschedulable } from './api'
import { budgetText, evictPods, podName } from './evict'
import { clusterSteps } from './steps'

export interface ClusterDomainDeps {
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
}

const fail = (error: string, output?: string): BuiltinOutcome => ({ ok: false, error, output })

export function clusterOperationDomain(deps: ClusterDomainDeps): OperationDomain<RemoteHost, never, unknown> {
  return {
    target: z.never(),
    connect: () => Promise.reject(new Error('cluster plans reach no host')),
    builtins: [
      implement(clusterSteps.schedulable, async (a, ctx) => {
        const kc = await deps.kubeConfigFor(a.context)
        const { already } = await setUnschedulable(kc, a.node, a.unschedulable)
        const word = a.unschedulable ? 'cordoned' : 'uncordoned'
        // kubectl's words: "node/x cordoned", "node/x already cordoned".
        const output = `node/${a.node} ${already ? `already ${word}` : word}\n`
        ctx.stdout(output)
        return { ok: true, output }
      }),
      implement(clusterSteps.nodeState, async (a) => {
        const kc = await deps.kubeConfigFor(a.context)
        return { ok: true, output: `unschedulable=${await isUnschedulable(kc, a.node)}\n` }
      }),
      implement(clusterSteps.evict, async (a, ctx) => {
        const kc = await deps.kubeConfigFor(a.context)
        let output = ''
        const log = (line: string) => {
          output += line + '\n'
          ctx.stdout(line + '\n')
        }
        const r = await evictPods(kc, a.pods, { gracePeriodSeconds: a.gracePeriodSeconds, timeoutMs: a.timeoutMs, signal: ctx.signal, log })
        if (r.blocked.length) {
          const byBudget = new Map<string, string[]>()
          for (const b of r.blocked) {
            const key = b.budgets.map(budgetText).join('; ') || 'a PodDisruptionBudget'
            byBudget.set(key, [...(byBudget.get(key) ?? []), b.pod])
          }
          const why = [...byBudget].map(([budget, pods]) => `${pods.join(', ')} (blocked by ${budget})`).join('; ')
          return fail(
            `Cannot evict ${why}: the budget allowed no disruption for ${Math.round(a.timeoutMs / 1000)} s. Those pods were not deleted; ${r.evicted.length} other pods were evicted.`,
            output
          )
        }
        if (r.failed.length) return fail(`Could not evict ${r.failed.map((f) => `${f.pod} (${f.message})`).join(', ')}.`, output)
        return { ok: true, output: output || 'no pods to evict\n' }
      }),
      implement(clusterSteps.podsGone, async (a) => {
        const kc = await deps.kubeConfigFor(a.context)
        const left: string[] = []
        for (const p of a.pods) if ((await podUid(kc, p)) === p.uid) left.push(podName(p))
        return { ok: true, output: left.length ? `left: ${left.join(', ')}\n` : 'none\n' }
      })
    ]
  }
}
