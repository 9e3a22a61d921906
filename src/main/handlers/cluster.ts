// The cluster day-2 calls: each asks the cluster service for a plan; the window runs it through
// the operations calls like every other plan.
import type { clusterCalls } from '../../shared/contracts/cluster'
import type { HandlersFor } from '../dispatch'
import type { ClusterService } from '../services/cluster'

export function clusterHandlers(cluster: () => ClusterService): HandlersFor<typeof clusterCalls> {
  return {
    'cluster.planSchedule': ({ context, node, unschedulable }) => cluster().planSchedule(context, node, unschedulable),
    'cluster.planDrain': ({ context, node, timeoutSeconds, ...o }) => cluster().planDrain(context, node, { ...o, ...(timeoutSeconds ? { timeoutMs: timeoutSeconds * 1000 } : {}) }),
    'cluster.planScale': ({ context, namespace, workload, replicas, range }) => cluster().planScale(context, workload, namespace, range ? { range } : { replicas }),
    'cluster.planUnstick': async ({ context, namespace, finalize }) => (await cluster().planUnstick(context, namespace, { finalize })).operation
  }
}
