// ssh_config resolution with OpenSSH 9.2's semantics (readconf.c, ssh.c): command-line values
// first, then ~/.ssh/config, then /etc/ssh/ssh_config (or only the -F file); the first value
// obtained for an option wins, IdentityFile and CertificateFile accumulate; Host and Match
// blocks, Include with globs, a final pass for `Match final`/`canonical`; HostName `%h`,
// ProxyJump, and the token expansion ssh does before `ssh -G` prints.
import { createHash } from 'node:crypto'
import { closeSync, existsSync, fstatSync, openSync, readFileSync } from 'node:fs'
import { isIP } from 'node:net'
import { ExpandError, dollarExpand, percentDollarExpand, percentExpand, tildeExpand } from './expand'
import { globPaths } from './glob'
import { keywords } from './keywords'
import { matchHostname, matchPattern, matchPatternList } from './patterns'
import { splitArgs, splitKeyword, strdelim, trimLine } from './tokenize'

export interface ResolveRequest {
  /** What follows `ssh`: `host`, `user@host` or `ssh://user@host:port`. */
  destination: string
  /** Like `-l`: wins over the config. */
  user?: string
  /** Like `-p`. */
  port?: number
  /** Like `-i`: tried first, before the config's IdentityFiles. */
  identityFile?: string
  /** Like `-J`: replaces the config's ProxyJump (`none` disables it). */
  proxyJump?: string
  /** Like `-F`: only this file is read (`none`: no file at all). */
  configFile?: string
}

/** Who is asking: the passwd entry and host ssh would use. */
export interface ResolveEnvironment {
  home: string
  localUser: string
  uid: number
  thisHost: string
  env: NodeJS.ProcessEnv
  /** Default `<home>/.ssh/config`. */
  userConfig?: string
  /** Default `/etc/ssh/ssh_config`. */
  systemConfig?: string
}

export interface IdentityFileEntry {
  /** As written in the config (ssh -G prints it unexpanded). */
  path: string
  /** From the command line or a user config (OpenSSH complains about missing ones). */
  userProvided: boolean
}

export interface ProxyJumpSpec {
  /** The hop that connects to the target directly (the last one of the list). */
  host: string
  user: string | null
  port: number
  /** The hops before it, as written (`a,b`), or null. */
  extra: string | null
}

export interface SshOptions {
  /** The destination's host as given (ssh -G's `host`). */
  hostArg: string
  /** The host connected to: HostName applied, lowercased unless an address. */
  hostname: string
  user: string
  port: number
  addressFamily: 'any' | 'inet' | 'inet6'
  batchMode: boolean
  checkHostIp: boolean
  compression: boolean
  hashKnownHosts: boolean
  identitiesOnly: boolean
  kbdInteractiveAuthentication: boolean
  passwordAuthentication: boolean
  pubkeyAuthentication: 'true' | 'false' | 'unbound' | 'host-bound'
  requestTty: string
  strictHostKeyChecking: 'true' | 'false' | 'ask' | 'accept-new'
  tcpKeepAlive: boolean
  connectionAttempts: number
  numberOfPasswordPrompts: number
  serverAliveCountMax: number
  serverAliveInterval: number
  /** False when ServerAliveInterval was never set (Kubedeck then uses its own default). */
  serverAliveIntervalSet: boolean
  hostKeyAlias: string | null
  identityAgent: string | null
  preferredAuthentications: string | null
  identityFiles: IdentityFileEntry[]
  certificateFiles: IdentityFileEntry[]
  globalKnownHostsFiles: string[]
  /** Expanded (`~`, `%` tokens, `${VAR}`), as ssh -G prints them. */
  userKnownHostsFiles: string[]
  sendEnv: string[]
  setEnv: string[]
  /** `yes`, `no`, or an agent socket path. */
  forwardAgent: string
  connectTimeout: number | null
  proxyCommand: string | null
  proxyJump: ProxyJumpSpec | null
  /** Problems that do not stop ssh (unsupported options, `Match exec`), with file and line. */
  warnings: string[]
  /** The `%` tokens of this connection, for expanding IdentityFile and friends later. */
  tokens: Record<string, string>
}

