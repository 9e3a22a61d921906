// The etcd wizard's data: the discovered topology (editable: the user can correct anything
// before a plan is built from it), consistency findings with plain explanations, health,
// and the local snapshot catalog. Paths and URLs only; keys stay on the hosts.
import type { ContextRef } from './kubeconfig'
import type { SshTarget } from './ssh'

export type SettingSource = {
  kind: 'flag' | 'env' | 'config-file' | 'default' | 'user'
  /** File (manifest, unit, EnvironmentFile) or 'etcd default'. */
  where: string
  /** `--name`, `ETCD_NAME`, `name` (config file key). */
  setting: string
}

/** What one etcd member is configured with (effective values, as the process sees them). */
export interface EtcdMemberSettings {
  name: string
  dataDir: string
  listenClientUrls: string[]
  advertiseClientUrls: string[]
  listenPeerUrls: string[]
  initialAdvertisePeerUrls: string[]
  /** Raw `--initial-cluster` as configured. */
  initialCluster: string
  initialClusterToken: string
  initialClusterState: string
  certFile: string
  keyFile: string
  trustedCaFile: string
  clientCertAuth: boolean
  peerCertFile: string
  peerKeyFile: string
  peerTrustedCaFile: string
  /** --quota-backend-bytes when set (absent: etcd's default, 2 GiB). */
  quotaBackendBytes?: number
  /** Where each value came from (for explanations naming the file and setting to fix). */
  sources: Partial<Record<Exclude<keyof EtcdMemberSettings, 'sources'>, SettingSource>>
}

/** How a component runs on its host: a kubeadm static pod (kubelet) or a systemd unit. */
export type ComponentSource =
  { kind: 'static-pod'; manifest: string; manifestsDir: string; image?: string } | { kind: 'systemd'; unit: string; unitFiles: string[]; environmentFiles: string[] }

export interface EtcdMember {
  /** Key of the host in EtcdTopology.hosts. */
  host: string
  source: ComponentSource
  settings: EtcdMemberSettings
  /**
   * The data dir as a path on the host (a static pod's hostPath volume may map the container's
   * --data-dir elsewhere). Restores and moves act on this path.
   */
  hostDataDir: string
  /** The TLS files as host paths (same mapping). */
  hostTls: { ca: string; cert: string; key: string }
  /** Owner and mode of the data dir, kept on the restored one. */
  dataDirStat?: { exists: boolean; uid: number; gid: number; mode: string; mountpoint: boolean; freeBytes: number; sizeBytes: number }
  /** etcd version of the member binary or image (e.g. 3.6.5), when known. */
  version?: string
}

export interface ApiserverInstance {
  host: string
  source: ComponentSource
  /** --secure-port (default 6443): how the plan sees it stop and start. */
  securePort: number
  etcdServers: string[]
  etcdCafile: string
  etcdCertfile: string
  etcdKeyfile: string
}

/** kube-controller-manager and kube-scheduler: restarted after a restore so no stale cache survives. */
export interface ControlPlaneComponent {
  host: string
  component: 'kube-controller-manager' | 'kube-scheduler'
  source: ComponentSource
  /** --secure-port (10257 / 10259 by default). */
  securePort: number
}

export interface EtcdTool {
  path: string
  version: string
  /** `snapshot restore` knows --bump-revision/--mark-compacted (etcdutl 3.5.? and later). */
  bumpRevision?: boolean
}

export interface EtcdHost {
  /** Key (the SSH target's host alias or the node name). */
  id: string
  /** The node this host is, when the cluster knows it. */
  nodeName?: string
  address?: string
  ssh: SshTarget
  reachable: boolean
  error?: import('../errors').ErrorInfo
  /** The SSH user is root (otherwise commands go through sudo). */
  root: boolean
  tools: { etcdctl?: EtcdTool; etcdutl?: EtcdTool; sha256sum: boolean; ss: boolean }
  /** Remote clock minus local clock (ms), measured mid round trip, ± uncertaintyMs. */
  clock?: { offsetMs: number; uncertaintyMs: number }
}

