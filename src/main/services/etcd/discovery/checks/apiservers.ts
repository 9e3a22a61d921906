// Apiservers: --etcd-servers reaches every member (kubeadm's stacked control planes use only
// their local member, by design: that is information, not a warning).
import type { EtcdMember } from '../../../../../shared/model/etcd'
import type { TopologyCheck } from './types'
import { memberForEndpoint } from './urls'

export const etcdServers: TopologyCheck = {
  id: 'etcd-servers',
  title: "Every apiserver's --etcd-servers reaches the members",
  run: ({ t, hostOf }) => {
    const out: ReturnType<TopologyCheck['run']> = []
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
    return out
  }
}