/** A config problem that stops resolution, with the file and line to fix. */
export class SshConfigError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly problems: { file?: string; line?: number; message: string }[] = []
  ) {
    super(message)
    this.name = 'SshConfigError'
  }
}

const MAX_INCLUDE_DEPTH = 16
const MAX_IDENTITY_FILES = 100
const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa']

interface Flags {
  user: boolean
  checkPerm: boolean
  neverMatch: boolean
  final: boolean
}

/** Options as readconf.c holds them while reading: undefined is "not set yet". */
class Draft {
  user?: string
  hostname?: string
  port?: number
  values = new Map<string, string>()
  ints = new Map<string, number>()
  connectTimeout?: number
  serverAliveInterval?: number
  hostKeyAlias?: string
  identityAgent?: string
  preferredAuthentications?: string
  ignoredUnknown?: string
  identityFiles: IdentityFileEntry[] = []
  certificateFiles: IdentityFileEntry[] = []
  systemHostfiles: string[] = []
  userHostfiles: string[] = []
  sendEnv: string[] = []
  setEnv: string[] = []
  forwardAgent?: string
  forwardAgentPath?: string
  proxyCommand?: string
  jumpHost?: string
  jumpUser?: string
  jumpPort = -1
  jumpExtra?: string
  canonicalizeHostname?: string
}

interface LineContext {
  host: string
  originalHost: string
  file: string
  line: number
  flags: Flags
  depth: number
}

const FLAG_VALUES: Record<string, string> = { true: 'yes', false: 'no', yes: 'yes', no: 'no' }
const STRICT_VALUES: Record<string, string> = { true: 'true', false: 'false', yes: 'true', no: 'false', ask: 'ask', off: 'false', 'accept-new': 'accept-new' }
const PUBKEY_VALUES: Record<string, string> = { true: 'true', false: 'false', yes: 'true', no: 'false', unbound: 'unbound', 'host-bound': 'host-bound' }
const ADDRESS_FAMILY_VALUES: Record<string, string> = { inet: 'inet', inet6: 'inet6', any: 'any' }
const REQUEST_TTY_VALUES: Record<string, string> = { true: 'true', yes: 'true', false: 'false', no: 'false', force: 'force', auto: 'auto' }
const COMPRESSION_VALUES: Record<string, string> = { yes: 'yes', no: 'no' }
const CANONICALIZE_VALUES: Record<string, string> = { true: 'true', false: 'false', yes: 'true', no: 'false', always: 'always' }

class ConfigReader {
  readonly problems: { file: string; line: number; message: string }[] = []
  readonly warnings: string[] = []
  wantFinalPass = false

  constructor(
    readonly o: Draft,
    readonly env: ResolveEnvironment
  ) {}

  /** read_config_file_depth(): false when the file does not exist. */
  readFile(file: string, host: string, originalHost: string, flags: Flags, state: { active: boolean }, depth: number): boolean {
    if (depth > MAX_INCLUDE_DEPTH) throw new SshConfigError('Too many recursive configuration includes', file)
    let fd: number
    try {
      fd = openSync(file, 'r')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
      throw new SshConfigError(`Can't open user config file ${file}: ${(e as Error).message}`, file)
    }
    let text: string
    try {
      const st = fstatSync(fd)
      if (flags.checkPerm && ((st.uid !== 0 && st.uid !== this.env.uid) || (st.mode & 0o022) !== 0)) {
        throw new SshConfigError(`Bad owner or permissions on ${file}`, file)
      }
      if (st.isDirectory()) return true
      text = readFileSync(fd, 'utf8')
    } finally {
      closeSync(fd)
    }
    const before = this.problems.length
    const lines = text.split('\n')
    if (lines[lines.length - 1] === '') lines.pop()
    lines.forEach((raw, i) => {
      const message = this.processLine(raw, { host, originalHost, file, line: i + 1, flags, depth }, state)
      if (message) this.problems.push({ file, line: i + 1, message: `${file} line ${i + 1}: ${message}` })
    })
    const bad = this.problems.length - before
    if (bad > 0) {
      const first = this.problems[before]
      throw new SshConfigError(
        `${file}: terminating, ${bad} bad configuration option${bad === 1 ? '' : 's'}`,
        first.file,
        first.line,
        this.problems.slice(before)
      )
    }
    return true
  }

