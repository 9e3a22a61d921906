// The kubeconfig service as the app uses it: every source (the KUBECONFIG list merged as kubectl
// merges it, plus folder sources, each file on its own), an overview with diagnostics and the
// user's marks (which follow a context through every name Kubedeck gives it), kubectl-exact
// edits addressed by (file, name), undo and restore, import/export, connection checks, and a
// ready API client per context for the other services. External changes are watched and
// broadcast; an edit never lands on content the user has not seen change under it; a change is
// announced only once everything the app keeps about it is recorded.
import { randomBytes } from 'node:crypto'
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { KubeConfig } from '@kubernetes/client-node'
import { AppError, isAppError, renamedIn } from '../../../shared/errors'
import type {
  ConnectionReport,
  ContextColour,
  ContextEntry,
  ContextRef,
  Diagnostic,
  FileVersion,
  ContextEntries,
  DeletePreview,
  NewContext,
  Redoable,
  VersionDiff,
  ImportPlan,
  KubeconfigOverview,
  KubeconfigSource,
  SourceOrigin,
  WriteResult
} from '../../../shared/model/kubeconfig'
import { ClientFactory } from './client'
import type { ConfigAccess } from './config-access'
import { checkReachability, listNamespaces, testConnection } from './connection'
import { applyDefaults } from './defaults'
import { Diagnostician, type ContextResolution, type LocatedValue } from './diagnostics'
import type { DecodedKubeconfig, NamedEntry } from './decode'
import type { LoadedFile } from './file-cache'
import { scanFolder } from './folders'
import { KubeconfigImporter, exportContext, writeExport } from './import-export'
import type { KubectlConfig, SetClusterOptions, SetCredentialsOptions } from './kubectl-config'
import { clusterView, userView } from './entry-views'
import { resolveLoginShellPath, type LoginShellPath } from './login-shell'
import { mergeSources, type MergedConfig, type SourceFile } from './merge'
import { KubeconfigPrefsStore, type KubeconfigPrefs } from './preferences'
import type { KObject, Section } from './schema'
import { KubeconfigStorage, LOCK_TIMEOUT_MS, lockTimeoutFromEnv } from './storage'
import { typedPath } from './typed-path'
import { fileHistory, redoable, redoLastUndo, restoreVersion, undoLastWrite } from './undo'
import { versionDiff } from './version-diff'
import { KubeconfigWatcher } from './watcher'
import { t } from '../../../shared/error-messages'

/** A change to the merged kubeconfig: which files, and whether someone else made it. */
export interface KubeconfigChange {
  revision: number
  files: string[]
  /** Made outside this service (an editor, kubectl), as opposed to a write of ours. */
  external: boolean
}

/** How the service tells every window that the kubeconfig changed (they reload their list). */
export interface KubeconfigEvents {
  changed(change: KubeconfigChange): void
}

export interface KubeconfigServiceOptions {
  dataDir: string
  /** The environment kubectl would see (KUBECONFIG, HOME, SHELL, PATH). */
  env: NodeJS.ProcessEnv
  /** Resolves relative KUBECONFIG entries (default: the process's working directory). */
  cwd?: string
  events?: KubeconfigEvents
  /** Watch sources for external changes (default true). */
  watch?: boolean
  lockTimeoutMs?: number
  /** Skip asking the login shell (tests that pin PATH); the process PATH is used instead. */
  loginShell?: boolean
}

interface FolderFile {
  folder: string
  loaded: LoadedFile
}

interface Snapshot {
  merged: MergedConfig
  origin: SourceOrigin
  folderFiles: FolderFile[]
  /** Every source file by absolute path. */
  byPath: Map<string, { loaded: LoadedFile; inPrecedence: boolean }>
  /** Loading moved the user's marks along with contexts Kubedeck renamed (see followRenames). */
  marksMoved: boolean
}

const refKey = (r: ContextRef) => `${r.file}\0${r.name}`
const paths = (written: { path: string }[]) => written.map((w) => w.path)

/** name → entry of a decoded file, built once per parse (lookups by name are constant time). */
const indexes = new WeakMap<DecodedKubeconfig, Record<Section, Map<string, NamedEntry>>>()
function indexOf(c: DecodedKubeconfig): Record<Section, Map<string, NamedEntry>> {
  let idx = indexes.get(c)
  if (!idx) {
    idx = { clusters: new Map(c.clusters.map((e) => [e.name, e])), users: new Map(c.users.map((e) => [e.name, e])), contexts: new Map(c.contexts.map((e) => [e.name, e])) }
    indexes.set(c, idx)
  }
  return idx
}

/** How long diagnostics that look at the file system (missing files, PATH) are reused. */
const DIAGNOSTICS_TTL_MS = 30_000

/** An overview entry and the inputs it was made from (the cluster and user entries as found). */
interface EntryMemo {
  cluster?: KObject
  user?: KObject
  shadowedBy?: string
  at: number
  entry: ContextEntry
}

