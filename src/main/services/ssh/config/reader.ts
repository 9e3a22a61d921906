// Reading config files as readconf.c does: Host and Match blocks, Include with globs and
// depth limits, first value wins, and the problems and warnings ssh would report.
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs'
import { ExpandError, dollarExpand, percentExpand, tildeExpand } from './expand'
import { globPaths } from './glob'
import { keywords } from './keywords'
import { matchHostname, matchPattern, matchPatternList } from './patterns'
import { splitArgs, splitKeyword, strdelim, trimLine } from './tokenize'
import { Draft, MAX_IDENTITY_FILES, MAX_INCLUDE_DEPTH, SshConfigError, type Flags, type ResolveEnvironment } from './options'
import { a2port, addIdentityFile, applyJump, convtime, parseJump, parseStrictInt } from './values'
export interface LineContext {
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

export class ConfigReader {
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
