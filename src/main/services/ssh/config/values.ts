// Value parsers with readconf.c's rules: yes/no words, integers, times, ports, and the
// `[user@]host[:port]` and ProxyJump forms.
import { isIP } from 'node:net'
import { invalidHostName, invalidUserName } from '../../../../shared/ssh-names'
import type { Draft, IdentityFileEntry } from './options'


export function addIdentityFile(list: IdentityFileEntry[], path: string, userProvided: boolean): void {
  if (list.some((e) => e.userProvided === userProvided && e.path === path)) return
  list.push({ path, userProvided })
}

export function parseStrictInt(arg: string | undefined): number | string {
  if (arg === undefined) return 'missing'
  if (!/^[+-]?\d+$/.test(arg.trim())) return 'invalid'
  const n = Number(arg)
  if (n < 0) return 'too small'
  if (n > 2147483647) return 'too large'
  return n
}

/** convtime(): `90`, `1m30s`, `1h`, …; null when invalid. */
export function convtime(s: string): number | null {
  if (s === '') return null
  let total = 0
  const re = /(\d+)([sSmMhHdDwW]?)/y
  let i = 0
  while (i < s.length) {
    re.lastIndex = i
    const m = re.exec(s)
    if (!m) return null
    const n = Number(m[1])
    const mult = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2].toLowerCase()] ?? 1
    total += n * mult
    if (total > 2147483647) return null
    i = re.lastIndex
    if (m[2] === '' && i < s.length) return null
  }
  return total
}

/** a2port(): 1-65535, or a service name (only `ssh` is known without a services database). */
export function a2port(s: string): number {
  if (/^\d+$/.test(s)) {
    const n = Number(s)
    return n <= 65535 ? n : -1
  }
  return s === 'ssh' ? 22 : -1
}

export interface JumpHop {
  user: string | null
  host: string
  port: number
}

/** parse_user_host_port(): `[user@]host[:port]`, `[v6]:port`; or ssh:// URIs. */
export function parseUserHostPort(s: string): JumpHop | null {
  if (s.startsWith('ssh://')) {
    const m = /^ssh:\/\/(?:([^@/]+)@)?(\[[^\]]+\]|[^:/]+)(?::(\d+))?\/?$/.exec(s)
    if (!m) return null
    const port = m[3] ? Number(m[3]) : -1
    if (m[3] && (port <= 0 || port > 65535)) return null
    return { user: m[1] ? decodeURIComponent(m[1]) : null, host: m[2].replace(/^\[|\]$/g, ''), port }
  }
  let rest = s
  let user: string | null = null
  const at = rest.lastIndexOf('@')
  if (at >= 0) {
    if (at === 0) return null
    user = rest.slice(0, at)
    rest = rest.slice(at + 1)
  }
  let host: string
  let portText: string | null = null
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']')
    if (close < 0) return null
    host = rest.slice(1, close)
    const after = rest.slice(close + 1)
    if (after !== '' && !after.startsWith(':')) return null
    if (after.startsWith(':')) portText = after.slice(1)
  } else {
    const colon = rest.indexOf(':')
    host = colon < 0 ? rest : rest.slice(0, colon)
    if (colon >= 0) portText = rest.slice(colon + 1)
  }
  if (host === '') return null
  let port = -1
  if (portText !== null && portText !== '') {
    port = a2port(portText)
    if (port <= 0) return null
  }
  return { user, host, port }
}

/** parse_jump(): the hops of a ProxyJump value (last one first in `last`), null when invalid. */
export function parseJump(spec: string): { last: JumpHop | null; hops: JumpHop[] } | null {
  if (spec.toLowerCase() === 'none') return { last: null, hops: [] }
  let text = spec
  const hash = text.indexOf('#')
  if (hash >= 0) text = text.slice(0, hash)
  // ssh reads a jump spec up to the first white space (`-J 'a b'` is a jump through a).
  text = text.split(/[ \t\n\v\f\r]/)[0]
  const hops: JumpHop[] = []
  for (const part of text.split(',')) {
    const hop = parseUserHostPort(part)
    // parse_jump() refuses hops whose names a shell could read (valid_hostname/valid_ruser).
    if (!hop || invalidHostName(hop.host) || (hop.user !== null && invalidUserName(hop.user))) return null
    hops.push(hop)
  }
  return { last: hops[hops.length - 1], hops }
}

export function applyJump(o: Draft, spec: string, parsed: { last: JumpHop | null }): void {
  if (!parsed.last) {
    o.jumpHost = 'none'
    o.jumpPort = 0
    return
  }
  o.jumpUser = parsed.last.user ?? undefined
  o.jumpHost = parsed.last.host
  o.jumpPort = parsed.last.port
  o.proxyCommand = 'none'
  const comma = spec.lastIndexOf(',')
  if (comma > 0) o.jumpExtra = spec.slice(0, comma)
}

/** is_addr_fast() plus a numeric check: addresses are not lowercased. */
export function isAddress(host: string): boolean {
  return host.includes('%') || host.includes(':') || /^[0-9.]*$/.test(host) || isIP(host) !== 0
}
