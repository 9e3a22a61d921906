// A seeded generator of ssh_config files for comparing `kubedeck ssh config` with `ssh -G`:
// Host patterns (wildcards, negation), Match (host, originalhost, user, localuser, all,
// canonical, final, negated criteria and lists), Include (absolute and ~/.ssh-relative globs),
// first-value-wins, repeated IdentityFiles, `%` tokens, ProxyJump (multi-hop, none, numeric
// hosts), quoting, `=` separators, comments and keyword case. The same seed gives the same files.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export const HOSTS = ['web1', 'web2', 'db.example.com', 'DB.Example.COM', 'bastion', '198.18.0.5', 'node-a', 'alpha.k8s.local', 'Jump-Host']

class Gen {
  constructor(private readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1))
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)]
  }
  chance(p: number): boolean {
    return this.r() < p
  }
  some<T>(xs: readonly T[], lo: number, hi: number): T[] {
    return Array.from({ length: this.int(lo, hi) }, () => this.pick(xs))
  }
}

const hostPatterns = ['web1', 'web2', 'web*', '*.example.com', 'db.example.com', 'DB.Example.COM', 'node-?', 'bastion', '*', '198.18.0.*', 'alpha.*', 'Jump-Host', 'jump-host']
const matchHostLists = ['web*', 'db.example.com', '*.example.com,!db.*', 'bastion', '198.18.0.5', '*.internal', 'real-*', '!web1,web*', 'NODE-A', '*']

function keyword(g: Gen, name: string): string {
  const variant = g.int(0, 3)
  return variant === 0 ? name.toLowerCase() : variant === 1 ? name.toUpperCase() : name
}

function sep(g: Gen): string {
  return g.pick([' ', '  ', '\t', '=', ' = ', ' =', '= '])
}

function option(g: Gen): string {
  const kinds: [string, () => string][] = [
    ['User', () => g.pick(['alice', 'bob', 'root', 'core', '"admin user"'])],
    ['Port', () => String(g.pick([22, 2222, 2200 + g.int(0, 50), 65535]))],
    ['HostName', () => g.pick(['%h.internal', 'real-%h', '198.18.0.%%', '198.18.0.9', 'Upper.Example.NET', '%h', 'db.example.com'])],
    ['IdentityFile', () => g.pick(['~/.ssh/id_%h', '/keys/%r/%p/%u', '~/.ssh/id_ed25519', '"/keys/with space/id"', '%d/.ssh/id_%n', '~/.ssh/id_rsa', '/keys/%C'])],
    ['CertificateFile', () => g.pick(['~/.ssh/id_%h-cert.pub', '/certs/%r'])],
    ['IdentitiesOnly', () => g.pick(['yes', 'no', 'Yes', 'true'])],
    ['ProxyJump', () => g.pick(['bastion', 'ops@bastion:2222', 'jump1,jump2,bastion', 'none', 'NONE', '198.18.0.1', 'u@[198.18.0.2]:2022', 'ssh://ops@gw.example.com:2200', 'a@j1:22,j2'])],
    ['ProxyCommand', () => g.pick(['nc %h %p', 'none', 'ssh -W %h:%p gw'])],
    ['ServerAliveInterval', () => g.pick(['5', '1m', '0', 'none', '1m30s', '15'])],
    ['ServerAliveCountMax', () => String(g.int(0, 6))],
    ['ConnectTimeout', () => g.pick(['10', 'none', '1m30s', '3'])],
    ['StrictHostKeyChecking', () => g.pick(['yes', 'no', 'ask', 'accept-new', 'off', 'true', 'false', 'Accept-New'])],
    ['UserKnownHostsFile', () => g.pick(['~/.ssh/kh_%h_%p', '%d/kh_%u /tmp/kh2_%r', '/tmp/kh_%k', 'none', '~/.ssh/known_hosts', '/tmp/kh_%%_%L'])],
    ['GlobalKnownHostsFile', () => g.pick(['/etc/ssh/kh_global', 'none', '/a /b'])],
    ['HashKnownHosts', () => g.pick(['yes', 'no'])],
    ['BatchMode', () => g.pick(['yes', 'no'])],
    ['PasswordAuthentication', () => g.pick(['yes', 'no'])],
    ['KbdInteractiveAuthentication', () => g.pick(['yes', 'no'])],
    ['ChallengeResponseAuthentication', () => g.pick(['yes', 'no'])],
    ['PubkeyAuthentication', () => g.pick(['yes', 'no', 'unbound', 'host-bound'])],
    ['HostKeyAlias', () => g.pick(['Cluster-Node', 'alias1'])],
    ['PreferredAuthentications', () => g.pick(['publickey,password', 'keyboard-interactive'])],
    ['Compression', () => g.pick(['yes', 'no'])],
    ['CheckHostIP', () => g.pick(['yes', 'no'])],
    ['AddressFamily', () => g.pick(['inet', 'inet6', 'any'])],
    ['RequestTTY', () => g.pick(['yes', 'no', 'force', 'auto'])],
    ['TCPKeepAlive', () => g.pick(['yes', 'no'])],
    ['NumberOfPasswordPrompts', () => String(g.int(1, 5))],
    ['ConnectionAttempts', () => String(g.int(1, 4))],
    ['SendEnv', () => g.pick(['LANG LC_*', '-LC_*', 'FOO', 'KUBECONFIG'])],
    ['SetEnv', () => g.pick(['FOO=bar', 'A=1 B=2'])],
    ['ForwardAgent', () => g.pick(['yes', 'no', '~/agent_%h.sock'])],
    ['IdentityAgent', () => g.pick(['none', '~/agent.sock', 'SSH_AUTH_SOCK', '/run/agent_%r'])],
    // Recognised but not modelled: must be accepted, and must not disturb anything else.
    ['ForwardX11', () => g.pick(['yes', 'no'])],
    ['ControlMaster', () => g.pick(['auto', 'no'])],
    ['LogLevel', () => g.pick(['ERROR', 'QUIET'])]
  ]
  const [name, value] = g.pick(kinds)
  const line = `${keyword(g, name)}${sep(g)}${value()}`
  return g.chance(0.1) ? `${line} # trailing comment` : line
}

