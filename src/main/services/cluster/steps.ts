// The cluster domain's built-in steps: API calls a plan makes (no host is reached over SSH).
import { z } from 'zod'
import { defineBuiltin } from '../operations'

const context = z.object({ file: z.string(), name: z.string() })
const pod = z.object({ namespace: z.string(), name: z.string(), uid: z.string(), labels: z.record(z.string(), z.string()).optional() })

export const clusterSteps = {
  /** spec.unschedulable of a node, set (cordon) or cleared (uncordon). */
  schedulable: defineBuiltin('cluster.schedulable', z.object({ context, node: z.string(), unschedulable: z.boolean() })),
  /** Prints `unschedulable=<bool>` for a check. */
  nodeState: defineBuiltin('cluster.nodeState', z.object({ context, node: z.string() })),
  /** Evicts pods through the Eviction API, honouring disruption budgets, until they are gone. */
  evict: defineBuiltin(
    'cluster.evict',
    z.object({ context, node: z.string(), pods: z.array(pod), gracePeriodSeconds: z.number().int().optional(), timeoutMs: z.number().int().positive() })
  ),
  /** Prints `none` when none of the pods (by uid) exists any more, else the ones left. */
  podsGone: defineBuiltin('cluster.podsGone', z.object({ context, pods: z.array(pod) }))
}