export class KubeconfigService {
  private readonly storage: KubeconfigStorage
  private readonly prefs: KubeconfigPrefsStore
  private readonly access: ConfigAccess
  private readonly kubectl: KubectlConfig
  private readonly diagnostician = new Diagnostician(null)
  private readonly clients: ClientFactory
  private readonly watcher: KubeconfigWatcher | null
  readonly loginShell: Promise<LoginShellPath>
  private revision = 0
  private snapshot: Snapshot | null = null
  private overviewCache: { revision: number; at: number; overview: KubeconfigOverview } | null = null
  /** What the user was last shown of each context: an edit refuses if it changed since. */
  private shown = new Map<string, ContextEntry>()
  private refreshing: Promise<Snapshot> | null = null
  private entries = new WeakMap<KObject, EntryMemo>()
  /** How far the write log has been read for renames (prefs keep it only when marks move). */
  private followedLog: number | null = null

  constructor(private readonly opts: KubeconfigServiceOptions) {
    this.storage = new KubeconfigStorage({ dataDir: opts.dataDir, lockTimeoutMs: opts.lockTimeoutMs ?? lockTimeoutFromEnv(opts.env) ?? LOCK_TIMEOUT_MS.app })
    this.prefs = new KubeconfigPrefsStore(opts.dataDir)
    this.kubectl = this.storage.kubectl(opts.env, opts.cwd ?? process.cwd())
    this.access = this.kubectl.access
    this.loginShell = opts.loginShell === false ? Promise.resolve({ path: opts.env.PATH ?? '', source: 'process' as const, problem: 'not asked' }) : resolveLoginShellPath(opts.env)
    void this.loginShell.then((p) => {
      this.diagnostician.setLoginPath(p.path)
      this.overviewCache = null
    })
    this.clients = new ClientFactory(async () => (await this.loginShell).path, opts.env)
    this.watcher = opts.watch === false ? null : new KubeconfigWatcher(() => void this.externalChange())
  }

  // ---- sources ---------------------------------------------------------------------------------

  private precedenceOrigin(): SourceOrigin {
    return this.access.envVarFiles().length > 0 ? 'KUBECONFIG' : 'default'
  }

  private async load(): Promise<Snapshot> {
    const marksMoved = await this.followRenames()
    const sources: SourceFile[] = []
    for (const given of this.access.precedence()) {
      // One file listed twice (under two spellings) is one source; the first definition wins anyway.
      if (given === '' || sources.some((s) => s.loaded.path === this.access.abs(given))) continue
      sources.push({ given, loaded: await this.storage.cache.load(this.access.abs(given)) })
    }
    const merged = mergeSources(sources)
    const p = await this.prefs.read()
    const inPrecedence = new Set(sources.map((s) => s.loaded.path))
    const folderFiles: FolderFile[] = []
    for (const folder of p.folders) {
      for (const path of await scanFolder(folder)) {
        if (!inPrecedence.has(path)) folderFiles.push({ folder, loaded: await this.storage.cache.load(path) })
      }
    }
    this.watcher?.update({ files: sources.map((s) => s.loaded.path), folders: p.folders })
    const byPath = new Map<string, { loaded: LoadedFile; inPrecedence: boolean }>()
    for (const f of folderFiles) byPath.set(f.loaded.path, { loaded: f.loaded, inPrecedence: false })
    for (const src of sources) byPath.set(src.loaded.path, { loaded: src.loaded, inPrecedence: true })
    return { merged, origin: this.precedenceOrigin(), folderFiles, byPath, marksMoved }
  }

  /**
   * Moves the user's marks (colour, favourite, recents) along with every context Kubedeck gave
   * another name since last time, here or in a `kubedeck config` run: renames, and the undos
   * and restores that bring earlier names back. The write log says which.
   */
  private async followRenames(): Promise<boolean> {
    const persisted = (await this.prefs.read()).followedLog
    // Never read before: the log's past predates these marks; follow from its end.
    const { entries, end } = await this.storage.writer.readLog(this.followedLog ?? persisted ?? Infinity)
    this.followedLog = end
    const changes = entries.flatMap((e) => e.files.flatMap((f) => (f.renamed?.length ? [{ file: f.path, renamed: f.renamed }] : [])))
    if (changes.length > 0 || persisted === null) await this.prefs.followRenames(changes, end)
    return changes.length > 0
  }

  /** Reloads what changed on disk; bumps the revision when anything did. */
  private async refresh(): Promise<{ snapshot: Snapshot; changed: string[] }> {
    if (!this.refreshing) this.refreshing = this.load().finally(() => (this.refreshing = null))
    const next = await this.refreshing
    // The file cache hands out the same LoadedFile until a file changes on disk.
    const before = this.snapshot?.byPath ?? new Map<string, { loaded: LoadedFile }>()
    const changed = [...new Set([...before.keys(), ...next.byPath.keys()])].filter((p) => before.get(p)?.loaded !== next.byPath.get(p)?.loaded)
    if (!this.snapshot || changed.length > 0 || (next.marksMoved && next !== this.snapshot)) {
      this.revision++
      this.diagnostician.refresh()
    }
    this.snapshot = next
    return { snapshot: next, changed }
  }

