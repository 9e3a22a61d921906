// How the checks compare URLs: the same endpoint written differently, listen addresses that
// accept an advertised one, and the member an apiserver's --etcd-servers entry reaches.
import type { EtcdHost, EtcdMember, SettingSource } from '../../../../../shared/model/etcd'
import { urlHostPort } from '../flags'

/** Where a setting came from, in the words of an explanation. */
export const where = (s: SettingSource | undefined, fallback: string) =>
  !s ? fallback : s.kind === 'default' ? `${s.setting} (not set: etcd's default)` : `${s.setting} in ${s.where}`

export function normUrl(u: string): string {
  const hp = urlHostPort(u)
  return hp ? `${hp.scheme}://${hp.host}:${hp.port}` : u.trim()
}

const WILDCARDS = new Set(['0.0.0.0', '::', ''])
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])
const isIp = (h: string) => /^\d+\.\d+\.\d+\.\d+$/.test(h) || h.includes(':')

/** Does a listen URL list accept connections to `u` (same port; same address or a wildcard)? */
export function covered(u: string, listen: string[]): boolean {
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

/** The member an apiserver endpoint reaches: loopback means the apiserver's own host. */
export function memberForEndpoint(endpoint: string, apiserverHost: string, members: EtcdMember[], hostOf: (id: string) => EtcdHost | undefined): EtcdMember | undefined {
  const e = urlHostPort(endpoint)
  if (!e) return undefined
  const listensOn = (l: string, hosts: Set<string>) => {
    const b = urlHostPort(l)
    return b?.port === e.port && (hosts.has(b.host) || WILDCARDS.has(b.host))
  }
  if (LOOPBACK.has(e.host)) return members.find((m) => m.host === apiserverHost && m.settings.listenClientUrls.some((l) => listensOn(l, LOOPBACK)))
  return members.find((m) => {
    const urls = [...m.settings.advertiseClientUrls, ...m.settings.listenClientUrls]
    if (
      urls.some((u) => {
        const b = urlHostPort(u)
        return b?.host === e.host && b.port === e.port
      })
    )
      return true
    return hostOf(m.host)?.address === e.host && m.settings.listenClientUrls.some((l) => listensOn(l, new Set()))
  })
}
