// The shape of a lab before it exists: which hosts a topology has, their roles, addresses
// and kernel object names. An instance's slot s owns 198.18.0.16s/28: the node network is
// the upper /29 (.16s+8: machine or bastion .+9, hosts .+10 … .+14), the bastion's outside
// network the lower /29 (machine .16s+1, bastion .16s+2).
import type { HostLayout, HostRole, Topology, EtcdVariant } from '../index'

export interface HostPlan {
  name: string
  address: string
  roles: HostRole[]
  layout: HostLayout
  netns: string
  /** Machine-side veth names: [node network] or, for the bastion, [outside, node network]. */
  veth: string[]
  /** Second address (bastion: its address on the node network). */
  innerAddress?: string
  passwordAuth: boolean
}

export interface LabPlan {
  instance: string
  slot: number
  topology: Topology
  bastion: boolean
  etcd: EtcdVariant
  nodeBridge: string
  outerBridge?: string
  /** The machine's address on the network it reaches hosts through. */
  machineAddress: string
  prefix: number
  hosts: HostPlan[]
  bastionHost?: HostPlan
}

export const NETNS_PREFIX = 'kubedeck-'
export const LINK_PREFIX = 'kdl'

export function planLab(instance: string, slot: number, topology: Topology, bastion: boolean, etcd: EtcdVariant): LabPlan {
  const base = slot * 16
  const ip = (n: number) => `198.18.0.${base + n}`
  const specs: { roles: HostRole[]; layout: HostLayout }[] =
    topology === 'kubeadm-1'
      ? [
          { roles: ['control-plane', 'etcd'], layout: 'kubeadm' },
          { roles: ['worker'], layout: 'kubeadm' }
        ]
      : topology === 'kubeadm-3'
        ? [1, 2, 3].map(() => ({ roles: ['control-plane', 'etcd'] as HostRole[], layout: 'kubeadm' as const }))
        : [
            { roles: ['control-plane', 'etcd', 'worker'], layout: 'binary' },
            { roles: ['etcd', 'worker'], layout: 'binary' },
            { roles: ['etcd', 'worker'], layout: 'binary' }
          ]
  const hosts: HostPlan[] = specs.map((s, i) => ({
    name: `node-${i + 1}`,
    address: ip(10 + i),
    roles: s.roles,
    layout: s.layout,
    netns: `${NETNS_PREFIX}${instance}-node-${i + 1}`,
    veth: [`${LINK_PREFIX}${slot}h${i + 1}`],
    // The last host also takes passwords: a host that is not the API server's keeps SSH tests
    // away from the control plane the etcd tests restart.
    passwordAuth: i === specs.length - 1
  }))
  const plan: LabPlan = {
    instance,
    slot,
    topology,
    bastion,
    etcd,
    nodeBridge: `${LINK_PREFIX}${slot}n`,
    machineAddress: bastion ? ip(1) : ip(9),
    prefix: 29,
    hosts
  }
  if (bastion) {
    plan.outerBridge = `${LINK_PREFIX}${slot}o`
    plan.bastionHost = {
      name: 'bastion',
      address: ip(2),
      innerAddress: ip(9),
      roles: ['bastion'],
      layout: 'bastion',
      netns: `${NETNS_PREFIX}${instance}-bastion`,
      veth: [`${LINK_PREFIX}${slot}bo`, `${LINK_PREFIX}${slot}bi`],
      passwordAuth: false
    }
  }
  return plan
}

export function allHosts(plan: LabPlan): HostPlan[] {
  return plan.bastionHost ? [plan.bastionHost, ...plan.hosts] : plan.hosts
}