  private async externalChange(): Promise<void> {
    try {
      const { changed } = await this.refresh()
      if (changed.length > 0) this.opts.events?.changed({ revision: this.revision, files: changed, external: true })
    } catch {
      // A broken file is reported by the next overview, naming the file and line.
    }
  }

  /**
   * After a write: reload, then `record` what the app keeps about it (a switch's recents), then
   * tell every window. Whoever reloads on that event sees all of it.
   */
  private async afterWrite(written: string[], record?: (s: Snapshot) => Promise<unknown>): Promise<WriteResult> {
    const { snapshot, changed } = await this.refresh()
    if (record) {
      await record(snapshot)
      // An overview made meanwhile lacks the record: a newer revision makes the renderer reload.
      this.revision++
    }
    const files = [...new Set([...written, ...changed])]
    // The user sees our own change (the broadcast reloads the list): it is not an unseen one.
    for (const file of files) {
      for (const c of snapshot.byPath.get(file)?.loaded.config.contexts ?? []) {
        const key = refKey({ file, name: c.name })
        const seen = this.shown.get(key)
        const v = c.value
        if (seen && (seen.cluster !== v.cluster || seen.user !== v.user || seen.namespace !== v.namespace)) {
          this.shown.set(key, { ...seen, cluster: v.cluster as string, user: v.user as string, namespace: v.namespace as string })
        }
      }
    }
    this.opts.events?.changed({ revision: this.revision, files, external: false })
    return { files, revision: this.revision }
  }

  // ---- resolution ------------------------------------------------------------------------------

  private inPrecedence(s: Snapshot, file: string): boolean {
    return s.byPath.get(file)?.inPrecedence === true
  }

  /** The context, cluster and user a ref means, resolved the way kubectl would for that file. */
  private resolveRef(s: Snapshot, ref: ContextRef): ContextResolution & { winner: boolean } {
    const src = s.byPath.get(ref.file)
    const own = src && indexOf(src.loaded.config).contexts.get(ref.name)
    if (!src || !own) {
      throw new AppError({
        code: 'kubeconfig.context-not-found',
        message: t`no context "${ref.name}" in ${ref.file}`,
        file: ref.file,
        hint: t`The file may have changed; reload the list.`
      })
    }
    const context: LocatedValue = { name: ref.name, value: own.value, file: ref.file }
    if (src.inPrecedence) {
      // KUBECONFIG files: names resolve in the merged view, as kubectl resolves them.
      const cluster = s.merged.clusters.get(own.value.cluster as string)
      const user = s.merged.users.get(own.value.user as string)
      return {
        winner: s.merged.contexts.get(ref.name)?.file === ref.file,
        context,
        cluster: cluster ? { name: cluster.name, value: cluster.value, file: cluster.file } : undefined,
        user: user ? { name: user.name, value: user.value, file: user.file } : undefined
      }
    }
    const idx = indexOf(src.loaded.config)
    const cluster = idx.clusters.get(own.value.cluster as string)
    const user = idx.users.get(own.value.user as string)
    return {
      winner: false,
      context,
      cluster: cluster ? { name: cluster.name, value: cluster.value, file: ref.file } : undefined,
      user: user ? { name: user.name, value: applyDefaults('users', user.value), file: ref.file } : undefined
    }
  }

  /** kubectl config for the file a ref lives in: the merged list for its winner, else --kubeconfig=file. */
  private kubectlFor(s: Snapshot, ref: ContextRef): KubectlConfig {
    if (this.inPrecedence(s, ref.file) && s.merged.contexts.get(ref.name)?.file === ref.file) return this.kubectl
    return this.storage.kubectl(this.opts.env, this.access.cwd, ref.file)
  }

  /** Refuses to edit a context that changed on disk since the user was shown it. */
  private async freshFor(ref: ContextRef): Promise<Snapshot> {
    const { snapshot } = await this.refresh()
    const shown = this.shown.get(refKey(ref))
    const r = this.resolveRef(snapshot, ref)
    if (shown && (shown.cluster !== r.context.value.cluster || shown.user !== r.context.value.user || shown.namespace !== r.context.value.namespace)) {
      this.opts.events?.changed({ revision: this.revision, files: [ref.file], external: true })
      throw new AppError({
        code: 'kubeconfig.conflict',
        message: t`context "${ref.name}" in ${ref.file} changed on disk since it was shown; nothing was written`,
        file: ref.file,
        hint: t`The list has been reloaded with the new content: review it and try again.`
      })
    }
    return snapshot
  }

  // ---- overview --------------------------------------------------------------------------------

