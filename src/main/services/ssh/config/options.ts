// The options as ssh resolves them (what `ssh -G` prints), and as readconf.c holds them while
// reading (Draft: undefined is "not set yet").
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

export const MAX_INCLUDE_DEPTH = 16
export const MAX_IDENTITY_FILES = 100
export const DEFAULT_IDENTITY_FILES = ['id_rsa', 'id_ecdsa', 'id_ecdsa_sk', 'id_ed25519', 'id_ed25519_sk', 'id_xmss', 'id_dsa']

export interface Flags {
  user: boolean
  checkPerm: boolean
  neverMatch: boolean
  final: boolean
}

/** Options as readconf.c holds them while reading: undefined is "not set yet". */
export class Draft {
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
