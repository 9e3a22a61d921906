// What the renderer sees of SSH: targets (host aliases plus overrides), the host inventory of a
// cluster, resolved settings, and the prompts main asks a person to answer. Never private keys,
// passphrases or passwords going to the renderer: secrets only travel renderer → main, typed
// into a prompt.
import type { ContextRef } from './kubeconfig'

/**
 * Where to SSH: a host alias resolved through the ssh config exactly as `ssh HOST` would
 * (Host/Match blocks, HostName, ...), with optional overrides that win over the config the way
 * `ssh -l USER -p PORT -i FILE -J JUMP HOST` would.
 */
export interface SshTarget {
  host: string
  user?: string
  port?: number
  identityFile?: string
  /** `[user@]host[:port][,...]`, or `none` to ignore a ProxyJump from the config. */
  proxyJump?: string
}

export type StrictHostKeyChecking = 'yes' | 'accept-new' | 'no' | 'ask'

/** The settings a connection will use, as `kubedeck ssh config HOST` prints them. */
export interface ResolvedSshSettings {
  host: string
  hostname: string
  user: string
  port: number
  identityFiles: string[]
  identitiesOnly: boolean
  proxyJump: string | null
  proxyCommand: string | null
  /** Seconds between keepalives the connection uses (Kubedeck's 15 when the config sets none). */
  serverAliveInterval: number
  serverAliveCountMax: number
  connectTimeout: number | null
  strictHostKeyChecking: StrictHostKeyChecking
  userKnownHostsFiles: string[]
  globalKnownHostsFiles: string[]
  /** `key value` lines with ssh -G's keys and order (the subset Kubedeck models). */
  lines: string[]
  /** Config problems that do not stop a connection (unsupported options, Match exec...). */
  warnings: string[]
}

// ---- prompts (main asks, the renderer answers through `ssh.answerPrompt`) ----

export interface HostKeyQuestion {
  host: string
  port: number
  /** OpenSSH's name for the key type: ED25519, ECDSA, RSA. */
  keyType: string
  /** `SHA256:…` as `ssh-keygen -l` prints it. */
  fingerprintSha256: string
  /** Where "trust and save" writes the key (the first UserKnownHostsFile). */
  knownHostsFile: string
  status: 'unknown'
  /** Keys of other types already known for this host (OpenSSH mentions them too). */
  otherKnownKeys?: { keyType: string; file: string; line: number }[]
  /** `@cert-authority` lines that match this host: seen, but host certificates are not verified. */
  certAuthorityLines?: { file: string; line: number }[]
}

export type HostKeyDecision = 'once' | 'save' | 'reject'

export type SecretKind = 'passphrase' | 'password' | 'sudo'

export interface SecretRequest {
  kind: SecretKind
  host: string
  user: string
  /** For passphrases: the identity file being unlocked. */
  keyFile?: string
  /** 1 for the first ask; 2 and up after a wrong answer. */
  attempt: number
}

export interface KeyboardInteractiveRequest {
  host: string
  user: string
  name: string
  instructions: string
  prompts: { prompt: string; echo: boolean }[]
}

export type SshPrompt = { id: string } & (
  | ({ kind: 'host-key' } & HostKeyQuestion)
  | ({
      kind: 'secret'
      secretKind: SecretKind
      /** True when an answer can be remembered (Electron safeStorage). */
      canRemember: boolean
    } & Omit<SecretRequest, 'kind'>)
  | ({ kind: 'keyboard-interactive' } & KeyboardInteractiveRequest)
)

export type SshPromptAnswer =
  { kind: 'host-key'; decision: HostKeyDecision } | { kind: 'secret'; secret: string | null; remember?: boolean } | { kind: 'keyboard-interactive'; responses: string[] | null }

// ---- host inventory ----

export type InventoryHostKind = 'node' | 'ssh-config' | 'added'

/** How the target of a host was chosen. */
export type TargetOrigin =
  /** The node's name has a matching Host in ~/.ssh/config. */
  | 'ssh-config'
  /** No matching Host: the node's InternalIP. */
  | 'internal-ip'
  /** Neither: the node's name as is (no InternalIP reported). */
  | 'node-name'
  /** Set by the user (persisted per cluster). */
  | 'custom'

export interface InventoryHost {
  /** Stable within a cluster: `node/NAME`, `config/ALIAS`, `added/NAME`. */
  id: string
  kind: InventoryHostKind
  name: string
  node?: { internalIP: string | null; roles: string[]; ready: boolean | null; unschedulable?: boolean }
  target: SshTarget
  origin: TargetOrigin
  /** What the target resolves to (user@hostname:port via jump), for display. */
  resolved?: { user: string; hostname: string; port: number; proxyJump: string | null }
  /** Why the target could not be resolved (bad ssh config line...). */
  error?: import('../errors').ErrorInfo
}

export interface HostInventory {
  context: ContextRef
  /** The key the mapping is stored under (the cluster's server URL). */
  cluster: string
  hosts: InventoryHost[]
  /** Set when the cluster's nodes could not be listed (the other hosts are still there). */
  nodesError?: import('../errors').ErrorInfo
  /** When the node list shown is the one remembered from then (the API did not answer now). */
  nodesFrom?: string
}

export interface SshConnectionReport {
  target: SshTarget
  ok: boolean
  user: string
  hostname: string
  port: number
  /** The hops in order, the target last (`user@host:port`). */
  route: string[]
  authMethod?: string
  hostKeyFingerprint?: string
  serverVersion?: string
  latencyMs: number
  error?: import('../errors').ErrorInfo
}

export interface SecretVaultStatus {
  available: boolean
  /** Why remembering secrets is not available (CLI and web mode). */
  reason?: string
}