  async overview(): Promise<KubeconfigOverview> {
    const { snapshot: s } = await this.refresh()
    const p = await this.prefs.read()
    const cached = this.overviewCache
    if (cached && cached.revision === this.revision && Date.now() - cached.at < DIAGNOSTICS_TTL_MS) return this.withPrefs(cached.overview, s, p)
    // Files and commands the chips look at may have come or gone without any kubeconfig change.
    if (cached && cached.revision === this.revision) this.diagnostician.refresh()
    const sources: KubeconfigSource[] = []
    const contexts: ContextEntry[] = []
    const now = Date.now()
    // Entries whose inputs (the context, cluster and user entries as found) did not change are
    // reused without resolving anything again: a switch changes two "current" flags of thousands.
    const add = (file: string, c: NamedEntry, current: boolean, origin: SourceOrigin, inputs: { cluster?: KObject; user?: KObject; shadowedBy?: string }) => {
      const m = this.entries.get(c.value)
      let e =
        m && m.entry.file === file && m.cluster === inputs.cluster && m.user === inputs.user && m.shadowedBy === inputs.shadowedBy && now - m.at < DIAGNOSTICS_TTL_MS
          ? m.entry
          : undefined
      if (e && e.current !== current) e = m!.entry = { ...e, current }
      if (!e) {
        const r = this.resolveRef(s, { file, name: c.name })
        e = {
          file,
          name: c.name,
          cluster: c.value.cluster as string,
          user: c.value.user as string,
          namespace: c.value.namespace as string,
          server: (r.cluster?.value.server as string) ?? '',
          current,
          shadowedBy: inputs.shadowedBy,
          origin,
          diagnostics: this.diagnostician.diagnose(r, now),
          favourite: false
        }
        this.entries.set(c.value, { ...inputs, at: now, entry: e })
      }
      contexts.push(e)
    }
    for (const { loaded: l } of s.merged.sources) {
      sources.push({ path: l.path, origin: s.origin, exists: l.exists, error: l.error?.info, contextCount: l.config.contexts.length })
      for (const c of l.config.contexts) {
        const winnerFile = s.merged.contexts.get(c.name)!.file
        const cluster = s.merged.clusters.get(c.value.cluster as string)?.value
        const user = s.merged.users.get(c.value.user as string)?.value
        if (winnerFile === l.path) add(l.path, c, s.merged.currentContext === c.name, s.origin, { cluster, user })
        else add(l.path, c, false, s.origin, { cluster, user, shadowedBy: winnerFile })
      }
    }
    for (const f of s.folderFiles) {
      const l = f.loaded
      sources.push({ path: l.path, origin: 'folder', folder: f.folder, exists: l.exists, error: l.error?.info, contextCount: l.config.contexts.length })
      const idx = indexOf(l.config)
      for (const c of l.config.contexts) {
        add(l.path, c, l.config.currentContext === c.name, 'folder', {
          cluster: idx.clusters.get(c.value.cluster as string)?.value,
          user: idx.users.get(c.value.user as string)?.value
        })
      }
    }
    const overview: KubeconfigOverview = { revision: this.revision, sources, contexts, active: null, previous: null, recents: [], folders: [] }
    this.overviewCache = { revision: this.revision, at: Date.now(), overview }
    this.shown = new Map(contexts.map((c) => [refKey(c), c]))
    return this.withPrefs(overview, s, p)
  }

  private exists(s: Snapshot, ref: ContextRef | null): boolean {
    if (!ref) return false
    try {
      this.resolveRef(s, ref)
      return true
    } catch {
      return false
    }
  }

  private active(s: Snapshot, p: KubeconfigPrefs): ContextRef | null {
    const fa = p.folderActive
    if (fa && fa.mergedCurrent === s.merged.currentContext && this.exists(s, fa.ref)) return fa.ref
    const winner = s.merged.contexts.get(s.merged.currentContext)
    return winner ? { file: winner.file, name: winner.name } : null
  }

  private withPrefs(o: KubeconfigOverview, s: Snapshot, p: KubeconfigPrefs): KubeconfigOverview {
    return {
      ...o,
      contexts: o.contexts.map((c) => {
        const m = p.marks[c.file]?.[c.name]
        return m ? { ...c, favourite: m.favourite === true, colour: m.colour } : c
      }),
      active: this.active(s, p),
      previous: p.previous && this.exists(s, p.previous) ? p.previous : null,
      recents: p.recents.filter((r) => this.exists(s, r)),
      folders: [...p.folders]
    }
  }

  // ---- switching -------------------------------------------------------------------------------

