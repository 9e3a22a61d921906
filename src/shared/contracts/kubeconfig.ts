// Kubeconfig calls: listing, kubectl's config verbs, import/export, undo and connection checks.
import { z } from 'zod'
import { call, stream } from './define'
import type {
  ConnectionReport,
  ContextRef,
  FileVersion,
  ImportPlan,
  KubeconfigOverview,
  Diagnostic,
  ContextColour,
  ContextEntries,
  DeletePreview,
  Redoable,
  VersionDiff,
  WriteResult
} from '../model/kubeconfig'

const nonEmpty = z.string().min(1)
export const contextRefSchema = z.object({ file: nonEmpty, name: nonEmpty })

const entryKind = z.enum(['cluster', 'user', 'context'])
/** An absolute path on this machine (POSIX, or a Windows drive or share). */
const absolutePath = z
  .string()
  .min(1)
  .max(4096)
  .regex(/^(\/|[A-Za-z]:[\\/]|\\\\)[^\0\n\r]*$/, 'an absolute path')
const entryName = z.string().min(1).max(253)
const importPlanSchema: z.ZodType<ImportPlan> = z.object({
  source: absolutePath,
  target: absolutePath,
  contexts: z.array(entryName),
  clusters: z.array(entryName),
  users: z.array(entryName),
  renames: z.array(z.object({ kind: entryKind, from: entryName, to: entryName })),
  skipped: z.array(z.object({ kind: entryKind, name: entryName })).optional()
})
const colours = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'grey'] as const satisfies readonly ContextColour[]

/** set-cluster's flags the app edits; a file path as typed (~/… or absolute). */
const clusterFields = {
  server: z.string().min(1).max(2048).optional(),
  certificateAuthority: z.string().max(4096).optional(),
  embedCerts: z.boolean().optional(),
  insecureSkipTlsVerify: z.boolean().optional(),
  tlsServerName: z.string().max(253).optional(),
  proxyUrl: z.string().max(2048).optional()
}
/** set-credentials' flags the app edits. */
const userFields = {
  token: z.string().max(65536).optional(),
  clientCertificate: z.string().max(4096).optional(),
  clientKey: z.string().max(4096).optional(),
  embedCerts: z.boolean().optional(),
  execCommand: z.string().min(1).max(4096).optional(),
  execArgs: z.array(z.string().max(4096)).max(64).optional(),
  execApiVersion: z.string().max(253).optional()
}

