// Hosts: every member and apiserver host reachable over SSH, and able to restore.
import type { TopologyCheck } from './types'

export const hostsReachable: TopologyCheck = {
  id: 'hosts-reachable',
  title: 'Every member and apiserver host is reachable over SSH',
  run: ({ t }) => {
    const out: ReturnType<TopologyCheck['run']> = []
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
    return out
  }
}

export const restoreTools: TopologyCheck = {
  id: 'restore-tools',
  title: 'Every member host has etcdutl or etcdctl to restore with',
  run: ({ t, hostOf }) => {
    const out: ReturnType<TopologyCheck['run']> = []
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
}