  async useContext(ref: ContextRef): Promise<WriteResult & { active: ContextRef }> {
    const s = await this.freshFor(ref)
    const r = this.resolveRef(s, ref)
    const inPrecedence = this.inPrecedence(s, ref.file)
    if (inPrecedence && !r.winner) {
      const winner = s.merged.contexts.get(ref.name)!
      throw new AppError({
        code: 'kubeconfig.shadowed',
        message: t`context "${ref.name}" in ${ref.file} is shadowed by the one in ${winner.file}; kubectl can only use that one`,
        file: ref.file,
        hint: t`Rename one of them, or change the order of your KUBECONFIG list.`
      })
    }
    const from = this.active(s, await this.prefs.read())
    const m = await this.kubectlFor(s, ref).useContext(ref.name)
    const result = await this.afterWrite(paths(m.written), (after) => this.prefs.switched(from, ref, inPrecedence ? null : { ref, mergedCurrent: after.merged.currentContext }))
    return { ...result, active: ref }
  }

  async usePrevious(): Promise<WriteResult & { active: ContextRef }> {
    const { snapshot } = await this.refresh()
    const p = await this.prefs.read()
    if (!p.previous || !this.exists(snapshot, p.previous)) {
      throw new AppError({ code: 'kubeconfig.no-previous', message: t`there is no previous context to switch back to`, hint: t`Switch contexts once; "-" then goes back.` })
    }
    return this.useContext(p.previous)
  }

  // ---- edits -----------------------------------------------------------------------------------

  async setContext(ref: ContextRef, fields: { namespace?: string; cluster?: string; user?: string }): Promise<WriteResult> {
    const s = await this.freshFor(ref)
    const m = await this.kubectlFor(s, ref).setContext({ name: ref.name, ...fields })
    return this.afterWrite(paths(m.written))
  }

  /**
   * Gives the context's user a new client certificate and key (embedded; file references are
   * cleared), as one undoable write saved under `reason`. For the certificate wizard: the key
   * was made in this process and goes nowhere but the file.
   */
  async setClientCertificate(ref: ContextRef, o: { certPem: string; keyPem: string; reason: string }): Promise<WriteResult & { file: string; user: string }> {
    const s = await this.freshFor(ref)
    const user = this.resolveRef(s, ref).user
    if (!user)
      throw new AppError({ code: 'kubeconfig.user-missing', message: t`context "${ref.name}" in ${ref.file} names no user entry to give the certificate to`, file: ref.file })
    const m = await this.kubectlFor(s, ref).setCredentials(user.name, {
      clientCertificateData: Buffer.from(o.certPem).toString('base64'),
      clientKeyData: Buffer.from(o.keyPem).toString('base64'),
      reason: o.reason
    })
    return { ...(await this.afterWrite(paths(m.written))), file: user.file, user: user.name }
  }

  /** Puts back the version saved before the write made with `reason` (none: null). */
  async restoreBefore(ref: ContextRef, reason: string): Promise<{ file: string } | null> {
    const { snapshot } = await this.refresh()
    const file = this.resolveRef(snapshot, ref).user?.file ?? ref.file
    const version = (await this.history(file)).find((v) => v.reason === reason)
    if (!version) return null
    await this.restore(file, version.id)
    return { file }
  }

  async renameContext(ref: ContextRef, newName: string): Promise<WriteResult & { context: ContextRef }> {
    const s = await this.freshFor(ref)
    // The user's marks follow through the write log, as for a rename made by the CLI.
    const m = await this.kubectlFor(s, ref).renameContext(ref.name, newName)
    return { ...(await this.afterWrite(paths(m.written))), context: { file: ref.file, name: newName } }
  }

  /** Deletes a context and, when asked, the cluster and user entries it leaves unused, as one undoable write. */
  async deleteContext(ref: ContextRef, also: { cluster?: boolean; user?: boolean } = {}): Promise<WriteResult> {
    const s = await this.freshFor(ref)
    const k = this.kubectlFor(s, ref)
    // Computed again here: only entries nothing else names, in the context's own file.
    const left = this.leftBehind(s, ref)
    const edits = [k.deleteEdit('contexts', 'context', ref.name)]
    const gone = [`delete-context ${ref.name}`]
    if (also.cluster && left.cluster) edits.push(k.deleteEdit('clusters', 'cluster', left.cluster.name)), gone.push(`cluster ${left.cluster.name}`)
    if (also.user && left.user) edits.push(k.deleteEdit('users', 'user', left.user.name)), gone.push(`user ${left.user.name}`)
    return this.afterWrite(paths(await k.apply(gone.join(', '), edits)))
  }

  /** The cluster and user a delete of `ref` would leave unused. */
  async deletePreview(ref: ContextRef): Promise<DeletePreview> {
    const { snapshot } = await this.refresh()
    return this.leftBehind(snapshot, ref)
  }

  private leftBehind(s: Snapshot, ref: ContextRef): DeletePreview {
    const r = this.resolveRef(s, ref)
    const others = this.usage(s).filter((u) => !(u.file === ref.file && u.name === ref.name))
    const out: DeletePreview = {}
    if (r.cluster && r.cluster.file === ref.file && !others.some((u) => u.cluster === r.cluster!.name)) out.cluster = { name: r.cluster.name, file: r.cluster.file }
    if (r.user && r.user.file === ref.file && !others.some((u) => u.user === r.user!.name)) out.user = { name: r.user.name, file: r.user.file }
    return out
  }