  /** process_config_line_depth(): an error message, or null when the line is fine. */
  private processLine(raw: string, ctx: LineContext, state: { active: boolean }): string | null {
    const line = trimLine(raw)
    const split = splitKeyword(line)
    if (!split) return null
    const { keyword, rest } = split
    if (rest === '') return `no argument after keyword "${keyword}"`
    const kw = keywords.get(keyword)
    if (!kw) {
      if (this.o.ignoredUnknown !== undefined && matchPatternList(keyword, this.o.ignoredUnknown, true) === 1) return null
      return `Bad configuration option: ${keyword}`
    }
    let args: string[]
    try {
      args = splitArgs(rest)
    } catch {
      return 'invalid quotes'
    }
    const o = this.o
    const active = state.active
    const name = kw.name
    const one = (): string | null => (args.length === 1 ? null : args.length === 0 ? 'Missing argument.' : `keyword ${keyword} extra arguments at end of line`)

    switch (kw.kind) {
      case 'ignore':
      case 'other':
        return null
      case 'deprecated':
        return null
      case 'unsupported':
        this.warnings.push(`${ctx.file} line ${ctx.line}: Unsupported option "${keyword}"`)
        return null
      case 'host': {
        state.active = false
        if (ctx.flags.neverMatch) return null
        for (const arg of args) {
          if (arg === '') return `keyword ${keyword} empty argument`
          const negated = arg.startsWith('!')
          if (matchPattern(ctx.host, negated ? arg.slice(1) : arg)) {
            if (negated) {
              state.active = false
              return null
            }
            state.active = true
          }
        }
        return null
      }
      case 'match': {
        const result = this.matchLine(rest, ctx)
        if (typeof result === 'string') return `${result}\n${ctx.file} line ${ctx.line}: Bad Match condition`
        state.active = ctx.flags.neverMatch ? false : result
        return null
      }
      case 'include':
        return this.include(args, keyword, ctx, state)
      case 'flag':
      case 'strict-host-key-checking':
      case 'pubkey-authentication':
      case 'address-family':
      case 'request-tty':
      case 'compression':
      case 'canonicalize-hostname': {
        const table =
          kw.kind === 'flag'
            ? FLAG_VALUES
            : kw.kind === 'strict-host-key-checking'
              ? STRICT_VALUES
              : kw.kind === 'pubkey-authentication'
                ? PUBKEY_VALUES
                : kw.kind === 'address-family'
                  ? ADDRESS_FAMILY_VALUES
                  : kw.kind === 'request-tty'
                    ? REQUEST_TTY_VALUES
                    : kw.kind === 'compression'
                      ? COMPRESSION_VALUES
                      : CANONICALIZE_VALUES
        const arg = args[0]
        const value = arg === undefined ? undefined : table[arg.toLowerCase()]
        if (value === undefined) return arg === undefined ? 'missing argument.' : `unsupported option "${arg}".`
        if (args.length > 1) return `keyword ${keyword} extra arguments at end of line`
        if (kw.kind === 'canonicalize-hostname') {
          if (active && o.canonicalizeHostname === undefined) o.canonicalizeHostname = value
        } else if (active && !o.values.has(name)) o.values.set(name, value)
        return null
      }
      case 'int': {
        const n = parseStrictInt(args[0])
        if (typeof n === 'string') return `integer value ${n}.`
        if (args.length > 1) return `keyword ${keyword} extra arguments at end of line`
        if (active && !o.ints.has(name)) o.ints.set(name, n)
        return null
      }
      case 'time': {
        const arg = args[0]
        if (arg === undefined || arg === '') return 'missing time value.'
        const value = arg === 'none' ? -1 : convtime(arg)
        if (value === null) return 'invalid time value.'
        if (args.length > 1) return `keyword ${keyword} extra arguments at end of line`
        // -1 ("none") is also "unset" to readconf.c: a later line may still set it.
        if (name === 'connecttimeout') {
          if (active && (o.connectTimeout === undefined || o.connectTimeout === -1)) o.connectTimeout = value
        } else if (active && (o.serverAliveInterval === undefined || o.serverAliveInterval === -1)) o.serverAliveInterval = value
        return null
      }
      case 'port': {
        const err = one()
        if (err) return err
        const port = a2port(args[0])
        if (port <= 0) return `Bad port '${args[0]}'.`
        if (active && o.port === undefined) o.port = port
        return null
      }
      case 'string': {
        const err = one()
        if (err) return err
        if (args[0] === '') return 'Missing argument.'
        if (!active) return null
        const v = args[0]
        if (name === 'user') o.user ??= v
        else if (name === 'hostname') o.hostname ??= v
        else if (name === 'hostkeyalias') o.hostKeyAlias ??= v
        else if (name === 'preferredauthentications') o.preferredAuthentications ??= v
        return null
      }
      case 'ignore-unknown': {
        const err = one()
        if (err) return err
        if (active) o.ignoredUnknown ??= args[0]
        return null
      }
      case 'identity-file':
      case 'certificate-file': {
        const err = one()
        if (err) return err
        if (args[0] === '') return 'Missing argument.'
        if (!active) return null
        const list = kw.kind === 'identity-file' ? o.identityFiles : o.certificateFiles
        if (list.length >= MAX_IDENTITY_FILES) return `Too many ${kw.kind === 'identity-file' ? 'identity' : 'certificate'} files specified (max ${MAX_IDENTITY_FILES}).`
        addIdentityFile(list, args[0], ctx.flags.user)
        return null
      }
      case 'known-hosts-files': {
        const list = name === 'userknownhostsfile' ? o.userHostfiles : o.systemHostfiles
        const wasEmpty = list.length === 0
        for (let i = 0; i < args.length; i++) {
          if (args[i] === '') return `keyword ${keyword} empty argument`
          if (args[i].toLowerCase() === 'none' && (i > 0 || args.length > 1)) return `keyword ${keyword} "none" argument must appear alone.`
          if (active && wasEmpty) list.push(args[i])
        }
        return null
      }
      case 'send-env': {
        for (const arg of args) {
          if (arg === '' || arg.includes('=')) return 'Invalid environment name.'
          if (!active) continue
          if (arg.startsWith('-')) {
            const pattern = arg.slice(1)
            o.sendEnv = o.sendEnv.filter((e) => !matchPattern(e, pattern))
          } else o.sendEnv.push(arg)
        }
        return null
      }
      case 'set-env': {
        const wasEmpty = o.setEnv.length === 0
        for (const arg of args) {
          if (!arg.includes('=')) return 'Invalid SetEnv.'
          if (active && wasEmpty) o.setEnv.push(arg)
        }
        return null
      }
      case 'proxy-command': {
        // The rest of the line verbatim (comments included), like readconf.c's parse_command.
        // A ProxyJump sets ProxyCommand to none, so only `ProxyJump none` lets one through (9.2).
        if (active && o.proxyCommand === undefined) o.proxyCommand = rest.replace(/^[ \t\r\n=]+/, '')
        return null
      }
      case 'proxy-jump': {
        const spec = rest.replace(/^[ \t\r\n=]+/, '')
        const parsed = parseJump(spec)
        if (parsed === null) return `Invalid ProxyJump "${spec}"`
        if (active && o.proxyCommand === undefined && o.jumpHost === undefined) applyJump(o, spec, parsed)
        return null
      }
      case 'identity-agent':
      case 'forward-agent': {
        const err = one()
        if (err) return err
        const arg = args[0]
        if (kw.kind === 'forward-agent') {
          const flag = FLAG_VALUES[arg.toLowerCase()]
          if (flag !== undefined) {
            if (active && o.forwardAgent === undefined) o.forwardAgent = flag
            return null
          }
          if (active && o.forwardAgent === undefined) o.forwardAgent = 'yes'
        }
        try {
          dollarExpand(arg, {})
        } catch (e) {
          if (!(e instanceof ExpandError) || !/has no value/.test(e.message)) return `Invalid environment expansion ${arg}.`
        }
        if (arg.startsWith('$') && arg[1] !== '{' && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(arg.slice(1))) return `Invalid environment name ${arg}.`
        if (!active) return null
        if (kw.kind === 'forward-agent') o.forwardAgentPath ??= arg
        else o.identityAgent ??= arg
        return null
      }
    }
    return null
  }

