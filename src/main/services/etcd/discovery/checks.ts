// Consistency checks over a discovered (or user-corrected) topology, each with a plain
// explanation naming the file and setting to change. The mistakes they catch are the ones the
// widely copied notes make: a member named `etcd-2` whose --initial-cluster says `etcd2`,
// advertised URLs nobody listens on, an apiserver that does not know every member, clocks apart.
import type { ConsistencyFinding, EtcdHealth, EtcdHost, EtcdMember, EtcdTopology, SettingSource } from '../../../../shared/model/etcd'
import { parseInitialCluster, urlHostPort } from './flags'

/** etcd's peer prober warns at one second of clock difference. */
const MAX_CLOCK_SKEW_MS = 1000

const where = (s: SettingSource | undefined, fallback: string) =>
  !s ? fallback : s.kind === 'default' ? `${s.setting} (not set: etcd's default)` : `${s.setting} in ${s.where}`

export function checkTopology(
  t: Pick<EtcdTopology, 'hosts' | 'members' | 'apiservers'>,
  health?: Pick<EtcdHealth, 'members'>
): ConsistencyFinding[] {
  const out: ConsistencyFinding[] = []
  const hostOf = (id: string) => t.hosts.find((h) => h.id === id)

  for (const h of t.hosts) {
    if (!h.reachable) {
      out.push({
        code: 'host-unreachable',
        severity: 'error',
        host: h.id,
        title: `Host ${h.id} cannot be reached over SSH`,
        explanation: `Kubedeck could not run commands on ${h.id}${h.error ? `: ${h.error.message}` : ''}. Every member and apiserver host must be reachable to restore; fix the SSH mapping of this host (or the ssh config) and discover again.`,
        values: { host: h.id },
        blocksRestore: true
      })
    }
  }

  const names = new Map<string, EtcdMember[]>()
  for (const m of t.members) names.set(m.settings.name, [...(names.get(m.settings.name) ?? []), m])
  for (const [name, ms] of names) {
    if (ms.length > 1) {
      out.push({
        code: 'duplicate-name',
        severity: 'error',
        member: name,
        title: `${ms.length} members are named ${name}`,
        explanation: `Hosts ${ms.map((m) => m.host).join(', ')} all configure --name=${name}. etcd identifies members by name in --initial-cluster, so a restore cannot tell them apart. Give each member its own name.`,
        values: Object.fromEntries(ms.map((m) => [`--name on ${m.host}`, name])),
        blocksRestore: true
      })
    }
  }

  // Peer URL → the member that advertises it, to name the member an initial-cluster entry means.
  const byPeerUrl = new Map<string, EtcdMember>()
  for (const m of t.members) for (const u of m.settings.initialAdvertisePeerUrls) byPeerUrl.set(normUrl(u), m)

  for (const m of t.members) {
    const s = m.settings
    const entries = parseInitialCluster(s.initialCluster)
    const own = entries.filter((e) => e.name === s.name)
    const icWhere = where(s.sources.initialCluster, '--initial-cluster')
    const nameWhere = where(s.sources.name, '--name')
    if (own.length === 0) {
      const sameUrl = entries.find((e) => s.initialAdvertisePeerUrls.some((u) => normUrl(u) === normUrl(e.url)))
      out.push({
        code: 'name-not-in-initial-cluster',
        severity: 'error',
        host: m.host,
        member: s.name,
        title: sameUrl
          ? `Member ${s.name} is called ${sameUrl.name} in its own --initial-cluster`
          : `Member ${s.name} is not in its own --initial-cluster`,
        explanation: sameUrl
          ? `On ${m.host}, the member's name is "${s.name}" (${nameWhere}) but --initial-cluster (${icWhere}) lists its peer URL ${sameUrl.url} under "${sameUrl.name}". etcd looks itself up by name: a restore with --name ${s.name} fails with "couldn't find local name", and a member started fresh refuses to start. Make the two agree (usually the initial-cluster entry has the typo) on every member's configuration.`
          : `On ${m.host}, the member's name is "${s.name}" (${nameWhere}) but --initial-cluster (${icWhere}) is "${s.initialCluster}", which has no entry for that name. etcd looks itself up by name in --initial-cluster; add "${s.name}=${s.initialAdvertisePeerUrls[0] ?? '<peer URL>'}" or fix the name.`,
        values: {
          name: s.name,
          [sameUrl ? `--initial-cluster entry for ${sameUrl.url}` : '--initial-cluster']: sameUrl ? sameUrl.name : s.initialCluster
        },
        blocksRestore: true
      })
    } else if (!own.some((e) => s.initialAdvertisePeerUrls.some((u) => normUrl(u) === normUrl(e.url)))) {
      out.push({
        code: 'initial-cluster-url-mismatch',
        severity: 'error',
        host: m.host,
        member: s.name,
        title: `Member ${s.name}'s --initial-cluster URL is not its advertised peer URL`,
        explanation: `--initial-cluster (${icWhere}) gives ${s.name}=${own.map((e) => e.url).join(',')}, but the member advertises ${s.initialAdvertisePeerUrls.join(',')} (${where(s.sources.initialAdvertisePeerUrls, '--initial-advertise-peer-urls')}). etcd refuses to start or restore when they differ; make them the same URL.`,
        values: { '--initial-cluster entry': own.map((e) => e.url).join(','), '--initial-advertise-peer-urls': s.initialAdvertisePeerUrls.join(',') },
        blocksRestore: true
      })
    }
    // Entries naming other members: the name must be that member's --name.
    for (const e of entries) {
      if (e.name === s.name) continue
      const owner = byPeerUrl.get(normUrl(e.url))
      if (owner && owner !== m && owner.settings.name !== e.name) {
        out.push({
          code: 'initial-cluster-wrong-name',
          severity: 'warning',
          host: m.host,
          member: s.name,
          title: `${s.name}'s --initial-cluster calls ${owner.settings.name} "${e.name}"`,
          explanation: `On ${m.host}, --initial-cluster (${icWhere}) names the peer ${e.url} "${e.name}", but the member on ${owner.host} is named "${owner.settings.name}". A running cluster ignores this, but a restore or a fresh start with this list fails. Kubedeck builds the restore's --initial-cluster from each member's own name; fix the configuration too so the notes you keep stay right.`,
          values: { 'entry name': e.name, [`--name on ${owner.host}`]: owner.settings.name, url: e.url },
          blocksRestore: false
        })
      }
    }

    for (const [kind, adv, listen] of [
      ['client', s.advertiseClientUrls, s.listenClientUrls],
      ['peer', s.initialAdvertisePeerUrls, s.listenPeerUrls]
    ] as const) {
      for (const u of adv) {
        if (!covered(u, listen)) {
          out.push({
            code: `advertised-${kind}-url-not-listened`,
            severity: 'warning',
            host: m.host,
            member: s.name,
            title: `${s.name} advertises ${u} but does not listen there`,
            explanation: `The member tells others to reach it at ${u} (${where(kind === 'client' ? s.sources.advertiseClientUrls : s.sources.initialAdvertisePeerUrls, 'advertise URLs')}), but listens on ${listen.join(',')} (${where(kind === 'client' ? s.sources.listenClientUrls : s.sources.listenPeerUrls, 'listen URLs')}). ${kind === 'peer' ? 'Peers' : 'Clients'} using the advertised URL will not connect; advertise an address the member listens on.`,
            values: { advertised: u, listening: listen.join(',') },
            blocksRestore: false
          })
        }
      }
    }

    const stat = m.dataDirStat
    if (stat && !stat.exists) {
      out.push({
        code: 'data-dir-missing',
        severity: 'warning',
        host: m.host,
        member: s.name,
        title: `${s.name}'s data dir ${m.hostDataDir} does not exist`,
        explanation: `The member is configured with ${where(s.sources.dataDir, '--data-dir')}=${s.dataDir}${m.hostDataDir !== s.dataDir ? ` (on the host: ${m.hostDataDir})` : ''}, and that folder is not there. Either the member has never run or its data lives elsewhere; check the configured path before restoring (a restore writes the new data there).`,
        values: { 'data dir': m.hostDataDir },
        blocksRestore: false
      })
    }

    const live = health?.members.find((x) => x.name === s.name)
    if (health && health.members.length > 0 && !live) {
      out.push({
        code: 'member-not-in-member-list',
        severity: 'warning',
        host: m.host,
        member: s.name,
        title: `${s.name} is configured on ${m.host} but not in etcd's member list`,
        explanation: `etcd's member list names ${health.members.map((x) => x.name || '(unstarted)').join(', ')}. A configured member missing from it was removed, or was renamed in its configuration after it joined (the member list keeps the name it joined with). Restore uses the configured names.`,
        values: { '--name': s.name, 'member list': health.members.map((x) => x.name).join(',') },
        blocksRestore: false
      })
    } else if (live && !live.peerUrls.every((u) => s.initialAdvertisePeerUrls.some((a) => normUrl(a) === normUrl(u)))) {
      out.push({
        code: 'peer-url-differs-from-member-list',
        severity: 'warning',
        host: m.host,
        member: s.name,
        title: `${s.name}'s peer URL in the member list differs from its configuration`,
        explanation: `etcd's member list has ${live.peerUrls.join(',')}, the configuration advertises ${s.initialAdvertisePeerUrls.join(',')}. The running cluster uses the member list; the restore uses the configuration. Make sure the configured URL is the one the member really has.`,
        values: { 'member list': live.peerUrls.join(','), configured: s.initialAdvertisePeerUrls.join(',') },
        blocksRestore: false
      })
    }
  }

  const tokens = new Set(t.members.map((m) => m.settings.initialClusterToken))
  if (tokens.size > 1) {
    out.push({
      code: 'initial-cluster-token-differs',
      severity: 'warning',
      title: 'Members are configured with different --initial-cluster-token values',
      explanation: `The members use ${[...tokens].map((x) => `"${x}"`).join(', ')}. A restore gives every member the same token (it decides the new member IDs); the plan uses the first member's. Align the configuration to avoid surprises on a later fresh start.`,
      values: Object.fromEntries(t.members.map((m) => [m.settings.name, m.settings.initialClusterToken])),
      blocksRestore: false
    })
  }

  for (const a of t.apiservers) {
    const served = new Set<EtcdMember>()
    for (const endpoint of a.etcdServers) {
      const m = memberForEndpoint(endpoint, a.host, t.members, hostOf)
      if (m) served.add(m)
      else {
        out.push({
          code: 'etcd-servers-unknown-endpoint',
          severity: 'warning',
          host: a.host,
          title: `kube-apiserver on ${a.host} uses ${endpoint}, which is no known member`,
          explanation: `--etcd-servers on ${a.host} lists ${endpoint}, but no discovered member listens there. Either a member was not discovered (add its host) or the apiserver points at a member that is gone.`,
          values: { '--etcd-servers': a.etcdServers.join(',') },
          blocksRestore: false
        })
      }
    }
    const missing = t.members.filter((m) => !served.has(m))
    // kubeadm's stacked control planes point each apiserver at its own member only, by design.
    const stackedLocalOnly = a.source.kind === 'static-pod' && served.size === 1 && [...served][0].host === a.host
    if (missing.length > 0 && t.members.length > 1) {
      out.push({
        code: 'etcd-servers-miss-member',
        severity: stackedLocalOnly ? 'info' : 'warning',
        host: a.host,
        title: `kube-apiserver on ${a.host} does not use ${missing.map((m) => m.settings.name).join(', ')}`,
        explanation: `--etcd-servers on ${a.host} is ${a.etcdServers.join(',')}: it does not include ${missing.map((m) => `${m.settings.name} (${m.settings.advertiseClientUrls[0] ?? m.host})`).join(', ')}. When the members it knows are down, this apiserver fails even though the cluster has quorum. (kubeadm stacked control planes use only their local member by design.)`,
        values: { '--etcd-servers': a.etcdServers.join(','), missing: missing.map((m) => m.settings.name).join(',') },
        blocksRestore: false
      })
    }
  }

  const clocks = t.members.map((m) => ({ m, h: hostOf(m.host) })).filter((x): x is { m: EtcdMember; h: EtcdHost & { clock: NonNullable<EtcdHost['clock']> } } => !!x.h?.clock)
  if (clocks.length > 1) {
    const sorted = [...clocks].sort((a, b) => a.h.clock.offsetMs - b.h.clock.offsetMs)
    const lo = sorted[0]
    const hi = sorted[sorted.length - 1]
    const skew = hi.h.clock.offsetMs - lo.h.clock.offsetMs
    const slack = hi.h.clock.uncertaintyMs + lo.h.clock.uncertaintyMs
    if (skew - slack > MAX_CLOCK_SKEW_MS) {
      out.push({
        code: 'clock-skew',
        severity: 'warning',
        title: `Clocks of ${hi.h.id} and ${lo.h.id} differ by ${(skew / 1000).toFixed(1)} s`,
        explanation: `etcd members compare clocks and warn above one second; large differences break lease expiry and leader election. Sync time on every member (chrony or systemd-timesyncd; the seed notes' \`ntpdate\` works once), then check again.`,
        values: Object.fromEntries(clocks.map((x) => [x.h.id, `${x.h.clock.offsetMs >= 0 ? '+' : ''}${x.h.clock.offsetMs} ms`])),
        blocksRestore: false
      })
    }
  }

  for (const m of t.members) {
    const h = hostOf(m.host)
    if (h?.reachable && !h.tools.etcdutl && !h.tools.etcdctl) {
      out.push({
        code: 'restore-tool-missing',
        severity: 'error',
        host: m.host,
        member: m.settings.name,
        title: `${m.host} has neither etcdutl nor etcdctl`,
        explanation: `Restoring writes the member's new data dir on its own host with \`etcdutl snapshot restore\` (etcd 3.5+) or \`etcdctl snapshot restore\` (3.4). Install the etcd client tools matching the member's version (${m.version ?? 'see the etcd image tag'}) on ${m.host}, e.g. from the etcd release tarball into /usr/local/bin, then discover again.`,
        values: { host: m.host },
        blocksRestore: true
      })
    }
  }
  return out
}

