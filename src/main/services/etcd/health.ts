// Health of the whole cluster from one vantage point: `endpoint health`, `endpoint status`,
// `member list` and `alarm list` for every member at once, run by etcdctl on a member host
// over SSH, or inside the etcd static pod through the API when the host has no etcdctl.
import type { EndpointStatus, EtcdHealth, EtcdMember, MemberListEntry } from '../../../shared/model/etcd'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { AppError } from '../../../shared/errors'
import { parseAlarms, parseEndpointHealth, parseEndpointStatus, parseMemberList } from './etcdctl'
import { urlHostPort } from './discovery/flags'
import { t } from '../../../shared/error-messages'

/**
 * Runs etcdctl (or etcdutl, for offline snapshot work) with these arguments somewhere: the
 * runner adds the binary and, for etcdctl, the TLS flags.
 */
export interface EtcdctlRunner {
  /** For people: where it runs and how, e.g. `etcdctl on cp-1` or `kubectl exec etcd-cp-1`. */
  describe: EtcdHealth['via']
  /** Which tools it can run (etcdutl is optional: 3.4 hosts have only etcdctl). */
  tools: { etcdctl: boolean; etcdutl: boolean }
  /** The exact command line for these arguments, for plans and error messages. */
  commandLine(args: string[], tool?: 'etcdctl' | 'etcdutl'): string
  run(args: string[], opts?: { timeoutMs?: number; signal?: AbortSignal; tool?: 'etcdctl' | 'etcdutl' }): Promise<{ exitCode: number | null; stdout: string; stderr: string }>
}

const TIMEOUTS = ['--dial-timeout=3s', '--command-timeout=8s']

export async function checkHealth(runner: EtcdctlRunner, context: ContextRef, members: EtcdMember[], endpoints: string[], signal?: AbortSignal): Promise<EtcdHealth> {
  const ep = [`--endpoints=${endpoints.join(',')}`, ...TIMEOUTS]
  const [health, status, list, alarms] = await Promise.all([
    runner.run([...ep, 'endpoint', 'health', '-w', 'json'], { timeoutMs: 30_000, signal }),
    runner.run([...ep, 'endpoint', 'status', '-w', 'json'], { timeoutMs: 30_000, signal }),
    runner.run([...ep, 'member', 'list', '-w', 'json'], { timeoutMs: 30_000, signal }),
    runner.run([...ep, 'alarm', 'list', '-w', 'json'], { timeoutMs: 30_000, signal })
  ])
  const problems: string[] = []
  const where = runner.describe.kind === 'host' ? `on ${runner.describe.host}` : `in pod ${runner.describe.pod}`
  let healthRows: ReturnType<typeof parseEndpointHealth> = []
  if (health.stdout.trim().startsWith('[')) healthRows = parseEndpointHealth(health.stdout)
  else {
    throw new AppError({
      code: 'etcd.etcdctl-failed',
      message: t`etcdctl endpoint health failed ${where}: ${lastErrorLine(health.stderr || health.stdout)}`,
      command: runner.commandLine([...ep, 'endpoint', 'health', '-w', 'json']),
      hint: t`Check the TLS files and endpoints in the topology (they come from the member’s configuration).`
    })
  }
  let statusRows: ReturnType<typeof parseEndpointStatus> = []
  if (status.stdout.trim().startsWith('[')) statusRows = parseEndpointStatus(status.stdout)
  let memberList: { clusterId: string; members: MemberListEntry[] } = { clusterId: '', members: [] }
  if (list.exitCode === 0) memberList = parseMemberList(list.stdout)
  else problems.push(`member list failed: ${lastErrorLine(list.stderr)}`)
  const alarmRows = alarms.exitCode === 0 ? parseAlarms(alarms.stdout) : []
  if (alarms.exitCode !== 0) problems.push(`alarm list failed: ${lastErrorLine(alarms.stderr)}`)

  const nameOf = (endpoint: string, memberId?: string) =>
    memberList.members.find((m) => m.id === memberId)?.name ||
    members.find((m) => [...m.settings.advertiseClientUrls, ...m.settings.listenClientUrls].some((u) => sameEndpoint(u, endpoint)))?.settings.name ||
    memberList.members.find((m) => m.clientUrls.some((u) => sameEndpoint(u, endpoint)))?.name
  const rows: EndpointStatus[] = endpoints.map((endpoint) => {
    const h = healthRows.find((r) => sameEndpoint(r.endpoint, endpoint))
    const s = statusRows.find((r) => sameEndpoint(r.endpoint, endpoint))
    const { clusterId: _c, leaderId: _l, ...st } = s ?? ({} as Partial<(typeof statusRows)[number]>)
    return {
      ...st,
      endpoint,
      member: nameOf(endpoint, s?.memberId),
      healthy: Boolean(h?.healthy),
      error: h?.error ?? (h ? undefined : 'no answer'),
      tookMs: h?.tookMs
    }
  })
  for (const r of rows) if (!r.healthy) problems.push(`${r.member ?? r.endpoint} is unhealthy: ${r.error ?? 'no answer'}`)
  const leaderId = statusRows.find((r) => r.leaderId && r.leaderId !== '0')?.leaderId
  const leader = leaderId ? memberList.members.find((m) => m.id === leaderId)?.name : undefined
  if (statusRows.length && !leaderId) problems.push('No member reports a leader: the cluster has no quorum.')
  for (const a of alarmRows) {
    a.member = memberList.members.find((m) => m.id === a.memberId)?.name
    problems.push(
      `Alarm ${a.alarm} on ${a.member ?? a.memberId}${a.alarm === 'NOSPACE' ? ': the database hit its quota; writes are refused until it is compacted, defragmented and the alarm disarmed' : ''}.`
    )
  }
  const configured = new Set(members.map((m) => m.settings.name))
  const listed = new Set(memberList.members.map((m) => m.name))
  for (const n of configured) if (memberList.members.length && !listed.has(n)) problems.push(`${n} is configured but not in the member list.`)
  for (const m of memberList.members)
    if (!configured.has(m.name) && members.length) problems.push(`The member list has ${m.name || `an unstarted member ${m.id}`}, which no discovered host configures.`)
  return {
    context,
    checkedAt: new Date().toISOString(),
    via: runner.describe,
    endpoints: rows,
    members: memberList.members,
    alarms: alarmRows,
    leader,
    clusterId: memberList.clusterId || statusRows[0]?.clusterId,
    ok: problems.length === 0,
    problems
  }
}

export function sameEndpoint(a: string, b: string): boolean {
  const x = urlHostPort(a)
  const y = urlHostPort(b)
  if (!x || !y) return a === b
  const canon = (h: string) => (h === 'localhost' ? '127.0.0.1' : h)
  return canon(x.host) === canon(y.host) && x.port === y.port
}

export function lastErrorLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('{"level"'))
  return lines.pop() ?? text.trim().split('\n').pop() ?? '(no output)'
}