  /** match_cfg_line(): true/false, or an error message. */
  private matchLine(condition: string, ctx: LineContext): boolean | string {
    const o = this.o
    const ruser = o.user ?? this.env.localUser
    let host: string
    if (ctx.flags.final) host = o.hostname ?? ctx.host
    else if (o.hostname !== undefined) {
      try {
        host = percentExpand(o.hostname, { h: ctx.host })
      } catch (e) {
        return (e as Error).message
      }
    } else host = ctx.host
    let result = true
    let attributes = 0
    let cp: string | null = condition
    for (;;) {
      const next = strdelim(cp)
      if (!next || next.token === '') break
      cp = next.rest
      let attrib = next.token
      if (attrib.startsWith('#')) break
      const negate = attrib.startsWith('!')
      if (negate) attrib = attrib.slice(1)
      const lower = attrib.toLowerCase()
      if (lower === 'all') {
        const after = strdelim(cp)
        if (attributes > 1 || (after && after.token !== '' && !after.token.startsWith('#'))) {
          return `'${next.token}' cannot be combined with other Match attributes`
        }
        return result ? !negate : false
      }
      attributes++
      if (lower === 'canonical' || lower === 'final') {
        if (lower === 'final') this.wantFinalPass = true
        if (ctx.flags.final === negate) result = false
        continue
      }
      const argTok = strdelim(cp)
      if (!argTok || argTok.token === '' || argTok.token.startsWith('#')) return `Missing Match criteria for ${attrib}`
      cp = argTok.rest
      const arg = argTok.token
      let r: boolean
      if (lower === 'host') r = matchHostname(host, arg) === 1
      else if (lower === 'originalhost') r = matchHostname(ctx.originalHost, arg) === 1
      else if (lower === 'user') r = matchPatternList(ruser, arg, false) === 1
      else if (lower === 'localuser') r = matchPatternList(this.env.localUser, arg, false) === 1
      else if (lower === 'exec') {
        // Kubedeck never runs commands from an ssh config: the block is treated as not matching.
        this.warnings.push(
          `${ctx.file} line ${ctx.line}: Match exec is not supported by Kubedeck (the command is not run); this Match block is treated as not matching.`
        )
        result = false
        continue
      } else return `Unsupported Match attribute ${attrib}`
      if (r === negate) result = false
    }
    if (attributes === 0) return 'One or more attributes required for Match'
    return result
  }