function normUrl(u: string): string {
  const hp = urlHostPort(u)
  return hp ? `${hp.scheme}://${hp.host}:${hp.port}` : u.trim()
}

const WILDCARDS = new Set(['0.0.0.0', '::', ''])

/** Does a listen URL list accept connections to `u` (same port; same address or a wildcard)? */
function covered(u: string, listen: string[]): boolean {
  const a = urlHostPort(u)
  if (!a) return true
  // An advertised DNS name cannot be compared with listen addresses without resolving it.
  if (!isIp(a.host) && a.host !== 'localhost') return true
  const canon = (h: string) => (h === 'localhost' ? '127.0.0.1' : h)
  return listen.some((l) => {
    const b = urlHostPort(l)
    return !!b && b.port === a.port && b.scheme === a.scheme && (WILDCARDS.has(b.host) || canon(b.host) === canon(a.host))
  })
}

const isIp = (h: string) => /^\d+\.\d+\.\d+\.\d+$/.test(h) || h.includes(':')
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/** The member an apiserver endpoint reaches: loopback means the apiserver's own host. */
function memberForEndpoint(
  endpoint: string,
  apiserverHost: string,
  members: EtcdMember[],
  hostOf: (id: string) => EtcdHost | undefined
): EtcdMember | undefined {
  const e = urlHostPort(endpoint)
  if (!e) return undefined
  if (LOOPBACK.has(e.host)) {
    return members.find((m) => m.host === apiserverHost && m.settings.listenClientUrls.some((l) => {
      const b = urlHostPort(l)
      return b?.port === e.port && (LOOPBACK.has(b.host) || WILDCARDS.has(b.host))
    }))
  }
  return members.find((m) => {
    const urls = [...m.settings.advertiseClientUrls, ...m.settings.listenClientUrls]
    if (urls.some((u) => { const b = urlHostPort(u); return b?.host === e.host && b.port === e.port })) return true
    const addr = hostOf(m.host)?.address
    return addr === e.host && m.settings.listenClientUrls.some((l) => { const b = urlHostPort(l); return b?.port === e.port && WILDCARDS.has(b.host) })
  })
}