export const kubeconfigCalls = {
  'kubeconfig.overview': call<KubeconfigOverview>()(z.object({})),
  /** Persisted switch, written where kubectl would write current-context. */
  'kubeconfig.useContext': call<WriteResult & { active: ContextRef }>()(z.object({ context: contextRefSchema })),
  /** The `-` of the quick switcher. */
  'kubeconfig.usePrevious': call<WriteResult & { active: ContextRef }>()(z.object({})),
  /** kubectl config set-context: only the fields given change. */
  'kubeconfig.setContext': call<WriteResult>()(
    z.object({
      context: contextRefSchema,
      namespace: z.string().optional(),
      cluster: z.string().optional(),
      user: z.string().optional()
    })
  ),
  'kubeconfig.renameContext': call<WriteResult & { context: ContextRef }>()(z.object({ context: contextRefSchema, newName: nonEmpty })),
  /** Deletes a context; `alsoCluster`/`alsoUser` remove the entries it leaves unused too (see deletePreview), in the same write. */
  'kubeconfig.deleteContext': call<WriteResult>()(z.object({ context: contextRefSchema, alsoCluster: z.boolean().optional(), alsoUser: z.boolean().optional() })),
  'kubeconfig.deletePreview': call<DeletePreview>()(z.object({ context: contextRefSchema })),
  /** The cluster and user a context uses, without secrets, and the names its file can resolve. */
  'kubeconfig.contextEntries': call<ContextEntries>()(z.object({ context: contextRefSchema })),
  'kubeconfig.entryNames': call<{ clusters: string[]; users: string[] }>()(z.object({ file: nonEmpty })),
  /** kubectl config set-cluster on the cluster entry the context uses. */
  'kubeconfig.setCluster': call<WriteResult>()(z.object({ context: contextRefSchema, ...clusterFields })),
  /** kubectl config set-credentials on the user entry the context uses (a token typed here goes to the file only). */
  'kubeconfig.setCredentials': call<WriteResult>()(z.object({ context: contextRefSchema, ...userFields })),
  /** A new context in `file`, with a new or existing cluster and user, as one undoable write. */
  'kubeconfig.createContext': call<WriteResult & { context: ContextRef }>()(
    z.object({
      file: nonEmpty,
      name: entryName,
      namespace: z.string().max(63).optional(),
      cluster: entryName,
      user: entryName,
      newCluster: z.object({ ...clusterFields, server: z.string().min(1).max(2048) }).optional(),
      newUser: z.object(userFields).optional()
    })
  ),
  /** Paths typed by the user (import, export, folders): absolute, or ~/… for their home; relative ones are refused. */
  'kubeconfig.importPreview': call<ImportPlan>()(z.object({ path: nonEmpty })),
  /**
   * The same for a kubeconfig's text (a file picked or dropped in the window, or pasted): main
   * keeps it in a private file of its data folder until the import is applied.
   */
  'kubeconfig.importPreviewText': call<ImportPlan>()(
    z.object({
      text: z
        .string()
        .min(1)
        .max(8 * 1024 * 1024, 'at most 8 MiB'),
      name: z.string().max(255).optional()
    })
  ),
  /** Applies exactly the plan that was shown; refuses if the source or target changed since. */
  /** Applies a plan from importPreview (computed again from the source: refused if anything changed since). */
  'kubeconfig.importApply': call<WriteResult>()(z.object({ plan: importPlanSchema })),
  /** Writes a standalone, flattened kubeconfig of one context to `path` (0600); secrets never leave main. */
  'kubeconfig.export': call<{ path: string }>()(z.object({ context: contextRefSchema, path: nonEmpty })),
  /** Redacted YAML of the merged view (or one context with minify). */
  'kubeconfig.view': call<{ yaml: string }>()(z.object({ context: contextRefSchema.optional(), minify: z.boolean().default(false), flatten: z.boolean().default(false) })),
  'kubeconfig.history': call<FileVersion[]>()(z.object({ file: nonEmpty })),
  /** Restores the version before the last write of `file` (or of the last written file). */
  'kubeconfig.undo': call<WriteResult & { restored: FileVersion }>()(z.object({ file: nonEmpty.optional() })),
  /** Undoes the last undo (of `file`, or the most recent one): what the undo replaced is written back, undoably. */
  'kubeconfig.redo': call<WriteResult & { reason: string }>()(z.object({ file: nonEmpty.optional() })),
  /** What redo would put back, or null. */
  'kubeconfig.redoable': call<Redoable | null>()(z.object({ file: nonEmpty.optional() })),
  /** What restoring version `id` of `file` changes (the file now → the version), secrets fingerprinted. */
  'kubeconfig.versionDiff': call<VersionDiff>()(z.object({ file: nonEmpty, id: nonEmpty })),
  /** Puts back one saved version of `file` (from `history`); the content it replaces is saved, so this is undoable too. */
  'kubeconfig.restore': call<WriteResult & { restored: FileVersion }>()(z.object({ file: nonEmpty, id: nonEmpty })),
  'kubeconfig.addFolder': call<KubeconfigOverview>()(z.object({ path: nonEmpty })),
  'kubeconfig.removeFolder': call<KubeconfigOverview>()(z.object({ path: nonEmpty })),
  'kubeconfig.setPreferences': call<void>()(z.object({ context: contextRefSchema, favourite: z.boolean().optional(), colour: z.enum(colours).nullable().optional() })),
  'kubeconfig.testConnection': call<ConnectionReport>()(z.object({ context: contextRefSchema })),
  /** On-demand reachability diagnostic (never blocks switching). */
  'kubeconfig.checkReachability': call<Diagnostic | null>()(z.object({ context: contextRefSchema })),
  'kubeconfig.namespaces': call<{ names: string[]; reachable: boolean; error?: string }>()(z.object({ context: contextRefSchema }))
} as const

export const kubeconfigStreams = {
  /** Something changed (a write of ours or an external edit): reload the overview. */
  'kubeconfig.changed': stream<{ revision: number; files: string[]; external: boolean }>()
} as const
