// What every phase of the restore plan works from: the topology, the snapshot, the stamp in
// every path the plan creates, and the hosts the plan names.
import type { EtcdHost, EtcdTopology, SnapshotEntry } from '../../../../../shared/model/etcd'
import type { Said } from '../../../../../shared/plan-messages'
import type { PlanHost } from '../../../../../shared/model/operations'
import { AppError } from '../../../../../shared/errors'
import type { SshHostTarget } from '../../../ssh'
import { restoreInitialCluster } from '../../members'
import { checkHostPath, checkMemberValues, planHost } from '../plan-values'
import { t } from '../../../../../shared/error-messages'

/** etcd's guidance: bump past any revision a client could have seen since the snapshot. */
export const DEFAULT_BUMP_REVISION = 1_000_000_000

export interface RestorePlanInput {
  topology: EtcdTopology
  snapshot: Pick<SnapshotEntry, 'file' | 'sha256' | 'bytes'> & Partial<Pick<SnapshotEntry, 'status' | 'createdAt' | 'member'>>
  /** Timestamp used in every path the plan creates (aside folders), e.g. 20250102-030405. */
  stamp: string
  /** Overrides the token (default: the members' configured --initial-cluster-token). */
  initialClusterToken?: string
  /** 0 turns revision bumping off. */
  bumpRevision?: number
}

export interface RestoreContext {
  t: EtcdTopology
  snapshot: RestorePlanInput['snapshot']
  stamp: string
  hosts: Record<string, PlanHost<SshHostTarget>>
  /** Every host that runs a member, once, in member order. */
  memberHosts: string[]
  token: string
  initialCluster: string
  bump: number
  remoteDir: string
  remoteSnapshot: string
  /** Sentences for "Before you confirm"; phases add theirs. */
  warnings: Said[]
  hostOf(id: string): EtcdHost
  label(id: string): string
}

export function restoreContext(input: RestorePlanInput): RestoreContext {
  const { topology: topo, stamp } = input
  if (topo.members.length === 0) {
    throw new AppError({
      code: 'etcd.no-members',
      message: t`No etcd member was found for context ${topo.context.name}: there is nothing to restore.`,
      hint: t`Check the host mapping (each control-plane node must be reachable over SSH), then discover again.`
    })
  }
  checkMemberValues(topo)
  for (const c of [...topo.apiservers, ...topo.components]) {
    if (c.source.kind === 'static-pod') checkHostPath(undefined, `The manifest on ${c.host}`, c.source.manifest)
  }
  if (!/^[\w-]+$/.test(stamp)) throw new AppError({ code: 'internal', message: t`The plan stamp ${JSON.stringify(stamp)} is not a file-name word.` })
  const byId = new Map(topo.hosts.map((h) => [h.id, h]))
  const hostOf = (id: string) => {
    const h = byId.get(id)
    if (!h) throw new AppError({ code: 'etcd.topology', message: t`The topology names host ${id} but does not describe it.` })
    return h
  }
  const hosts: Record<string, PlanHost<SshHostTarget>> = {}
  for (const id of new Set([...topo.members.map((m) => m.host), ...topo.apiservers.map((a) => a.host), ...topo.components.map((c) => c.host)])) {
    hosts[id] = planHost(hostOf(id), topo.sshConfigFile)
  }
  const remoteDir = `/var/tmp/kubedeck-restore-${stamp}`
  return {
    t: topo,
    snapshot: input.snapshot,
    stamp,
    hosts,
    memberHosts: [...new Set(topo.members.map((m) => m.host))],
    token: input.initialClusterToken ?? topo.members[0].settings.initialClusterToken,
    initialCluster: restoreInitialCluster(topo.members),
    bump: input.bumpRevision ?? DEFAULT_BUMP_REVISION,
    remoteDir,
    remoteSnapshot: `${remoteDir}/snapshot.db`,
    warnings: [],
    hostOf,
    label: (id) => hosts[id]?.label ?? id
  }
}
