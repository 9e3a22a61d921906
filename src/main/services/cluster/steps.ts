// The cluster domain's built-in steps: API calls a plan makes (no host is reached over SSH).
import { z } from 'zod'
import { defineBuiltin } from '../operations'

const context = z.object({ file: z.string(), name: z.string() })
const workload = z.object({ namespace: z.string(), resource: z.string(), kind: z.string(), name: z.string() })
const heldObject = z.object({ apiVersion: z.string(), kind: z.string(), resource: z.string(), name: z.string() })
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
  podsGone: defineBuiltin('cluster.podsGone', z.object({ context, pods: z.array(pod) })),
  /** Deletes an APIService (one that is not available breaks discovery); the undo creates it again from `object`. */
  deleteApiService: defineBuiltin('cluster.deleteApiService', z.object({ context, name: z.string() })),
  createApiService: defineBuiltin('cluster.createApiService', z.object({ context, object: z.record(z.string(), z.unknown()) })),
  /** Prints `gone` when the APIService no longer exists, `present` when it does. */
  apiServiceState: defineBuiltin('cluster.apiServiceState', z.object({ context, name: z.string() })),
  /** Removes exactly these finalizers from one object (its other finalizers stay). */
  removeFinalizers: defineBuiltin('cluster.removeFinalizers', z.object({ context, namespace: z.string(), object: heldObject, finalizers: z.array(z.string()) })),
  /** Prints `released` when the object is gone or carries none of the finalizers, else the ones left. */
  finalizersState: defineBuiltin('cluster.finalizersState', z.object({ context, namespace: z.string(), object: heldObject, finalizers: z.array(z.string()) })),
  /** The last resort: PUT …/namespaces/NS/finalize with no finalizers (the content is left as it is in etcd). */
  finalizeNamespace: defineBuiltin('cluster.finalizeNamespace', z.object({ context, namespace: z.string() })),
  /** Sets a workload's replicas through its /scale subresource. */
  scale: defineBuiltin('cluster.scale', z.object({ context, workload, replicas: z.number().int().min(0) })),
  /** Prints `replicas=<n>` (spec) for a check. */
  replicasState: defineBuiltin('cluster.replicasState', z.object({ context, workload })),
  /** Sets an HPA's minReplicas and maxReplicas. */
  hpaRange: defineBuiltin('cluster.hpaRange', z.object({ context, namespace: z.string(), name: z.string(), min: z.number().int().min(1), max: z.number().int().min(1) })),
  /** Prints `range=<min>-<max>` for a check. */
  hpaState: defineBuiltin('cluster.hpaState', z.object({ context, namespace: z.string(), name: z.string() })),
  /**
   * Replaces one object (PUT). With the resourceVersion it was read at, the server refuses it
   * (409) when the object changed since; `latest` (an undo) writes over whatever version is there now.
   */
  replace: defineBuiltin('cluster.replace', z.object({ context, path: z.string(), object: z.record(z.string(), z.unknown()), latest: z.boolean().optional() })),
  /** A JSON merge patch to one object (labels, annotations, a restart, an autoscaler's settings). */
  patch: defineBuiltin('cluster.patch', z.object({ context, path: z.string(), patch: z.record(z.string(), z.unknown()), what: z.string() })),
  /** Creates one object in a collection. */
  create: defineBuiltin('cluster.create', z.object({ context, path: z.string(), object: z.record(z.string(), z.unknown()), what: z.string() })),
  /** Deletes one object (with a uid: only that one, not a new object of the same name); gracePeriodSeconds 0 removes a pod at once (kubectl --force --grace-period=0). */
  delete: defineBuiltin('cluster.delete', z.object({ context, path: z.string(), uid: z.string(), what: z.string(), gracePeriodSeconds: z.number().int().min(0).optional() })),
  /** Prints `value=<JSON>` of one field of an object (`field`: its path), or `gone`; checks match on it. */
  objectField: defineBuiltin('cluster.objectField', z.object({ context, path: z.string(), field: z.array(z.string()) })),
  /** Prints `gone` when the namespace no longer exists, else its phase. */
  namespaceState: defineBuiltin('cluster.namespaceState', z.object({ context, namespace: z.string() }))
}
