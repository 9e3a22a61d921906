// The whole topology: control-plane hosts from the API and the SSH host mapping, each probed
// over SSH (in parallel), then — for binary installs whose etcd runs on hosts the API does not
// show as control plane — the hosts behind the apiservers' --etcd-servers, probed too.
import type { EtcdHost, EtcdTopology } from '../../../../shared/model/etcd'
import type { ContextRef } from '../../../../shared/model/kubeconfig'
import type { RemoteHost } from '../../operations'
import { checkTopology, topologyChecks } from './checks'
import { urlHostPort } from './flags'
import { probeHost, type HostCandidate, type HostProbe } from './probe'

export interface DiscoverInput {
  context: ContextRef
  clusterKey: string
  clusterName: string
  server: string
  candidates: HostCandidate[]
  /** Nodes by InternalIP, to name hosts found through --etcd-servers. */
  nodesByAddress: Map<string, { name: string; candidate: HostCandidate }>
  /** A candidate for an address nothing else knows (its SSH target is the address itself). */
  candidateForAddress(address: string): HostCandidate
  connect(candidate: HostCandidate): Promise<RemoteHost>
  sshConfigFile?: string
  signal?: AbortSignal
}

export async function discoverTopology(input: DiscoverInput): Promise<EtcdTopology> {
  const probes = new Map<string, HostProbe>()
  const probeAll = async (cs: HostCandidate[]) => {
    const results = await Promise.all(cs.map((c) => probeHost(c, () => input.connect(c), { signal: input.signal })))
    for (const r of results) probes.set(r.host.id, r)
  }
  await probeAll(input.candidates)

  // Members the apiservers use on hosts not probed yet (binary: etcd on its own machines).
  const known = () => new Set([...probes.values()].flatMap((p) => [p.host.address, p.host.id, p.host.nodeName]).filter(Boolean) as string[])
  const extra: HostCandidate[] = []
  for (const p of probes.values()) {
    for (const a of p.apiservers) {
      for (const url of a.etcdServers) {
        const host = urlHostPort(url)?.host
        if (!host || ['127.0.0.1', 'localhost', '::1'].includes(host) || known().has(host) || extra.some((c) => c.address === host)) continue
        extra.push(input.nodesByAddress.get(host)?.candidate ?? input.candidateForAddress(host))
      }
    }
  }
  if (extra.length) await probeAll(extra)

  const all = [...probes.values()]
  const relevant = all.filter((p) => p.members.length || p.apiservers.length || p.components.length || !p.host.reachable)
  const hosts: EtcdHost[] = relevant.map((p) => p.host)
  const members = relevant.flatMap((p) => p.members)
  const apiservers = relevant.flatMap((p) => p.apiservers)
  const components = relevant.flatMap((p) => p.components)
  const notes = all.flatMap((p) => p.notes)
  for (const p of all) if (p.host.reachable && !relevant.includes(p)) notes.push(`${p.host.id}: no etcd, kube-apiserver, controller-manager or scheduler found there.`)
  const topology: EtcdTopology = {
    context: input.context,
    clusterKey: input.clusterKey,
    clusterName: input.clusterName,
    server: input.server,
    layout: members.some((m) => m.source.kind === 'static-pod') ? 'kubeadm' : 'binary',
    hosts,
    members,
    apiservers,
    components,
    sshConfigFile: input.sshConfigFile,
    findings: [],
    discoveredAt: new Date().toISOString(),
    edited: false,
    notes
  }
  topology.findings = checkTopology(topology)
  topology.checks = topologyChecks(topology)
  for (const c of [...input.candidates, ...extra]) {
    const p = probes.get(c.id)
    if (c.runsEtcd && p?.host.reachable && p.members.length === 0) {
      topology.findings.unshift({
        code: 'member-not-found',
        severity: 'error',
        host: c.id,
        title: `${c.id} runs etcd, but no member configuration was found there`,
        explanation: `The API shows an etcd pod on node ${c.nodeName ?? c.id}, yet ${c.id} has no etcd static pod manifest (in kubelet's staticPodPath) and no etcd unit in use. A restore that leaves a member out breaks the cluster, so it is refused. Check the SSH mapping of this node (is ${c.ssh.host} really that machine?) and discover again.`,
        values: { host: c.id, 'ssh target': c.ssh.host },
        blocksRestore: true
      })
    }
  }
  return topology
}
