// etcd as the doctor reads it from the etcd wizard's health (etcdctl on a member's host, or in
// its static pod): every endpoint healthy, no alarm, a leader, no learner left behind, the
// database below its quota; and the age of the newest verified backup in Kubedeck's catalog.
import { t, verbatim } from '../../../shared/error-messages'
import type { DoctorFinding } from '../../../shared/model/doctor'
import type { ConsistencyFinding, EtcdHealth, SnapshotEntry } from '../../../shared/model/etcd'
import { finding } from './finding'

/** etcd's default --quota-backend-bytes (2 GiB), for members that set none; warn from 80 % of the quota. */
export const DEFAULT_QUOTA = 2 * 1024 ** 3
export const BACKUP_MAX_AGE_MS = 24 * 3_600_000

/** `quotas`: each member's --quota-backend-bytes by member name, where configured. */
export function etcdFindings(h: EtcdHealth, quotas: Map<string, number> = new Map()): DoctorFinding[] {
  const quotaOf = (member: string | undefined) => (member ? quotas.get(member) : undefined) ?? DEFAULT_QUOTA
  const out: DoctorFinding[] = []
  const page = { kind: 'page', page: 'etcd' } as const
  for (const e of h.endpoints.filter((x) => !x.healthy))
    out.push(finding('etcd.health', 'etcd', 'error', e.member ?? e.endpoint, t`etcd member ${e.member ?? e.endpoint} is unhealthy: ${e.error ?? 'no answer'}.`, page))
  for (const a of h.alarms)
    out.push(
      finding(
        'etcd.alarm',
        'etcd',
        'error',
        a.member ?? a.memberId,
        a.alarm === 'NOSPACE'
          ? t`etcd raised alarm NOSPACE on ${a.member ?? a.memberId}: the cluster takes no more writes.`
          : t`etcd raised alarm ${a.alarm} on ${a.member ?? a.memberId}: its data may differ between members.`,
        page
      )
    )
  // A member etcd lists that no endpoint check reached (its host's manifest or unit is gone, so
  // discovery did not ask it): it is down as far as the cluster is concerned.
  const checked = new Set(h.endpoints.map((e) => e.endpoint.replace(/\/$/, '')))
  for (const m of h.members.filter((x) => !x.isLearner && x.clientUrls.length && !x.clientUrls.some((u) => checked.has(u.replace(/\/$/, '')))))
    out.push(
      finding('etcd.health', 'etcd', 'error', m.name || m.id, t`etcd member ${m.name || m.id} (${m.clientUrls.join(', ')}) is in the member list but does not answer.`, page)
    )
  if (!h.leader && h.endpoints.some((e) => e.healthy)) out.push(finding('etcd.leader', 'etcd', 'error', 'etcd', t`etcd has no leader: it takes no writes.`, page))
  for (const m of h.members.filter((x) => x.isLearner))
    out.push(finding('etcd.learner', 'etcd', 'warning', m.name || m.id, t`etcd member ${m.name || m.id} is still a learner: it does not vote; promote it or remove it.`, page))
  for (const e of h.endpoints.filter((x) => x.dbSize !== undefined && x.dbSize > quotaOf(x.member) * 0.8)) {
    const quota = quotaOf(e.member)
    out.push(
      finding(
        'etcd.size',
        'etcd',
        e.dbSize! >= quota ? 'error' : 'warning',
        e.member ?? e.endpoint,
        t`etcd's database on ${e.member ?? e.endpoint} is ${Math.round(e.dbSize! / 1048576)} MiB of its ${Math.round(quota / 1048576)} MiB quota: compact and defragment before it raises NOSPACE.`,
        page
      )
    )
  }
  return out
}

export function backupFindings(newest: SnapshotEntry | undefined, now: number): DoctorFinding[] {
  const page = { kind: 'page', page: 'etcd' } as const
  if (!newest) return [finding('etcd.backup', 'etcd', 'warning', 'etcd backups', t`There is no verified etcd backup of this cluster in Kubedeck's catalog.`, page)]
  const age = now - Date.parse(newest.createdAt)
  if (age > BACKUP_MAX_AGE_MS)
    return [finding('etcd.backup', 'etcd', 'warning', 'etcd backups', t`The newest verified etcd backup is ${Math.floor(age / 3_600_000)} h old (${newest.createdAt}).`, page)]
  return []
}

/**
 * What the etcd wizard's discovery found inconsistent in the members' configuration (a member
 * missing from --initial-cluster, an API server's --etcd-servers missing a member, …), worded
 * as the etcd page words it.
 */
export function consistencyFindings(found: ConsistencyFinding[]): DoctorFinding[] {
  return found
    .filter((f) => f.severity !== 'info')
    .map((f) =>
      finding(`etcd.config.${f.code}`, 'etcd', f.severity === 'error' ? 'error' : 'warning', f.member ?? f.host ?? 'etcd', verbatim(`${f.title}. ${f.explanation}`), {
        kind: 'page',
        page: 'etcd'
      })
    )
}