export type Layout = 'kubeadm' | 'binary'

/** One consistency check that ran over the topology, and whether it found nothing to fix. */
export interface TopologyCheckResult {
  id: string
  title: string
  passed: boolean
}

export interface ConsistencyFinding {
  /** Stable code, e.g. `name-not-in-initial-cluster`, `etcd-servers-miss-member`. */
  code: string
  severity: 'error' | 'warning' | 'info'
  host?: string
  member?: string
  /** One line, e.g. "Member etcd-2 is not in its own --initial-cluster". */
  title: string
  /** Plain explanation: why it matters and what to change (file and setting). */
  explanation: string
  /** The values concerned, named, e.g. { name: 'etcd-2', 'initial-cluster entry': 'etcd2' }. */
  values: Record<string, string>
  /** Blocks a restore (pre-flight refuses it). */
  blocksRestore: boolean
}

export interface EtcdTopology {
  context: ContextRef
  /** Catalog key of the cluster (its name plus a hash of its server URL). */
  clusterKey: string
  clusterName: string
  server: string
  layout: Layout
  hosts: EtcdHost[]
  members: EtcdMember[]
  apiservers: ApiserverInstance[]
  components: ControlPlaneComponent[]
  /** SSH config file used for the hosts (CLI -F), when not the default. */
  sshConfigFile?: string
  findings: ConsistencyFinding[]
  /** Every check that ran (what was verified); absent on topologies from older versions. */
  checks?: TopologyCheckResult[]
  discoveredAt: string
  /** True when the user edited anything after discovery. */
  edited: boolean
  /** What discovery could not do (host unreachable, file missing), in words. */
  notes: string[]
}

export interface EndpointStatus {
  endpoint: string
  member?: string
  healthy: boolean
  error?: string
  tookMs?: number
  version?: string
  dbSize?: number
  dbSizeInUse?: number
  isLeader?: boolean
  raftIndex?: number
  raftTerm?: number
  raftAppliedIndex?: number
  /** Hex member id. */
  memberId?: string
  isLearner?: boolean
}

export interface MemberListEntry {
  id: string
  name: string
  peerUrls: string[]
  clientUrls: string[]
  isLearner: boolean
}

export interface EtcdAlarm {
  memberId: string
  member?: string
  alarm: 'NOSPACE' | 'CORRUPT' | string
}

export interface EtcdHealth {
  context: ContextRef
  checkedAt: string
  /** Where etcdctl ran: on a host over SSH, or inside the etcd static pod through the API. */
  via: { kind: 'host'; host: string; tool: string } | { kind: 'pod'; namespace: string; pod: string }
  endpoints: EndpointStatus[]
  members: MemberListEntry[]
  alarms: EtcdAlarm[]
  leader?: string
  clusterId?: string
  /** Every endpoint healthy, members as configured, no alarms. */
  ok: boolean
  problems: string[]
}

export interface SnapshotStatus {
  hash: number
  revision: number
  totalKey: number
  totalSize: number
  /** etcdutl 3.6 also reports the storage version. */
  version?: string
}

export interface SnapshotEntry {
  id: string
  /** Absolute path of the snapshot file on this machine. */
  file: string
  clusterKey: string
  clusterName: string
  server: string
  context: string
  member: string
  host: string
  createdAt: string
  etcdVersion: string
  tool: string
  sha256: string
  bytes: number
  status: SnapshotStatus
  /** Last verification of the file on disk against sha256 and etcd's own checksum. */
  verified?: { at: string; ok: boolean; error?: string }
}

export interface BackupResult {
  snapshot: SnapshotEntry
  /** Catalog entries removed by keep-last-N. */
  pruned: string[]
  timings: { saveMs: number; verifyMs: number; downloadMs: number; totalMs: number }
}

export type RepairKind = 'wal-tmp-dir' | 'rejoin-member'