  /** Every context of every file Kubedeck reads, by the cluster and user names it gives: who uses an entry. */
  private usage(s: Snapshot): { file: string; name: string; cluster: string; user: string }[] {
    const out: { file: string; name: string; cluster: string; user: string }[] = []
    for (const [file, src] of s.byPath) {
      for (const c of src.loaded.config.contexts) out.push({ file, name: c.name, cluster: String(c.value.cluster ?? ''), user: String(c.value.user ?? '') })
    }
    return out
  }

  // ---- clusters and users ----------------------------------------------------------------------

  /** The cluster and user a context uses (nothing secret), and the names its file can resolve. */
  async contextEntries(ref: ContextRef): Promise<ContextEntries> {
    const { snapshot: s } = await this.refresh()
    const r = this.resolveRef(s, ref)
    const uses = this.usage(s)
    return {
      cluster: r.cluster ? clusterView(r.cluster.name, r.cluster.file, r.cluster.value, uses.filter((u) => u.cluster === r.cluster!.name).length) : null,
      user: r.user ? userView(r.user.name, r.user.file, r.user.value, uses.filter((u) => u.user === r.user!.name).length) : null,
      ...this.namesFor(s, ref.file)
    }
  }

  /** The cluster and user names a context in `file` can use (the merged view's for KUBECONFIG files). */
  async entryNames(file: string): Promise<{ clusters: string[]; users: string[] }> {
    const { snapshot } = await this.refresh()
    return this.namesFor(snapshot, file)
  }

  private namesFor(s: Snapshot, file: string): { clusters: string[]; users: string[] } {
    const src = s.byPath.get(file)
    if (!src) return { clusters: [], users: [] }
    if (src.inPrecedence) return { clusters: [...s.merged.clusters.keys()].sort(), users: [...s.merged.users.keys()].sort() }
    const idx = indexOf(src.loaded.config)
    return { clusters: [...idx.clusters.keys()].sort(), users: [...idx.users.keys()].sort() }
  }

  /** Edits the cluster entry a context uses (kubectl config set-cluster, where kubectl would write it). */
  async setCluster(ref: ContextRef, o: SetClusterOptions): Promise<WriteResult> {
    const s = await this.freshFor(ref)
    const cluster = this.resolveRef(s, ref).cluster
    if (!cluster) throw this.missingEntry(ref, 'cluster', s)
    const k = this.kubectlFor(s, ref)
    return this.afterWrite(paths(await k.apply(`set-cluster ${cluster.name}`, [await k.clusterEdit(cluster.name, this.typedFiles(o))])))
  }

  /** Edits the user entry a context uses (kubectl config set-credentials); secrets come in, never go out. */
  async setCredentials(ref: ContextRef, o: SetCredentialsOptions): Promise<WriteResult> {
    const s = await this.freshFor(ref)
    const user = this.resolveRef(s, ref).user
    if (!user) throw this.missingEntry(ref, 'user', s)
    const k = this.kubectlFor(s, ref)
    return this.afterWrite(paths(await k.apply(`set-credentials ${user.name}`, [await k.credentialsEdit(user.name, this.typedFiles(o))])))
  }

  private missingEntry(ref: ContextRef, what: 'cluster' | 'user', s: Snapshot): AppError {
    const named = String(this.resolveRef(s, ref).context.value[what] ?? '')
    return new AppError({
      code: 'kubeconfig.entry-missing',
      message: what === 'cluster' ? t`context "${ref.name}" uses cluster "${named}", which no kubeconfig defines` : t`context "${ref.name}" uses user "${named}", which no kubeconfig defines`,
      file: ref.file,
      hint: t`Add the entry with New context…, or point the context at an entry that exists.`
    })
  }

  /**
   * A new context in `file`, with a new or existing cluster and user, as one undoable write. It is
   * written to that file (as kubectl --kubeconfig=file would), whichever file comes first.
   */
  async createContext(o: NewContext): Promise<WriteResult & { context: ContextRef }> {
    const { snapshot: s } = await this.refresh()
    const src = s.byPath.get(o.file)
    if (!src) {
      throw new AppError({ code: 'kubeconfig.not-a-source', message: t`${o.file} is not a kubeconfig Kubedeck reads; nothing was written`, file: o.file, hint: t`Pick one of the files in the list.` })
    }
    const own = indexOf(src.loaded.config)
    const exists = (what: string, name: string) =>
      new AppError({ code: 'kubeconfig.exists', message: t`${what} "${name}" already exists in ${o.file}; nothing was written`, file: o.file, hint: t`Choose another name, or edit the existing entry.` })
    if (own.contexts.has(o.name)) throw exists('context', o.name)
    if (o.newCluster && own.clusters.has(o.cluster)) throw exists('cluster', o.cluster)
    if (o.newUser && own.users.has(o.user)) throw exists('user', o.user)
    const k = this.storage.kubectl(this.opts.env, this.access.cwd, o.file)
    const edits = [
      ...(o.newCluster ? [await k.clusterEdit(o.cluster, this.typedFiles(o.newCluster))] : []),
      ...(o.newUser ? [await k.credentialsEdit(o.user, this.typedFiles(o.newUser))] : []),
      k.contextEdit(o.name, { cluster: o.cluster, user: o.user, namespace: o.namespace })
    ]
    const written = await k.apply(`new context ${o.name}`, edits)
    return { ...(await this.afterWrite(paths(written))), context: { file: o.file, name: o.name } }
  }

