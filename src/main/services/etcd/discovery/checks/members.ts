// Each member's own settings: the URLs it advertises are ones it listens on, its data dir exists,
// and it is in etcd's member list with the peer URL it is configured with.
import type { TopologyCheck } from './types'
import { covered, normUrl, where } from './urls'

export const advertisedUrls: TopologyCheck = {
  id: 'advertised-urls',
  title: 'Every advertised client and peer URL is one the member listens on',
  run: ({ t }) => {
    const out: ReturnType<TopologyCheck['run']> = []
    for (const m of t.members) {
      const s = m.settings
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
    }
    return out
  }
}

export const dataDirs: TopologyCheck = {
  id: 'data-dirs',
  title: "Every member's data dir exists where it is configured",
  run: ({ t }) => {
    const out: ReturnType<TopologyCheck['run']> = []
    for (const m of t.members) {
      const s = m.settings
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
    }
    return out
  }
}

export const memberList: TopologyCheck = {
  id: 'member-list',
  title: "The configured members are the ones in etcd's member list",
  run: ({ t, health }) => {
    const out: ReturnType<TopologyCheck['run']> = []
    for (const m of t.members) {
      const s = m.settings
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
    return out
  }
}
