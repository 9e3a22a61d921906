// Cluster day-2 calls: node maintenance (cordon, uncordon, drain), scale and HPA range, namespace
// unstick; each builds a plan for the operations engine (the window shows it, the user runs it).
import { z } from 'zod'
import { call, stream } from './define'
import type { ClusterOverview, ObjectDetails, ResourceRow, RowsUpdate } from '../model/cluster'
import type { KindInfo } from '../cluster-kinds'
import type { OperationDetail } from '../model/operations'
import { contextRefSchema } from './kubeconfig'

const name = z.string().min(1).max(253)
const object = z.object({ context: contextRefSchema, kind: z.string().min(1).max(300), namespace: z.string().max(253), name })

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
  'cluster.overview': call<ClusterOverview>()(z.object({ context: contextRefSchema })),
  /** One object: fields, events, related objects, YAML (a Secret's values never: keys and sizes). */
  'cluster.describe': call<ObjectDetails>()(object),
  /** A plan that writes edited YAML; refused when the object is no longer at `resourceVersion`. */
  'cluster.planEdit': call<OperationDetail>()(object.extend({ yaml: z.string().max(3_000_000), resourceVersion: z.string().min(1).max(64) })),
  /** Delete a pod; `force`: at once (grace period 0), for one stuck in Terminating. */
  'cluster.planDeletePod': call<OperationDetail>()(z.object({ context: contextRefSchema, namespace: name, name, force: z.boolean() })),
  'cluster.planRestart': call<OperationDetail>()(object),
  'cluster.planMetadata': call<OperationDetail>()(
    object.extend({ field: z.enum(['labels', 'annotations']), set: z.record(z.string().max(320), z.string().max(262_144)), remove: z.array(z.string().max(320)).max(200) })
  ),
  /** Make or change the autoscaler of a workload (TYPE/NAME). */
  'cluster.planHpa': call<OperationDetail>()(
    z.object({
      context: contextRefSchema,
      namespace: name,
      workload: z.string().min(3).max(300),
      min: z.number().int().min(1).max(100_000),
      max: z.number().int().min(1).max(100_000),
      cpu: z.number().int().min(1).max(1000)
    })
  ),
  /** Revoke a bootstrap token (its id, the part before the dot). */
  'cluster.planRevokeToken': call<OperationDetail>()(z.object({ context: contextRefSchema, id: z.string().min(1).max(64) })),
  /** The kinds the cluster lists (built-in, then its custom resources). */
  'cluster.kinds': call<KindInfo[]>()(z.object({ context: contextRefSchema })),
  /** Every object of a kind (all namespaces) as rows, kept current on the `cluster.rows` stream until unwatched (or the window goes). */
  'cluster.watch': call<{ subscription: string }>()(z.object({ context: contextRefSchema, kind: z.string().min(1).max(300) })),
  'cluster.unwatch': call<void>()(z.object({ subscription: z.string().min(1).max(100) }))
}

export const clusterStreams = {
  'cluster.rows': stream<RowsUpdate<ResourceRow>>()
} as const
