// The etcd page's state, per context: the topology (as discovered, or as the user corrected
// it), health, the snapshot catalog of the cluster, a running backup's progress, and which plan
// is open. Plans themselves live in the operations slice.
import type { EtcdBackupProgress } from '@shared/contracts/etcd'
import type { ErrorInfo } from '@shared/errors'
import type { BackupResult, EtcdHealth, EtcdTopology, RepairKind, SnapshotEntry } from '@shared/model/etcd'
import type { ContextRef } from '@shared/model/kubeconfig'
import { errorInfoOf } from '../../api'
import type { SliceCreator } from '../../store'
import { launchPlan } from '../operations'

export type EtcdTab = 'overview' | 'backups' | 'restore' | 'repairs' | 'history'

export interface BackupTask {
  taskId: string
  running: boolean
  progress: EtcdBackupProgress[]
  result?: BackupResult
  error?: ErrorInfo
}

export interface EtcdContextState {
  topology?: EtcdTopology
  discovering?: boolean
  topologyError?: ErrorInfo
  health?: EtcdHealth
  checkingHealth?: boolean
  healthError?: ErrorInfo
  backup?: BackupTask
  /** Operation id of the plan the page shows (restore, repair, cron). */
  plan?: string
  planError?: ErrorInfo
  planning?: boolean
}

export interface EtcdSlice {
  etcd: Record<string, EtcdContextState>
  etcdTab: EtcdTab
  /** The snapshot the restore wizard starts with (chosen in the catalog). */
  restoreChoice: string | null
  snapshots: SnapshotEntry[]
  snapshotsError: ErrorInfo | null
  setEtcdTab(tab: EtcdTab): void
  chooseRestoreSnapshot(id: string | null): void
  /** `hosts`: SSH names to read instead of asking the API (it is down). */
  discoverEtcd(context: ContextRef, hosts?: string[]): Promise<void>
  /** The cached topology of main (no SSH) or, if none, a discovery. */
  loadEtcd(context: ContextRef): Promise<void>
  correctEtcdTopology(topology: EtcdTopology): Promise<void>
  checkEtcdHealth(context: ContextRef): Promise<void>
  startEtcdBackup(context: ContextRef, opts?: { member?: string; keep?: number }): Promise<void>
  loadSnapshots(clusterKey?: string): Promise<void>
  verifySnapshot(id: string): Promise<void>
  deleteSnapshot(id: string): Promise<void>
  planEtcdRestore(context: ContextRef, opts: { snapshotId?: string; snapshotFile?: string; initialClusterToken?: string; bumpRevision?: number }): Promise<void>
  planEtcdRepair(context: ContextRef, kind: RepairKind, member: string): Promise<void>
  planEtcdCron(context: ContextRef, opts: { member: string; schedule?: string; dir?: string; keepDays?: number }): Promise<void>
  openEtcdPlan(context: ContextRef, id: string | undefined): void
}

export const etcdKey = (c: ContextRef) => `${c.file}\u0000${c.name}`

let taskSeq = 0

export const createEtcdSlice: SliceCreator<EtcdSlice> = (api) => (set, get) => {
  const patch = (c: ContextRef, p: Partial<EtcdContextState>) => {
    const k = etcdKey(c)
    set({ etcd: { ...get().etcd, [k]: { ...get().etcd[k], ...p } } })
  }
  const state = (c: ContextRef) => get().etcd[etcdKey(c)] ?? {}
  api.on('etcd.backupProgress', (p) => {
    for (const [k, s] of Object.entries(get().etcd)) {
      if (s.backup?.taskId === p.taskId) {
        set({ etcd: { ...get().etcd, [k]: { ...s, backup: { ...s.backup, progress: [...s.backup.progress, p] } } } })
      }
    }
  })
  const plan = (c: ContextRef, make: () => Promise<{ id: string }>) => launchPlan(get().loadOperation, (p) => patch(c, p), make)

  return {
    etcd: {},
    etcdTab: 'overview',
    restoreChoice: null,
    snapshots: [],
    snapshotsError: null,
    setEtcdTab: (etcdTab) => set({ etcdTab }),
    chooseRestoreSnapshot: (restoreChoice) => set({ restoreChoice }),
    discoverEtcd: async (context, hosts) => {
      patch(context, { discovering: true, topologyError: undefined })
      try {
        const topology = await api.call('etcd.discover', { context, hosts })
        patch(context, { topology, discovering: false })
        void get().loadSnapshots(topology.clusterKey)
      } catch (e) {
        patch(context, { topologyError: errorInfoOf(e), discovering: false })
      }
    },
    loadEtcd: async (context) => {
      const s = state(context)
      if (s.topology || s.discovering) return
      const cached = await api.call('etcd.topology', { context }).catch(() => null)
      if (cached) {
        patch(context, { topology: cached })
        void get().loadSnapshots(cached.clusterKey)
      } else await get().discoverEtcd(context)
    },
    correctEtcdTopology: async (topology) => {
      try {
        patch(topology.context, { topology: await api.call('etcd.correct', { topology }), topologyError: undefined })
      } catch (e) {
        patch(topology.context, { topologyError: errorInfoOf(e) })
      }
    },
    checkEtcdHealth: async (context) => {
      patch(context, { checkingHealth: true, healthError: undefined })
      try {
        patch(context, { health: await api.call('etcd.health', { context }), checkingHealth: false })
      } catch (e) {
        patch(context, { healthError: errorInfoOf(e), checkingHealth: false })
      }
    },
    startEtcdBackup: async (context, opts = {}) => {
      const taskId = `backup-${Date.now()}-${++taskSeq}`
      patch(context, { backup: { taskId, running: true, progress: [] } })
      try {
        const result = await api.call('etcd.backup', { context, taskId, ...opts })
        patch(context, { backup: { ...state(context).backup!, running: false, result } })
        await get().loadSnapshots(result.snapshot.clusterKey)
      } catch (e) {
        patch(context, { backup: { ...state(context).backup!, running: false, error: errorInfoOf(e) } })
      }
    },
    loadSnapshots: async (clusterKey) => {
      try {
        set({ snapshots: await api.call('etcd.snapshots', { clusterKey }), snapshotsError: null })
      } catch (e) {
        set({ snapshotsError: errorInfoOf(e) })
      }
    },
    verifySnapshot: async (id) => {
      try {
        const entry = await api.call('etcd.verifySnapshot', { id })
        set({ snapshots: get().snapshots.map((s) => (s.id === id ? entry : s)), snapshotsError: null })
      } catch (e) {
        set({ snapshotsError: errorInfoOf(e) })
      }
    },
    deleteSnapshot: async (id) => {
      try {
        await api.call('etcd.deleteSnapshot', { id })
        set({ snapshots: get().snapshots.filter((s) => s.id !== id), snapshotsError: null })
      } catch (e) {
        set({ snapshotsError: errorInfoOf(e) })
      }
    },
    planEtcdRestore: (context, opts) => plan(context, () => api.call('etcd.planRestore', { context, ...opts })),
    planEtcdRepair: (context, kind, member) => plan(context, () => api.call('etcd.planRepair', { context, kind, member })),
    planEtcdCron: (context, opts) => plan(context, () => api.call('etcd.planCron', { context, ...opts })),
    openEtcdPlan: (context, id) => patch(context, { plan: id, planError: undefined })
  }
}
