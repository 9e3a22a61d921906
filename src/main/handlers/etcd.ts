// The etcd calls: discovery and health ask the calling window for host keys and passwords;
// backup progress streams to that window; plans go to the operations engine.
import type { etcdCalls } from '../../shared/contracts/etcd'
import type { ContextRef } from '../../shared/model/kubeconfig'
import type { CallContext, HandlersFor } from '../dispatch'
import type { EtcdService } from '../services/etcd'
import type { SshInteraction } from '../services/ssh'

export function etcdHandlers(etcd: EtcdService, askerOf: (ctx: CallContext) => SshInteraction): HandlersFor<typeof etcdCalls> {
  const topology = async (context: ContextRef, ctx: CallContext) => etcd.cached(context) ?? etcd.discover(context, { asker: askerOf(ctx) })
  return {
    'etcd.discover': ({ context, hosts }, ctx) => etcd.discover(context, { hosts, asker: askerOf(ctx) }),
    'etcd.topology': ({ context }) => etcd.cached(context) ?? null,
    'etcd.correct': ({ topology: t }) => etcd.correct(t),
    'etcd.health': async ({ context }, ctx) => etcd.health(await topology(context, ctx), { asker: askerOf(ctx) }),
    'etcd.backup': async ({ context, member, taskId, keep }, ctx) =>
      etcd.backup(await topology(context, ctx), {
        member,
        keep,
        asker: askerOf(ctx),
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