  async setPreferences(ref: ContextRef, marks: { favourite?: boolean; colour?: ContextColour | null }): Promise<void> {
    await this.prefs.update((p) => {
      const byName = (p.marks[ref.file] ??= {})
      const m = { ...byName[ref.name] }
      if (marks.favourite !== undefined) m.favourite = marks.favourite || undefined
      if (marks.colour !== undefined) m.colour = marks.colour ?? undefined
      if (m.favourite === undefined && m.colour === undefined) delete byName[ref.name]
      else byName[ref.name] = m
    })
    // A new revision, so every window (not only the one that asked) reloads the list.
    this.revision++
    this.opts.events?.changed({ revision: this.revision, files: [], external: false })
  }

  /** A path the user typed: absolute or ~/…, never relative to wherever the app was started. */
  private typed(path: string, what: string): string {
    return typedPath(path, this.access.home, what)
  }

  /** The files an entry edit names, as typed in the window: ~/… expanded, relative refused ('' clears). */
  private typedFiles<T extends { certificateAuthority?: string; clientCertificate?: string; clientKey?: string }>(o: T): T {
    const file = (v: string | undefined, what: string) => (v ? this.typed(v, what) : v)
    return {
      ...o,
      certificateAuthority: file(o.certificateAuthority, 'The certificate authority file'),
      clientCertificate: file(o.clientCertificate, 'The client certificate file'),
      clientKey: file(o.clientKey, 'The client key file')
    }
  }

  async addFolder(path: string): Promise<KubeconfigOverview> {
    const folder = this.typed(path, 'The folder to add')
    await this.prefs.update((p) => {
      if (!p.folders.includes(folder)) p.folders.push(folder)
    })
    this.overviewCache = null
    return this.overview()
  }

  async removeFolder(path: string): Promise<KubeconfigOverview> {
    const folder = this.typed(path, 'The folder to remove')
    await this.prefs.update((p) => {
      p.folders = p.folders.filter((f) => f !== folder)
      if (p.folderActive && p.folderActive.ref.file.startsWith(folder + '/')) p.folderActive = null
    })
    this.overviewCache = null
    return this.overview()
  }

  // ---- import / export / view / undo -----------------------------------------------------------

  async importPreview(path: string): Promise<ImportPlan> {
    return new KubeconfigImporter(this.kubectl, this.storage).preview(this.typed(path, 'The file to import'))
  }

  /**
   * Previews the import of a kubeconfig given as text (picked, dropped or pasted in a window that
   * cannot name a path). The text is staged 0600 in the private data folder, named after the
   * file it came from, so the plan and its apply read the same bytes; staged files older than a
   * day are removed.
   */
  async importPreviewText(text: string, name?: string): Promise<ImportPlan> {
    const dir = join(this.opts.dataDir, 'imports')
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const now = Date.now()
    for (const f of await readdir(dir).catch(() => [] as string[])) {
      const st = await stat(join(dir, f)).catch(() => null)
      if (st && now - st.mtimeMs > 86_400_000) await rm(join(dir, f), { force: true })
    }
    const safe = (name ?? 'pasted').replace(/[^\w.-]+/g, '_').slice(0, 80) || 'pasted'
    const file = join(dir, `${new Date(now).toISOString().replace(/[-:.]/g, '')}-${randomBytes(3).toString('hex')}-${safe}`)
    await writeFile(file, text, { mode: 0o600, flag: 'wx' })
    // The staged copy is Kubedeck's business: what is wrong is said of the name the text came with.
    return this.importPreview(file).catch((e: unknown) => {
      throw isAppError(e) ? AppError.of(renamedIn(e.info, file, name ?? 'pasted text')) : e
    })
  }

  /** The PATH exec plugins run with, and how long a write waits for a lock (for the Settings page). */
  async about(): Promise<{ loginPath: { path: string; source: 'login-shell' | 'process'; problem?: string }; lockTimeoutMs: number }> {
    return { loginPath: await this.loginShell, lockTimeoutMs: this.storage.lockTimeoutMs }
  }

  async importApply(plan: ImportPlan): Promise<WriteResult> {
    const written = await new KubeconfigImporter(this.kubectl, this.storage).apply(plan)
    return this.afterWrite(paths(written))
  }

