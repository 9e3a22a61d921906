// The etcd wizard: discovery (an editable topology with consistency findings), health, verified
// backups into the local catalog, and plans (restore, repairs, a backup cron entry) that run as
// operations (see contracts/operations). Backup progress streams to the window that asked.
import { z } from 'zod'
import { call, stream } from './define'
import { etcdTopologySchema } from './etcd-topology'
import { contextRefSchema } from './kubeconfig'
import type { BackupResult, EtcdHealth, EtcdTopology, SnapshotEntry } from '../model/etcd'
import type { OperationDetail } from '../model/operations'

const snapshotId = z.string().min(1)

export interface EtcdBackupProgress {
  taskId: string
  phase: 'choose' | 'save' | 'verify' | 'download' | 'catalog' | 'cleanup' | 'done'
  message: string
  bytes?: number
  total?: number
}

export const etcdCalls = {
  /** Reads the cluster's etcd members, apiservers and controllers over SSH (hosts from the API and the SSH mapping). */
  'etcd.discover': call<EtcdTopology>()(
    z.object({
      context: contextRefSchema,
      /** SSH names to read instead of asking the API (when it is down and the cluster was never discovered). */
      hosts: z.array(z.string().min(1)).optional()
    })
  ),
  /** The last discovered or corrected topology of the context (null before the first discovery). */
  'etcd.topology': call<EtcdTopology | null>()(z.object({ context: contextRefSchema })),
  /** The user's corrections: consistency checks run again on the edited topology. */
  'etcd.correct': call<EtcdTopology>()(z.object({ topology: etcdTopologySchema })),
  'etcd.health': call<EtcdHealth>()(z.object({ context: contextRefSchema })),
  /** Takes a verified snapshot into the catalog; progress on `etcd.backupProgress` with this taskId. */
  'etcd.backup': call<BackupResult>()(
    z.object({ context: contextRefSchema, member: z.string().optional(), taskId: z.string().min(1), keep: z.number().int().min(1).max(1000).optional() })
  ),
  'etcd.snapshots': call<SnapshotEntry[]>()(z.object({ clusterKey: z.string().optional() })),
  /** Reads the file again: SHA-256 as recorded and etcd's own checksum. */
  'etcd.verifySnapshot': call<SnapshotEntry>()(z.object({ id: snapshotId })),
  'etcd.deleteSnapshot': call<void>()(z.object({ id: snapshotId })),
  /** Builds and journals a restore plan (nothing runs until operations.run), from a catalog snapshot or a file on this machine. */
  'etcd.planRestore': call<OperationDetail>()(
    z.object({
      context: contextRefSchema,
      snapshotId: snapshotId.optional(),
      snapshotFile: z.string().regex(/^\//, 'an absolute path').optional(),
      initialClusterToken: z.string().min(1).optional(),
      bumpRevision: z.number().int().min(0).optional()
    })
  ),
  'etcd.planRepair': call<OperationDetail>()(z.object({ context: contextRefSchema, kind: z.enum(['wal-tmp-dir', 'rejoin-member']), member: z.string().min(1) })),
  'etcd.planCron': call<OperationDetail>()(
    z.object({
      context: contextRefSchema,
      member: z.string().min(1),
      schedule: z.string().optional(),
      dir: z.string().regex(/^\//, 'an absolute path').optional(),
      keepDays: z.number().int().min(1).max(365).optional()
    })
  )
} as const

export const etcdStreams = {
  'etcd.backupProgress': stream<EtcdBackupProgress>()
} as const
