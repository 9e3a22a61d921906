// Facts about members that discovery, backups and every plan share: where etcdctl on a member's
// own host should connect, which ports show it running, which tool restores a snapshot there,
// and the --initial-cluster every restored member shares.
import type { EtcdHost, EtcdMember } from '../../../shared/model/etcd'
import { formatInitialCluster, urlHostPort } from './discovery/flags'

export interface RestoreTool {
  path: string
  /** etcdutl, or etcdctl for 3.4 (with ETCDCTL_API=3). */
  kind: 'etcdutl' | 'etcdctl'
}

export function restoreToolFor(host: EtcdHost): RestoreTool | null {
  if (host.tools.etcdutl) return { path: host.tools.etcdutl.path, kind: 'etcdutl' }
  if (host.tools.etcdctl) return { path: host.tools.etcdctl.path, kind: 'etcdctl' }
  return null
}

export const clientPorts = (m: EtcdMember) => [...new Set(m.settings.listenClientUrls.map((u) => Number(urlHostPort(u)?.port)).filter(Boolean))]

/** The endpoint etcdctl on the member's own host should use: loopback when it listens there. */
export function localEndpoint(m: EtcdMember): string {
  const loop = m.settings.listenClientUrls.find((u) => ['127.0.0.1', 'localhost', '::1'].includes(urlHostPort(u)?.host ?? ''))
  if (loop) return loop.replace('localhost', '127.0.0.1')
  const wildcard = m.settings.listenClientUrls.find((u) => ['0.0.0.0', '::'].includes(urlHostPort(u)?.host ?? ''))
  if (wildcard) return wildcard.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//127.0.0.1')
  return m.settings.advertiseClientUrls[0] ?? m.settings.listenClientUrls[0]
}

/** Every member's client endpoint as the others reach it. */
export const clientEndpoints = (members: EtcdMember[]) => members.map((m) => m.settings.advertiseClientUrls[0] ?? localEndpoint(m))

/** The shared --initial-cluster: every member's own name with its own advertised peer URLs. */
export const restoreInitialCluster = (members: EtcdMember[]) =>
  formatInitialCluster(members.flatMap((m) => m.settings.initialAdvertisePeerUrls.map((url) => ({ name: m.settings.name, url }))))
