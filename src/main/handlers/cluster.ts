// The cluster calls: day-2 plans (the window runs them through the operations calls like every
// other plan) and watched lists, whose rows go to the window that asked on a stream.
import { randomUUID } from 'node:crypto'
import type { clusterCalls } from '../../shared/contracts/cluster'
import type { HandlersFor } from '../dispatch'
import type { ClusterService } from '../services/cluster'

export function clusterHandlers(cluster: () => ClusterService): HandlersFor<typeof clusterCalls> {
  // Subscriptions by id, with the client they belong to (only it may end them).
  const watching = new Map<string, { client: string; stop(): void }>()
  return {
    'cluster.planSchedule': ({ context, node, unschedulable }) => cluster().planSchedule(context, node, unschedulable),
    'cluster.planDrain': ({ context, node, timeoutSeconds, ...o }) => cluster().planDrain(context, node, { ...o, ...(timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {}) }),
    'cluster.planScale': ({ context, namespace, workload, replicas, range }) => cluster().planScale(context, workload, namespace, range ? { range } : { replicas }),
    'cluster.planUnstick': async ({ context, namespace, finalize }) => (await cluster().planUnstick(context, namespace, { finalize })).operation,
    'cluster.overview': ({ context }) => cluster().overview(context),
    'cluster.describe': ({ context, kind, namespace, name }) => cluster().describe(context, kind, namespace, name),
    'cluster.planEdit': ({ context, kind, namespace, name, yaml, resourceVersion }) => cluster().planEdit(context, kind, namespace, name, yaml, resourceVersion),
    'cluster.planDeletePod': ({ context, namespace, name, force }) => cluster().planDeletePod(context, namespace, name, force),
    'cluster.planRestart': ({ context, kind, namespace, name }) => cluster().planRestart(context, kind, namespace, name),
    'cluster.planMetadata': ({ context, kind, namespace, name, field, set, remove }) => cluster().planMetadata(context, kind, namespace, name, field, set, remove),
    'cluster.planHpa': ({ context, namespace, workload, min, max, cpu }) => cluster().planHpa(context, workload, namespace, { min, max, cpu }),
    'cluster.planRevokeToken': ({ context, id }) => cluster().planRevokeToken(context, id),
    'cluster.kinds': ({ context }) => cluster().kinds(context),
    'cluster.watch': async ({ context, kind }, ctx) => {
      const subscription = randomUUID()
      const stop = await cluster().watch(context, kind, (c) => ctx.emit('cluster.rows', { subscription, ...c }))
      watching.set(subscription, { client: ctx.clientId, stop })
      ctx.onDisconnect(() => {
        watching.get(subscription)?.stop()
        watching.delete(subscription)
      })
      return { subscription }
    },
    'cluster.unwatch': ({ subscription }, ctx) => {
      const w = watching.get(subscription)
      if (w?.client !== ctx.clientId) return
      w.stop()
      watching.delete(subscription)
    }
  }
}
