import type { etcdCalls } from '../../../shared/contracts/etcd'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { CallContext, HandlersFor } from '../../dispatch'
import type { EtcdService } from './etcd-service'

/** `requester(ctx)` is what the SSH service needs to ask this window (host keys, passwords). */
export function etcdHandlers(etcd: EtcdService, requester: (ctx: CallContext) => unknown = () => undefined): HandlersFor<typeof etcdCalls> {
  const topology = async (context: ContextRef, ctx: CallContext) => etcd.cached(context) ?? etcd.discover(context, { requester: requester(ctx) })
  return {
    'etcd.discover': ({ context, hosts }, ctx) => etcd.discover(context, { hosts, requester: requester(ctx) }),
    'etcd.topology': ({ context }) => etcd.cached(context) ?? null,
    'etcd.correct': ({ topology: t }) => etcd.correct(t),
    'etcd.health': async ({ context }, ctx) => etcd.health(await topology(context, ctx), { requester: requester(ctx) }),
    'etcd.backup': async ({ context, member, taskId, keep }, ctx) =>
      etcd.backup(await topology(context, ctx), {
        member,
        keep,
        requester: requester(ctx),
        progress: (p) => ctx.emit('etcd.backupProgress', { taskId, ...p })
      }),
    'etcd.snapshots': ({ clusterKey }) => etcd.listSnapshots(clusterKey),
    'etcd.verifySnapshot': ({ id }) => etcd.verifySnapshot(id),
    'etcd.deleteSnapshot': ({ id }) => etcd.deleteSnapshot(id),
    'etcd.planRestore': async ({ context, snapshotId, snapshotFile, initialClusterToken, bumpRevision }, ctx) =>
      etcd.planRestore(await topology(context, ctx), { id: snapshotId, file: snapshotFile }, { initialClusterToken, bumpRevision }),
    'etcd.planRepair': async ({ context, kind, member }, ctx) => etcd.planRepair(await topology(context, ctx), kind, member),
    'etcd.planCron': async ({ context, ...opts }, ctx) => etcd.planCron(await topology(context, ctx), opts)
  }
}
