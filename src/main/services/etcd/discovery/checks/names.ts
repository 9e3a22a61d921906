// Names: each member has its own name, and that name is in its own --initial-cluster with its
// own peer URL (the `etcd-2` vs `etcd2` of the copied notes), and names its peers as they are named.
import type { EtcdMember } from '../../../../../shared/model/etcd'
import { parseInitialCluster } from '../flags'
import type { TopologyCheck } from './types'
import { normUrl, where } from './urls'

export const uniqueNames: TopologyCheck = {
  id: 'unique-names',
  title: 'Every member has its own name',
  run: ({ t }) => {
    const out: ReturnType<TopologyCheck['run']> = []
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
    return out
  }
}

export const initialClusterNames: TopologyCheck = {
  id: 'initial-cluster',
  title: 'Each member is in its own --initial-cluster, with its own name and peer URL',
  run: ({ t }) => {
    const out: ReturnType<TopologyCheck['run']> = []
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
          title: sameUrl ? `Member ${s.name} is called ${sameUrl.name} in its own --initial-cluster` : `Member ${s.name} is not in its own --initial-cluster`,
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
    }
    return out
  }
}

export const clusterToken: TopologyCheck = {
  id: 'cluster-token',
  title: 'The members share one --initial-cluster-token',
  run: ({ t }) => {
    const out: ReturnType<TopologyCheck['run']> = []
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
    return out
  }
}
