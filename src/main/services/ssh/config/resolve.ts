// ssh_config resolution with OpenSSH 9.2's semantics (readconf.c, ssh.c): command-line values
// first, then ~/.ssh/config, then /etc/ssh/ssh_config (or only the -F file); the first value
// obtained for an option wins, IdentityFile and CertificateFile accumulate; Host and Match
// blocks, Include with globs, a final pass for `Match final`/`canonical`; HostName `%h`,
// ProxyJump, and the token expansion ssh does before `ssh -G` prints.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { HOSTNAME_INVALID, USERNAME_INVALID, invalidHostName, invalidUserName } from '../../../../shared/ssh-names'
import { ExpandError, percentDollarExpand, percentExpand, tildeExpand } from './expand'
import { DEFAULT_IDENTITY_FILES, Draft, SshConfigError, type Flags, type ProxyJumpSpec, type ResolveEnvironment, type ResolveRequest, type SshOptions } from './options'
import { ConfigReader } from './reader'
import { addIdentityFile, applyJump, isAddress, parseJump, parseUserHostPort } from './values'

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
  if (dest === '') throw new SshConfigError('No host given.')
  // As ssh does with its command line: names a shell could read never reach %h/%r of a ProxyCommand.
  if (invalidHostName(host)) throw new SshConfigError(HOSTNAME_INVALID)
  if (o.user !== undefined && invalidUserName(o.user)) throw new SshConfigError(USERNAME_INVALID)
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