function hostLine(g: Gen): string {
  const patterns = g.some(hostPatterns, 1, 3).map((p) => (g.chance(0.2) && p !== '*' ? `!${p}` : p))
  return `${keyword(g, 'Host')}${sep(g)}${patterns.join(' ')}`
}

function matchLine(g: Gen): string {
  if (g.chance(0.12)) return `${keyword(g, 'Match')} all`
  const criteria: string[] = []
  for (let i = 0; i < g.int(1, 2); i++) {
    const not = g.chance(0.2) ? '!' : ''
    const kind = g.pick(['host', 'originalhost', 'user', 'localuser', 'canonical', 'final', 'Host'])
    if (kind === 'canonical' || kind === 'final') criteria.push(`${not}${kind}`)
    else if (kind === 'user') criteria.push(`${not}user ${g.pick(['alice', 'root,bob', '*', '!root,*'])}`)
    else if (kind === 'localuser') criteria.push(`${not}localuser ${g.pick(['root', 'nobody', 'r*'])}`)
    else criteria.push(`${not}${kind} ${g.pick(matchHostLists)}`)
  }
  return `${keyword(g, 'Match')} ${criteria.join(' ')}`
}

export interface GeneratedConfig {
  /** The main file (for -F) or ~/.ssh/config (home mode). */
  main: string
  /** Destinations to ask about. */
  destinations: string[]
}

/**
 * Writes one config under `dir`. With `home` set, the main file is `home/.ssh/config` and
 * Includes may be relative (resolved against ~/.ssh, as ssh does).
 */
export function generateConfig(seed: number, dir: string, home?: string): GeneratedConfig {
  const g = new Gen(mulberry32(seed))
  const sshDir = home ? join(home, '.ssh') : dir
  mkdirSync(join(sshDir, 'conf.d'), { recursive: true })
  mkdirSync(join(dir, 'inc'), { recursive: true })
  const files = new Map<string, string[]>()

  const body = (depth: number): string[] => {
    const lines: string[] = []
    if (g.chance(0.5)) lines.push(...Array.from({ length: g.int(1, 2) }, () => option(g)))
    for (let b = 0; b < g.int(2, 6); b++) {
      if (g.chance(0.08)) lines.push('')
      if (g.chance(0.08)) lines.push('# a comment line')
      lines.push(g.chance(0.6) ? hostLine(g) : matchLine(g))
      for (let i = 0; i < g.int(1, 4); i++) lines.push(`  ${option(g)}`)
      if (depth < 2 && g.chance(0.25)) {
        const name = `part${files.size}-${g.int(0, 99)}.conf`
        const relative = home !== undefined && g.chance(0.5)
        const target = relative ? join(sshDir, 'conf.d', name) : join(dir, 'inc', name)
        files.set(target, body(depth + 1))
        // Globs only from the top file (a glob in an included file would include itself, which
        // ssh rejects after 16 levels); now and then that error path too.
        const glob = depth === 0 || g.chance(0.03)
        const ref = relative
          ? glob
            ? g.pick(['conf.d/*.conf', '~/.ssh/conf.d/part*'])
            : `conf.d/${name}`
          : glob
            ? g.pick([join(dir, 'inc', '*.conf'), join(dir, 'inc', 'part?-*.conf')])
            : target
        lines.push(`  ${keyword(g, 'Include')} ${ref}${g.chance(0.2) ? ' /nonexistent/*.conf' : ''}`)
      }
    }
    if (g.chance(0.3)) lines.push(`${keyword(g, 'Host')} *`, ...Array.from({ length: g.int(1, 3) }, () => `  ${option(g)}`))
    return lines
  }
  const main = home ? join(sshDir, 'config') : join(dir, 'main.conf')
  files.set(main, body(0))
  for (const [file, lines] of files) {
    writeFileSync(file, lines.join('\n') + '\n')
    chmodSync(file, 0o600)
  }
  const destinations = Array.from({ length: 3 }, () => {
    const h = g.pick(HOSTS)
    return g.chance(0.2) ? `${g.pick(['carol', 'root'])}@${h}` : h
  })
  return { main, destinations }
}
