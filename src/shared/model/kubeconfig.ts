// What the renderer sees of kubeconfig files: names, files, servers and diagnostics. Never
// tokens, keys or passwords: those stay in main (see `view`, which redacts unless --raw on the CLI).

/** A context's identity is the file that defines it plus its name (kubectl's names can repeat across files). */
export interface ContextRef {
  file: string
  name: string
}

export type SourceOrigin = 'KUBECONFIG' | 'default' | 'folder'

export interface KubeconfigSource {
  path: string
  /** How the file was found: an entry of $KUBECONFIG, ~/.kube/config, or a folder the user added. */
  origin: SourceOrigin
  /** For origin 'folder': the folder the user added. */
  folder?: string
  exists: boolean
  /** Set when the file exists but cannot be loaded (parse error with line, unreadable). */
  error?: import('../errors').ErrorInfo
  contextCount: number
}

/** A cluster or user entry a diagnostic is about, and the kubeconfig file that defines it. */
export interface EntryRef {
  name: string
  /** Absolute path of the defining file (relative references resolve against it). */
  file: string
}

/** Why a server did not answer, as far as the network stack says. */
/** `credentials`: nothing was sent, the credentials could not be made (an exec plugin failed). */
export type UnreachableCause = 'refused' | 'dns' | 'no-route' | 'timeout' | 'tls' | 'credentials' | 'other'

/**
 * A problem with a context, found before anyone relies on it. Facts only (paths, names, dates,
 * the system's own error text): the renderer words chips and details in the user's language.
 */
export type Diagnostic = { severity: 'error' | 'warning' } &
  /** The context names a cluster (or user) no file of the merge defines. */
  (
    | { kind: 'cluster-missing' | 'user-missing'; name: string }
    /** A file the entry refers to does not exist: `path` is the reference resolved against `entry.file`. */
    | { kind: 'file-missing'; path: string; field: 'certificate-authority' | 'client-certificate' | 'client-key' | 'tokenFile'; entry: EntryRef }
    /** The user's client certificate expired, or expires within 30 days, at `expiresAt` (ISO 8601). */
    | { kind: 'cert-expired' | 'cert-expiring'; expiresAt: string; entry: EntryRef }
    | { kind: 'cert-unreadable'; reason: string; entry: EntryRef }
    /**
     * The exec credential plugin cannot run: `path` when the command is a path (resolved against
     * the file), else `searchPath`, the login shell's PATH it is not on. `installHint` is the
     * kubeconfig's own text.
     */
    | { kind: 'exec-plugin-missing'; command: string; path?: string; searchPath?: string; installHint?: string; entry: EntryRef }
    | { kind: 'unreachable'; server: string; cause: UnreachableCause; reason: string }
  )

export type DiagnosticKind = Diagnostic['kind']

export type ContextColour = 'red' | 'orange' | 'yellow' | 'green' | 'blue' | 'purple' | 'grey'

export interface ContextEntry extends ContextRef {
  cluster: string
  user: string
  /** The context's namespace, '' when unset (kubectl shows an empty column). */
  namespace: string
  /** Server URL of the cluster this context resolves to ('' when the cluster is missing). */
  server: string
  /** True for the current context of the merged view (or of its own file, for folder sources). */
  current: boolean
  /** Set when an earlier file in the merge defines the same context name: that file wins (kubectl). */
  shadowedBy?: string
  origin: SourceOrigin
  diagnostics: Diagnostic[]
  favourite: boolean
  colour?: ContextColour
}

export interface KubeconfigOverview {
  /** Increases on every change seen (write or external edit); streams carry it too. */
  revision: number
  sources: KubeconfigSource[]
  contexts: ContextEntry[]
  /** The app's active context (the merged current-context unless a folder context was chosen). */
  active: ContextRef | null
  previous: ContextRef | null
  /** Most recently used first. */
  recents: ContextRef[]
  folders: string[]
}

export interface ImportRename {
  kind: 'context' | 'cluster' | 'user'
  from: string
  to: string
}

export interface ImportPlan {
  source: string
  /** The file the import will be written to (the file kubectl would write new entries to). */
  target: string
  contexts: string[]
  clusters: string[]
  users: string[]
  /** Names that already exist in the merged view and will be renamed before writing. */
  renames: ImportRename[]
  /** Entries already present with the same content: not written again. */
  skipped?: { kind: ImportRename['kind']; name: string }[]
}

export interface ConnectionStep {
  name: 'version' | 'readyz' | 'namespaces'
  ok: boolean
  latencyMs: number
  detail: string
}

export interface ConnectionReport {
  context: ContextRef
  server: string
  ok: boolean
  steps: ConnectionStep[]
  /** e.g. "v1.34.4" when /version answered. */
  serverVersion?: string
  error?: import('../errors').ErrorInfo
}

/** What a write through the app changed. */
export interface WriteResult {
  /** Files changed by the call (undo works per file). */
  files: string[]
  revision: number
}

export interface FileVersion {
  file: string
  /** Opaque id of a saved version, newest first in lists. */
  id: string
  savedAt: string
  reason: string
  size: number
}

/** What restoring a saved version changes: the file's text now → the version, secrets fingerprinted. */
export interface VersionDiff {
  file: string
  id: string
  existsNow: boolean
  existedThen: boolean
  /** Unified-diff hunks: lines start with ' ' (same), '-' (only now) or '+' (only in the version). */
  hunks: { oldStart: number; newStart: number; lines: string[] }[]
  /** Lines left out of a very large change. */
  omitted: number
}

/** An undo that can be undone: the file, and the change the undo took back. */
export interface Redoable {
  file: string
  reason: string
  undoneAt: string
}

/** A cluster entry as the window may see it (nothing secret in it). */
export interface ClusterView {
  name: string
  file: string
  server: string
  /** A CA file the entry points at ('' when none). */
  certificateAuthority: string
  caEmbedded: boolean
  insecure: boolean
  tlsServerName: string
  proxyUrl: string
  /** Contexts (in every file Kubedeck reads) that name this cluster. */
  usedBy: number
}

/** A user entry as the window may see it: which way it authenticates, never a secret. */
export interface UserView {
  name: string
  file: string
  auth: 'token' | 'client-certificate' | 'exec' | 'basic' | 'auth-provider' | 'none'
  hasToken: boolean
  clientCertificate: string
  clientKey: string
  certEmbedded: boolean
  execCommand: string
  execArgs: string[]
  usedBy: number
}

/** The entries a context uses, and the names a new context could use instead. */
export interface ContextEntries {
  cluster: ClusterView | null
  user: UserView | null
  clusters: string[]
  users: string[]
}

/** A cluster and user a context delete would leave unused (nothing else names them), removable with it. */
export interface DeletePreview {
  cluster?: { name: string; file: string }
  user?: { name: string; file: string }
}

/** A new context, with a new or an existing cluster and user (the new ones as kubectl's set-cluster / set-credentials flags). */
export interface NewContext {
  file: string
  name: string
  namespace?: string
  cluster: string
  user: string
  newCluster?: { server: string; certificateAuthority?: string; embedCerts?: boolean; insecureSkipTlsVerify?: boolean; tlsServerName?: string }
  newUser?: { token?: string; clientCertificate?: string; clientKey?: string; embedCerts?: boolean; execCommand?: string; execArgs?: string[]; execApiVersion?: string }
}
