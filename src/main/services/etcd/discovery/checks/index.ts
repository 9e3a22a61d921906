// Consistency checks over a discovered (or user-corrected) topology, each a small unit with a
// plain explanation naming the file and setting to change. The mistakes they catch are the ones
// the widely copied notes make: a member named `etcd-2` whose --initial-cluster says `etcd2`,
// advertised URLs nobody listens on, an apiserver that does not know every member, clocks apart.
import type { ConsistencyFinding, EtcdHealth, EtcdTopology, TopologyCheckResult } from '../../../../../shared/model/etcd'
import { etcdServers } from './apiservers'
import { clocks } from './clocks'
import { hostsReachable, restoreTools } from './hosts'
import { advertisedUrls, dataDirs, memberList } from './members'
import { clusterToken, initialClusterNames, uniqueNames } from './names'
import type { CheckInput, TopologyCheck } from './types'

const CHECKS: TopologyCheck[] = [hostsReachable, uniqueNames, initialClusterNames, advertisedUrls, dataDirs, memberList, clusterToken, etcdServers, clocks, restoreTools]

function input(t: Pick<EtcdTopology, 'hosts' | 'members' | 'apiservers'>, health?: Pick<EtcdHealth, 'members'>): CheckInput {
  return { t, health, hostOf: (id) => t.hosts.find((h) => h.id === id) }
}

export function checkTopology(t: Pick<EtcdTopology, 'hosts' | 'members' | 'apiservers'>, health?: Pick<EtcdHealth, 'members'>): ConsistencyFinding[] {
  const i = input(t, health)
  return CHECKS.flatMap((c) => c.run(i))
}

/** Every check with whether it passed: what the admin sees was verified, not only what failed. */
export function topologyChecks(t: Pick<EtcdTopology, 'hosts' | 'members' | 'apiservers'>, health?: Pick<EtcdHealth, 'members'>): TopologyCheckResult[] {
  const i = input(t, health)
  return CHECKS.map((c) => {
    const findings = c.run(i)
    return { id: c.id, title: c.title, passed: findings.every((f) => f.severity === 'info') }
  })
}