  private include(args: string[], keyword: string, ctx: LineContext, state: { active: boolean }): string | null {
    for (const arg of args) {
      if (arg === '') return `keyword ${keyword} empty argument`
      if (arg.startsWith('~') && !ctx.flags.user) return `bad include path ${arg}.`
      const path = !arg.startsWith('/') && !arg.startsWith('~') ? `${ctx.flags.user ? '~/.ssh' : '/etc/ssh'}/${arg}` : arg
      let matches: string[]
      try {
        matches = globPaths(tildeExpand(path, this.env.home))
      } catch (e) {
        return `glob failed for ${path}: ${(e as Error).message}.`
      }
      const outer = state.active
      for (const file of matches) {
        this.readFile(
          file,
          ctx.host,
          ctx.originalHost,
          { ...ctx.flags, checkPerm: true, neverMatch: ctx.flags.neverMatch || !outer },
          state,
          ctx.depth + 1
        )
        // Match/Host inside an included file never change the including file's state.
        state.active = outer
      }
    }
    return null
  }
}

function addIdentityFile(list: IdentityFileEntry[], path: string, userProvided: boolean): void {
  if (list.some((e) => e.userProvided === userProvided && e.path === path)) return
  list.push({ path, userProvided })
}

function parseStrictInt(arg: string | undefined): number | string {
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
function a2port(s: string): number {
  if (/^\d+$/.test(s)) {
    const n = Number(s)
    return n <= 65535 ? n : -1
  }
  return s === 'ssh' ? 22 : -1
}

interface JumpHop {
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
function parseJump(spec: string): { last: JumpHop | null; hops: JumpHop[] } | null {
  if (spec.toLowerCase() === 'none') return { last: null, hops: [] }
  let text = spec
  const hash = text.indexOf('#')
  if (hash >= 0) text = text.slice(0, hash)
  text = text.replace(/[ \t\r\n]+$/, '')
  const hops: JumpHop[] = []
  for (const part of text.split(',')) {
    const hop = parseUserHostPort(part)
    if (!hop) return null
    hops.push(hop)
  }
  return { last: hops[hops.length - 1], hops }
}

function applyJump(o: Draft, spec: string, parsed: { last: JumpHop | null }): void {
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
function isAddress(host: string): boolean {
  return host.includes('%') || host.includes(':') || /^[0-9.]*$/.test(host) || isIP(host) !== 0
}

/** Resolves the options `ssh` would use for a destination (what `ssh -G` prints). */
export function resolveSshOptions(req: ResolveRequest, env: ResolveEnvironment): SshOptions {
  const o = new Draft()
  const warnings: string[] = []
  // Command-line values come first, so they win.
  if (req.user !== undefined) o.user = req.user
  if (req.port !== undefined) {
    if (!Number.isInteger(req.port) || req.port <= 0 || req.port > 65535) throw new SshConfigError(`Bad port '${req.port}'`)
    o.port = req.port
  }
  if (req.identityFile !== undefined) {
    const p = tildeExpand(req.identityFile, env.home)
    if (existsSync(p)) addIdentityFile(o.identityFiles, p, true)
    else warnings.push(`Warning: Identity file ${p} not accessible: No such file or directory.`)
  }
  if (req.proxyJump !== undefined) {
    const parsed = parseJump(req.proxyJump)
    if (parsed === null) throw new SshConfigError(`Invalid -J argument "${req.proxyJump}"`)
    applyJump(o, req.proxyJump, parsed)
    o.proxyCommand = 'none'
  }

  let host: string
  const dest = req.destination
  const uri = dest.startsWith('ssh://') ? parseUserHostPort(dest) : null
  if (dest.startsWith('ssh://')) {
    if (!uri) throw new SshConfigError(`Invalid destination "${dest}"`)
    host = uri.host
    if (o.user === undefined && uri.user !== null) o.user = uri.user
    if (o.port === undefined && uri.port > 0) o.port = uri.port
  } else {
    const at = dest.lastIndexOf('@')
    if (at === 0) throw new SshConfigError(`Invalid destination "${dest}"`)
    if (at > 0 && o.user === undefined) o.user = dest.slice(0, at)
    host = at > 0 ? dest.slice(at + 1) : dest
  }
  if (host === '') throw new SshConfigError('No host given.')
  const hostArg = host

  const reader = new ConfigReader(o, env)
  const readAll = (h: string, final: boolean) => {
    const base: Flags = { user: true, checkPerm: false, neverMatch: false, final }
    if (req.configFile !== undefined) {
      if (req.configFile.toLowerCase() === 'none') return
      if (!reader.readFile(req.configFile, h, hostArg, base, { active: true }, 0)) {
        throw new SshConfigError(`Can't open user config file ${req.configFile}: No such file or directory`, req.configFile)
      }
      return
    }
    reader.readFile(env.userConfig ?? `${env.home}/.ssh/config`, h, hostArg, { ...base, checkPerm: true }, { active: true }, 0)
    reader.readFile(env.systemConfig ?? '/etc/ssh/ssh_config', h, hostArg, { ...base, user: false }, { active: true }, 0)
  }
  readAll(host, false)

  if (o.hostname !== undefined) {
    host = expandOrThrow(() => percentExpand(o.hostname!, { h: host }), 'HostName')
    o.hostname = host
  }
  if (!isAddress(host)) host = host.toLowerCase()
  // OpenSSH re-reads the config when canonicalisation is on; it would also try DNS suffixes,
  // which Kubedeck does not (it connects to the name as is).
  let wantFinal = reader.wantFinalPass
  if (o.canonicalizeHostname !== undefined && o.canonicalizeHostname !== 'false') {
    wantFinal = true
    warnings.push('CanonicalizeHostname: Kubedeck re-reads the config as ssh does, but does not try the CanonicalDomains suffixes.')
  }
  if (wantFinal) {
    o.hostname = host
    readAll(host, true)
  }

  // fill_default_options()
  const user = o.user ?? env.localUser
  if (o.identityFiles.length === 0) for (const f of DEFAULT_IDENTITY_FILES) addIdentityFile(o.identityFiles, `~/.ssh/${f}`, false)
  const systemHostfiles = o.systemHostfiles.length ? o.systemHostfiles : ['/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2']
  const userHostfilesRaw = o.userHostfiles.length ? o.userHostfiles : ['~/.ssh/known_hosts', '~/.ssh/known_hosts2']
  if (o.jumpHost === 'none' && o.jumpPort === 0 && o.jumpUser === undefined) o.jumpHost = undefined
  const proxyCommand = o.proxyCommand === undefined || o.proxyCommand.toLowerCase() === 'none' ? null : o.proxyCommand
  const port = o.port ?? 22
  let proxyJump: ProxyJumpSpec | null = null
  if (o.jumpHost !== undefined) {
    const jumpUser = o.jumpUser ?? user
    const jumpPort = o.jumpPort > 0 ? o.jumpPort : 22
    if (o.jumpHost === host && port === jumpPort && user === jumpUser) throw new SshConfigError(`jumphost loop via ${o.jumpHost}`)
    proxyJump = { host: o.jumpHost, user: o.jumpUser ?? null, port: o.jumpPort, extra: o.jumpExtra ?? null }
  }
  const hostKeyAlias = o.hostKeyAlias?.toLowerCase() ?? null

  const thisHost = env.thisHost
  const tokens: Record<string, string> = {
    C: createHash('sha1').update(thisHost).update(host).update(String(port)).update(user).digest('hex'),
    L: thisHost.split('.')[0],
    i: String(env.uid),
    k: hostKeyAlias ?? hostArg,
    l: thisHost,
    n: hostArg,
    p: String(port),
    d: env.home,
    h: host,
    r: user,
    u: env.localUser
  }
  const expandPath = (p: string, what: string) =>
    expandOrThrow(() => percentDollarExpand(tildeExpand(p, env.home), tokens, env.env), what)

  const identityAgent = o.identityAgent === undefined ? null : expandPath(o.identityAgent, 'IdentityAgent')
  const forwardAgent = o.forwardAgentPath !== undefined ? expandPath(o.forwardAgentPath, 'ForwardAgent') : (o.forwardAgent ?? 'no')
  if (systemHostfiles[0]?.toLowerCase() === 'none' && systemHostfiles.length > 1) throw new SshConfigError('Invalid GlobalKnownHostsFiles: "none" appears with other entries')
  if (userHostfilesRaw[0]?.toLowerCase() === 'none' && userHostfilesRaw.length > 1) throw new SshConfigError('Invalid UserKnownHostsFiles: "none" appears with other entries')
  const userKnownHostsFiles = userHostfilesRaw[0]?.toLowerCase() === 'none' ? [] : userHostfilesRaw.map((f) => expandPath(f, 'UserKnownHostsFile'))
  const globalKnownHostsFiles = systemHostfiles[0]?.toLowerCase() === 'none' ? [] : systemHostfiles

  const flag = (name: string, dflt: string) => (o.values.get(name) ?? dflt) === 'yes'
  return {
    hostArg,
    hostname: host,
    user,
    port,
    addressFamily: (o.values.get('addressfamily') ?? 'any') as SshOptions['addressFamily'],
    batchMode: flag('batchmode', 'no'),
    checkHostIp: flag('checkhostip', 'no'),
    compression: flag('compression', 'no'),
    hashKnownHosts: flag('hashknownhosts', 'no'),
    identitiesOnly: flag('identitiesonly', 'no'),
    kbdInteractiveAuthentication: flag('kbdinteractiveauthentication', 'yes'),
    passwordAuthentication: flag('passwordauthentication', 'yes'),
    pubkeyAuthentication: (o.values.get('pubkeyauthentication') ?? 'true') as SshOptions['pubkeyAuthentication'],
    requestTty: o.values.get('requesttty') ?? 'auto',
    strictHostKeyChecking: (o.values.get('stricthostkeychecking') ?? 'ask') as SshOptions['strictHostKeyChecking'],
    tcpKeepAlive: flag('tcpkeepalive', 'yes'),
    connectionAttempts: o.ints.get('connectionattempts') ?? 1,
    numberOfPasswordPrompts: o.ints.get('numberofpasswordprompts') ?? 3,
    serverAliveCountMax: o.ints.get('serveralivecountmax') ?? 3,
    // As in fill_default_options(): batch mode defaults to 5 minutes, otherwise off.
    serverAliveInterval: o.serverAliveInterval !== undefined && o.serverAliveInterval >= 0 ? o.serverAliveInterval : flag('batchmode', 'no') ? 300 : 0,
    serverAliveIntervalSet: o.serverAliveInterval !== undefined && o.serverAliveInterval >= 0,
    hostKeyAlias,
    identityAgent,
    preferredAuthentications: o.preferredAuthentications ?? null,
    identityFiles: o.identityFiles,
    certificateFiles: o.certificateFiles,
    globalKnownHostsFiles,
    userKnownHostsFiles,
    sendEnv: o.sendEnv,
    setEnv: o.setEnv,
    forwardAgent,
    connectTimeout: o.connectTimeout !== undefined && o.connectTimeout >= 0 ? o.connectTimeout : null,
    proxyCommand,
    proxyJump,
    warnings: [...warnings, ...reader.warnings],
    tokens
  }
}

function expandOrThrow(fn: () => string, what: string): string {
  try {
    return fn()
  } catch (e) {
    if (e instanceof ExpandError) throw new SshConfigError(`${what}: ${e.message}`)
    throw e
  }
}

/** `ssh -G`'s lines for the options Kubedeck models, in ssh -G's order. */
export function formatSshG(o: SshOptions): string[] {
  const yn = (b: boolean) => (b ? 'yes' : 'no')
  const lines = [
    `host ${o.hostArg}`,
    `user ${o.user}`,
    `hostname ${o.hostname}`,
    `port ${o.port}`,
    `addressfamily ${o.addressFamily}`,
    `batchmode ${yn(o.batchMode)}`,
    `checkhostip ${yn(o.checkHostIp)}`,
    `compression ${yn(o.compression)}`,
    `hashknownhosts ${yn(o.hashKnownHosts)}`,
    `identitiesonly ${yn(o.identitiesOnly)}`,
    `kbdinteractiveauthentication ${yn(o.kbdInteractiveAuthentication)}`,
    `passwordauthentication ${yn(o.passwordAuthentication)}`,
    `pubkeyauthentication ${o.pubkeyAuthentication}`,
    `requesttty ${o.requestTty}`,
    `stricthostkeychecking ${o.strictHostKeyChecking}`,
    `tcpkeepalive ${yn(o.tcpKeepAlive)}`,
    `connectionattempts ${o.connectionAttempts}`,
    `numberofpasswordprompts ${o.numberOfPasswordPrompts}`,
    `serveralivecountmax ${o.serverAliveCountMax}`,
    `serveraliveinterval ${o.serverAliveInterval}`
  ]
  if (o.hostKeyAlias !== null) lines.push(`hostkeyalias ${o.hostKeyAlias}`)
  if (o.identityAgent !== null) lines.push(`identityagent ${o.identityAgent}`)
  if (o.preferredAuthentications !== null) lines.push(`preferredauthentications ${o.preferredAuthentications}`)
  for (const f of o.identityFiles) lines.push(`identityfile ${f.path}`)
  for (const f of o.certificateFiles) lines.push(`certificatefile ${f.path}`)
  lines.push(`globalknownhostsfile ${o.globalKnownHostsFiles.length ? o.globalKnownHostsFiles.join(' ') : 'none'}`)
  lines.push(`userknownhostsfile ${o.userKnownHostsFiles.length ? o.userKnownHostsFiles.join(' ') : 'none'}`)
  for (const e of o.sendEnv) lines.push(`sendenv ${e}`)
  for (const e of o.setEnv) lines.push(`setenv ${e}`)
  lines.push(`forwardagent ${o.forwardAgent}`)
  lines.push(`connecttimeout ${o.connectTimeout === null ? 'none' : o.connectTimeout}`)
  if (o.proxyJump === null) {
    if (o.proxyCommand !== null) lines.push(`proxycommand ${o.proxyCommand}`)
  } else {
    const j = o.proxyJump
    const numeric = j.host.includes(':') || /^[0-9.]*$/.test(j.host)
    lines.push(
      `proxyjump ${j.extra !== null ? `${j.extra},` : ''}${j.user !== null ? `${j.user}@` : ''}${numeric ? `[${j.host}]` : j.host}${j.port > 0 ? `:${j.port}` : ''}`
    )
  }
  return lines
}
