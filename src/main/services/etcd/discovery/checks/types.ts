import type { ConsistencyFinding, EtcdHealth, EtcdHost, EtcdTopology } from '../../../../../shared/model/etcd'

export interface CheckInput {
  t: Pick<EtcdTopology, 'hosts' | 'members' | 'apiservers'>
  /** etcd's own view (member list), when the cluster answered. */
  health?: Pick<EtcdHealth, 'members'>
  hostOf(id: string): EtcdHost | undefined
}

/** One consistency check: what it verifies (shown when it passes) and the findings when it does not. */
export interface TopologyCheck {
  id: string
  title: string
  run(input: CheckInput): ConsistencyFinding[]
}