  async export(ref: ContextRef, path: string): Promise<{ path: string }> {
    const target = this.typed(path, 'The file to export to')
    if ((await stat(target).catch(() => null))?.isDirectory()) {
      throw new AppError({
        code: 'input.path-is-folder',
        message: t`${target} is a folder; nothing was written`,
        file: target,
        hint: t`Give the path of a file in it, e.g. ${join(target, `${ref.name}.kubeconfig`)}.`
      })
    }
    await writeExport(this.storage, target, await this.minifiedConfig(ref))
    return { path: target }
  }

  /**
   * One context as a standalone kubeconfig (`kubectl config view --minify --flatten --raw`),
   * resolved through the merged view or its own file as kubectl would. Holds secrets: for
   * main-process consumers only (export, a local shell's pinned KUBECONFIG).
   */
  async minifiedConfig(ref: ContextRef): Promise<string> {
    const { snapshot } = await this.refresh()
    return exportContext(this.kubectlFor(snapshot, ref), ref.name)
  }

  /** Redacted YAML: kubectl's view redaction plus auth-provider and exec-env secrets. */
  async view(opts: { context?: ContextRef; minify: boolean; flatten: boolean }): Promise<{ yaml: string }> {
    const { snapshot } = await this.refresh()
    const kubectl = opts.context ? this.kubectlFor(snapshot, opts.context) : this.kubectl
    const yaml = await kubectl.view({
      minify: opts.minify || opts.context !== undefined,
      flatten: opts.flatten,
      raw: false,
      output: 'yaml',
      context: opts.context?.name,
      hideAllSecrets: true
    })
    return { yaml }
  }

  history(file: string): Promise<FileVersion[]> {
    return fileHistory(this.storage, this.typed(file, 'The kubeconfig file'))
  }

  async undo(file?: string): Promise<WriteResult & { restored: FileVersion }> {
    const r = await undoLastWrite(this.storage, file && this.typed(file, 'The kubeconfig file'))
    return { ...(await this.afterWrite(r.files)), restored: r.restored[0] }
  }

  /** Undoes the last undo (of `file`, or the most recent): what it replaced is written back. */
  async redo(file?: string): Promise<WriteResult & { reason: string }> {
    const r = await redoLastUndo(this.storage, file && this.typed(file, 'The kubeconfig file'))
    return { ...(await this.afterWrite(r.files)), reason: r.reason }
  }

  redoable(file?: string): Promise<Redoable | null> {
    return redoable(this.storage, file && this.typed(file, 'The kubeconfig file'))
  }

  /** What restoring version `id` of `file` would change, secrets fingerprinted. */
  versionDiff(file: string, id: string): Promise<VersionDiff> {
    return versionDiff(this.storage, this.typed(file, 'The kubeconfig file'), id)
  }

  async restore(file: string, id: string): Promise<WriteResult & { restored: FileVersion }> {
    const r = await restoreVersion(this.storage, this.typed(file, 'The kubeconfig file'), id)
    return { ...(await this.afterWrite(r.files)), restored: r.restored }
  }

  // ---- clusters --------------------------------------------------------------------------------

  /**
   * A ready client configuration for a context, with its own auth (exec plugins run on the login
   * shell's PATH). Ask again for each operation: credentials are cached until they expire.
   */
  async clientFor(ref: ContextRef): Promise<KubeConfig> {
    const { snapshot } = await this.refresh()
    return this.clients.build(this.resolveRef(snapshot, ref))
  }

  async testConnection(ref: ContextRef): Promise<ConnectionReport> {
    let kc: KubeConfig
    try {
      kc = await this.clientFor(ref)
    } catch (e) {
      const info = e instanceof AppError ? e.info : { code: 'internal', message: (e as Error).message }
      return { context: ref, server: '', ok: false, steps: [], error: info }
    }
    return testConnection(ref, kc)
  }

  async checkReachability(ref: ContextRef): Promise<Diagnostic | null> {
    const { snapshot } = await this.refresh()
    const resolution = this.resolveRef(snapshot, ref)
    const credentials = this.diagnostician.diagnose(resolution, Date.now()).find((d) => d.kind === 'exec-plugin-missing')
    let kc: KubeConfig
    try {
      kc = await this.clients.build(resolution)
    } catch (e) {
      // The client could not be made (its exec plugin is missing or failed): that is the cause, not the network.
      if (!(e instanceof AppError)) throw e
      return credentials ?? { kind: 'unreachable', severity: 'error', server: (resolution.cluster?.value.server as string) ?? '', cause: 'credentials', reason: e.info.message }
    }
    return checkReachability(kc, credentials)
  }

  async namespaces(ref: ContextRef): Promise<{ names: string[]; reachable: boolean; error?: string }> {
    let kc: KubeConfig
    try {
      kc = await this.clientFor(ref)
    } catch (e) {
      return { names: [], reachable: false, error: (e as Error).message }
    }
    return listNamespaces(kc)
  }

  close(): void {
    this.watcher?.close()
  }
}
