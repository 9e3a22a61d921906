// Cluster day-2 calls: node maintenance (cordon, uncordon, drain), scale and HPA range, namespace
// unstick; each builds a plan for the operations engine (the window shows it, the user runs it).
import { z } from 'zod'
import { call, stream } from './define'
import type { PodRow, RowsUpdate } from '../model/cluster'
import type { OperationDetail } from '../model/operations'
import { contextRefSchema } from './kubeconfig'

const name = z.string().min(1).max(253)

export const clusterCalls = {
  'cluster.planSchedule': call<OperationDetail>()(z.object({ context: contextRefSchema, node: name, unschedulable: z.boolean() })),
  /** kubectl drain's flags; a refusal (pods the flags do not cover) comes back as an error naming every pod. */
  'cluster.planDrain': call<OperationDetail>()(
    z.object({
      context: contextRefSchema,
      node: name,
      ignoreDaemonsets: z.boolean().optional(),
      deleteEmptydirData: z.boolean().optional(),
      force: z.boolean().optional(),
      gracePeriodSeconds: z.number().int().min(0).max(86_400).optional(),
      timeoutSeconds: z.number().int().min(1).max(86_400).optional()
    })
  ),
  'cluster.planScale': call<OperationDetail>()(
    z.object({
      context: contextRefSchema,
      namespace: name,
      workload: z.string().min(3).max(300),
      replicas: z.number().int().min(0).max(100_000).optional(),
      range: z.object({ min: z.number().int().min(1), max: z.number().int().min(1) }).optional()
    })
  ),
  'cluster.planUnstick': call<OperationDetail>()(z.object({ context: contextRefSchema, namespace: name, finalize: z.boolean().optional() })),
  /** Every pod of the context's cluster as rows, kept current on the `cluster.pods` stream until unwatched (or the window goes). */
  'cluster.watchPods': call<{ subscription: string }>()(z.object({ context: contextRefSchema })),
  'cluster.unwatch': call<void>()(z.object({ subscription: z.string().min(1).max(100) }))
}

export const clusterStreams = {
  'cluster.pods': stream<RowsUpdate<PodRow>>()
} as const
