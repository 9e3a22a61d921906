// etcdctl/etcdutl command lines and their JSON answers. etcd prints member and cluster ids as
// 64-bit integers, beyond what JSON.parse keeps exactly: they are read as strings and shown in
// hex, as `etcdctl member list --hex` does.
import type { EndpointStatus, EtcdAlarm, MemberListEntry, SnapshotStatus } from '../../../shared/model/etcd'
import { AppError } from '../../../shared/errors'
import { sh, type ShellCommand } from '../shell'
import { t } from '../../../shared/error-messages'

export interface EtcdctlTarget {
  /** Path or name of etcdctl on the host. */
  etcdctl: string
  endpoints: string[]
  ca?: string
  cert?: string
  key?: string
}

/** etcdctl's TLS flags, each one word (`--cacert=PATH`). */
export const tlsFlags = (t: { ca?: string; cert?: string; key?: string }): string[] =>
  [t.ca ? `--cacert=${t.ca}` : '', t.cert ? `--cert=${t.cert}` : '', t.key ? `--key=${t.key}` : ''].filter(Boolean)

/** `ETCDCTL_API=3 etcdctl --endpoints=… --cacert=… --cert=… --key=… ARGS` (API 3 is the default from 3.4 on; set for older clients). */
export function etcdctlCommand(t: EtcdctlTarget, args: ShellCommand): ShellCommand {
  return sh`ETCDCTL_API=3 ${t.etcdctl} ${`--endpoints=${t.endpoints.join(',')}`} ${tlsFlags(t)} ${args}`
}

/** The etcd tool that reads and restores snapshots: etcdutl, or etcdctl 3.4 with ETCDCTL_API=3. */
export function snapshotTool(tool: { path: string; kind: 'etcdutl' | 'etcdctl' }): ShellCommand {
  return tool.kind === 'etcdctl' ? sh`ETCDCTL_API=3 ${tool.path}` : sh`${tool.path}`
}

/** JSON.parse with every integer of 16+ digits kept as a string (ids, cluster ids). */
export function parseEtcdJson<T>(text: string, what: string): T {
  const safe = text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"')
  try {
    return JSON.parse(safe) as T
  } catch {
    throw new AppError({
      code: 'etcd.output',
      message: t`Could not read the output of ${what}: ${text.trim().slice(0, 300) || '(empty)'}`,
      hint: t`Run the command shown by hand on the host to see what etcdctl says.`
    })
  }
}

export const hexId = (id: unknown): string => (id === undefined || id === null ? '' : BigInt(String(id)).toString(16))

interface RawStatus {
  Endpoint: string
  Status: {
    header: { cluster_id: string | number; member_id: string | number; revision?: number; raft_term?: number }
    version: string
    dbSize: number
    dbSizeInUse?: number
    leader: string | number
    raftIndex: number
    raftTerm: number
    raftAppliedIndex?: number
    isLearner?: boolean
    errors?: string[]
  }
}

export function parseEndpointStatus(text: string): (EndpointStatus & { clusterId: string; leaderId: string })[] {
  const raw = parseEtcdJson<RawStatus[]>(text, 'etcdctl endpoint status')
  return raw.map((r) => {
    const memberId = hexId(r.Status.header.member_id)
    const leaderId = hexId(r.Status.leader)
    return {
      endpoint: r.Endpoint,
      healthy: !(r.Status.errors && r.Status.errors.length),
      error: r.Status.errors?.join('; '),
      version: r.Status.version,
      dbSize: r.Status.dbSize,
      dbSizeInUse: r.Status.dbSizeInUse,
      isLeader: memberId === leaderId,
      raftIndex: r.Status.raftIndex,
      raftTerm: r.Status.raftTerm,
      raftAppliedIndex: r.Status.raftAppliedIndex,
      memberId,
      isLearner: r.Status.isLearner ?? false,
      clusterId: hexId(r.Status.header.cluster_id),
      leaderId
    }
  })
}

export function parseEndpointHealth(text: string): { endpoint: string; healthy: boolean; tookMs?: number; error?: string }[] {
  // etcdctl prints one JSON array on stdout; failures also log lines to stderr (not passed here).
  const start = text.indexOf('[')
  const raw = parseEtcdJson<{ endpoint: string; health: boolean; took?: string; error?: string }[]>(start >= 0 ? text.slice(start) : text, 'etcdctl endpoint health')
  return raw.map((r) => ({ endpoint: r.endpoint, healthy: r.health, tookMs: r.took ? durationMs(r.took) : undefined, error: r.error || undefined }))
}

export function parseMemberList(text: string): { clusterId: string; members: MemberListEntry[] } {
  const raw = parseEtcdJson<{
    header: { cluster_id: string | number }
    members?: { ID: string | number; name?: string; peerURLs?: string[]; clientURLs?: string[]; isLearner?: boolean }[]
  }>(text, 'etcdctl member list')
  return {
    clusterId: hexId(raw.header.cluster_id),
    members: (raw.members ?? []).map((m) => ({
      id: hexId(m.ID),
      name: m.name ?? '',
      peerUrls: m.peerURLs ?? [],
      clientUrls: m.clientURLs ?? [],
      isLearner: m.isLearner ?? false
    }))
  }
}

const ALARMS: Record<string, string> = { '0': 'NONE', '1': 'NOSPACE', '2': 'CORRUPT' }

export function parseAlarms(text: string): EtcdAlarm[] {
  const raw = parseEtcdJson<{ alarms?: { memberID: string | number; alarm: number | string }[] }>(text.trim() || '{}', 'etcdctl alarm list')
  return (raw.alarms ?? []).map((a) => ({ memberId: hexId(a.memberID), alarm: ALARMS[String(a.alarm)] ?? String(a.alarm) }))
}

export function parseSnapshotStatus(text: string): SnapshotStatus {
  const start = text.indexOf('{')
  const raw = parseEtcdJson<{ hash: number; revision: number; totalKey: number; totalSize: number; version?: string }>(
    start >= 0 ? text.slice(start, text.lastIndexOf('}') + 1) : text,
    'snapshot status'
  )
  return { hash: Number(raw.hash), revision: Number(raw.revision), totalKey: Number(raw.totalKey), totalSize: Number(raw.totalSize), version: raw.version }
}

/** Go durations as etcdctl prints them: `3.76ms`, `1.2s`, `850µs`. */
function durationMs(d: string): number | undefined {
  const m = /^([\d.]+)(ns|µs|us|ms|s|m)$/.exec(d.trim())
  if (!m) return undefined
  const f = { ns: 1e-6, µs: 1e-3, us: 1e-3, ms: 1, s: 1000, m: 60000 }[m[2] as 'ms']
  return Math.round(Number(m[1]) * f * 100) / 100
}

/** `etcdctl version` / `etcdutl version` output → `3.6.16`. */
export function parseToolVersion(text: string): string | undefined {
  return /(?:etcdctl|etcdutl) version:\s*v?(\d+\.\d+\.\d+)/.exec(text)?.[1]
}
