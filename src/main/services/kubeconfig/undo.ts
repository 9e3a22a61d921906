// Undo, restore and history of kubeconfig writes. Undo restores the version saved before
// Kubedeck's last write, but only while the file is exactly as Kubedeck last left it (same stat
// identity as recorded right after that write, or after the undo that restored it): if anything
// changed it since (kubectl, an editor), undoing would silently drop that change, so it refuses.
// Restore puts back any saved version as a new write: what it replaces is saved first, so nothing
// is lost whoever changed the file, and it can be undone like any other write.
//
// Both say in the log which contexts get their earlier names back, so the marks Kubedeck keeps
// per context (colour, favourite, recents) follow the context rather than the name.
//
// An undo keeps what it replaced (the redo store), so the undo itself can be undone: redo puts
// that back as a write of its own, while nothing but undos and redos touched the file since.
import { readFile, unlink } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import type { FileVersion } from '../../../shared/model/kubeconfig'
import { atomicWriteFile, followLinks, type SavedVersion } from '../files'
import { statStamp } from './file-cache'
import { withLocks } from './lock'
import type { KubeconfigStorage } from './storage'
import { stampKey, type ContextRename, type WriteLogEntry } from './writer'
import { t } from '../../../shared/error-messages'

const toFileVersion = (v: SavedVersion): FileVersion => ({ file: v.file, id: v.id, savedAt: v.savedAt, reason: v.reason, size: v.size })

/** Saved versions of a file, newest first. */
export async function fileHistory(storage: KubeconfigStorage, file: string): Promise<FileVersion[]> {
  return (await storage.history.list(await followLinks(file))).map(toFileVersion)
}

const historyHint = (file: string) => t`See the saved versions with \`kubedeck config history ${file}\`, and put one back with \`kubedeck config restore ${file} VERSION\`.`

interface UndoStep {
  path: string
  version: SavedVersion
  renamed?: ContextRename[]
}

/** The write to undo: the last one touching `file`, or the last one at all. */
async function pickWrite(storage: KubeconfigStorage, log: WriteLogEntry[], file?: string): Promise<UndoStep[]> {
  for (let i = log.length - 1; i >= 0; i--) {
    const entry = log[i]
    if (entry.undo) continue
    const files = file ? entry.files.filter((f) => f.path === file) : entry.files
    if (files.length === 0) continue
    const steps: UndoStep[] = []
    for (const f of files) {
      // Only a file's newest version can be undone; an undone (dropped) one is skipped.
      const [newest] = await storage.history.list(f.path)
      if (!newest || newest.id !== f.versionId) break
      steps.push({ path: f.path, version: newest, renamed: f.renamed })
    }
    if (steps.length === files.length) return steps
  }
  throw new AppError({
    code: 'kubeconfig.nothing-to-undo',
    message: file ? t`Kubedeck has no earlier version of ${file} to restore` : t`Kubedeck has not written any kubeconfig it can undo`,
    file,
    hint: file ? historyHint(file) : undefined
  })
}

/** The stat identity Kubedeck last left `path` with (after a write or an undo). */
function lastKnownStamp(log: WriteLogEntry[], path: string): string | null | undefined {
  for (let i = log.length - 1; i >= 0; i--) {
    const f = log[i].files.find((x) => x.path === path)
    if (f) return f.afterStamp
  }
  return undefined
}

const inverse = (renamed: readonly ContextRename[] | undefined): ContextRename[] | undefined => (renamed?.length ? renamed.map((r) => ({ from: r.to, to: r.from })) : undefined)

export interface UndoResult {
  files: string[]
  restored: FileVersion[]
}

export async function undoLastWrite(storage: KubeconfigStorage, file?: string): Promise<UndoResult> {
  const { entries: log } = await storage.writer.readLog()
  // The log and the history name the files written: a link's target.
  const steps = await pickWrite(storage, log, file === undefined ? undefined : await followLinks(file))
  return withLocks(
    steps.map((s) => s.path),
    { timeoutMs: storage.lockTimeoutMs },
    async () => {
      for (const s of steps) {
        if (stampKey(await statStamp(s.path)) !== lastKnownStamp(log, s.path)) {
          throw new AppError({
            code: 'kubeconfig.changed-since',
            message: t`${s.path} changed after Kubedeck last wrote it; undoing "${s.version.reason}" would drop that change, so nothing was restored`,
            file: s.path,
            hint: historyHint(s.path)
          })
        }
      }
      const redoIds: string[] = []
      for (const s of steps) {
        const undone = await readFile(s.path).catch((e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') return null
          throw e
        })
        // Undoing a redo: what can be redone again is the change itself, not "redo …".
        redoIds.push((await storage.redo.save(s.path, undone, s.version.reason.replace(/^redo /, ''))).id)
        const content = await storage.history.read(s.version)
        if (content === null) await unlink(s.path).catch(() => undefined)
        else await atomicWriteFile(s.path, content)
        await storage.history.drop(s.version)
        storage.cache.forget(s.path)
      }
      await storage.writer.record({
        id: `undo-${steps[0].version.id}`,
        reason: `undo ${steps[0].version.reason}`,
        undo: true,
        files: steps.map((s, i) => ({ path: s.path, versionId: s.version.id, renamed: inverse(s.renamed), redoId: redoIds[i] }))
      })
      return { files: steps.map((s) => s.path), restored: steps.map((s) => toFileVersion(s.version)) }
    }
  )
}

/** An undo that can be undone: its entry, and per file the version it replaced (in the redo store). */
interface Redoable {
  entry: WriteLogEntry
  files: { path: string; version: SavedVersion; renamed?: ContextRename[] }[]
}

/**
 * The latest undo (of `file`, or of any file) whose replaced content is still kept, while no
 * write other than undos and redos touched its files since (such a write would be lost).
 */
async function pickUndo(storage: KubeconfigStorage, log: WriteLogEntry[], file?: string): Promise<Redoable | null> {
  const written = new Set<string>()
  for (let i = log.length - 1; i >= 0; i--) {
    const entry = log[i]
    const touches = (p: string) => file === undefined || p === file
    if (!entry.undo) {
      if (!entry.redo) for (const f of entry.files) written.add(f.path)
      continue
    }
    if (!entry.files.some((f) => touches(f.path))) continue
    if (entry.files.some((f) => written.has(f.path))) return null
    const files: Redoable['files'] = []
    for (const f of entry.files) {
      const version = f.redoId ? (await storage.redo.list(f.path)).find((v) => v.id === f.redoId) : undefined
      if (version) files.push({ path: f.path, version, renamed: inverse(f.renamed) })
    }
    // Redone already (its versions were taken out): an earlier undo may still be redone.
    if (files.length === entry.files.length) return { entry, files }
  }
  return null
}

/** What redo would put back (of `file`, or of the most recent undo), or null when nothing can be. */
export async function redoable(storage: KubeconfigStorage, file?: string): Promise<{ file: string; reason: string; undoneAt: string } | null> {
  const { entries } = await storage.writer.readLog()
  const r = await pickUndo(storage, entries, file === undefined ? undefined : await followLinks(file))
  return r && { file: r.files[0].path, reason: r.files[0].version.reason, undoneAt: r.entry.at }
}

/** Undoes the last undo (of `file`, or the most recent one): what it replaced is written back, as an undoable write. */
export async function redoLastUndo(storage: KubeconfigStorage, file?: string): Promise<{ files: string[]; reason: string }> {
  const { entries: log } = await storage.writer.readLog()
  const r = await pickUndo(storage, log, file === undefined ? undefined : await followLinks(file))
  if (!r) {
    throw new AppError({
      code: 'kubeconfig.nothing-to-redo',
      message: file ? t`There is no undo of ${file} to redo` : t`There is no undo to redo`,
      file,
      hint: t`Redo puts back what an undo replaced, until another change is made to the file.`
    })
  }
  const files: string[] = []
  for (const f of r.files) {
    const content = await storage.redo.read(f.version)
    await storage.writer.replace(f.path, content, `redo ${f.version.reason}`, {
      renamed: f.renamed,
      redo: true,
      unchangedSince: async (target) => {
        if (stampKey(await statStamp(target)) === lastKnownStamp(log, f.path)) return
        throw new AppError({
          code: 'kubeconfig.changed-since',
          message: t`${f.path} changed after Kubedeck last wrote it; redoing "${f.version.reason}" would drop that change, so nothing was written`,
          file: f.path,
          hint: historyHint(f.path)
        })
      }
    })
    await storage.redo.drop(f.version)
    files.push(f.path)
  }
  return { files, reason: r.files[0].version.reason }
}

/**
 * The contexts of `file` Kubedeck renamed since version `id` was saved, as (name then → name
 * now): the renames of every logged write from the one that saved it on, undos included.
 */
export function renamedSince(log: WriteLogEntry[], file: string, id: string): ContextRename[] {
  const start = log.findIndex((e) => !e.undo && e.files.some((f) => f.path === file && f.versionId === id))
  if (start < 0) return []
  // One chain per context: its name in the version (null: created later) and its name now.
  const chains: { then: string | null; now: string }[] = []
  for (const entry of log.slice(start)) {
    for (const f of entry.files) {
      if (f.path !== file || !f.renamed) continue
      // A write's renames happen together: find every chain before moving any.
      const moves = f.renamed.map((r) => ({ chain: chains.find((c) => c.now === r.from) ?? { then: r.from, now: r.from }, to: r.to }))
      for (const { chain, to } of moves) {
        if (!chains.includes(chain)) {
          // A name that left the file earlier in this span came back as another context.
          if (chains.some((c) => c.then === chain.then)) chain.then = null
          chains.push(chain)
        }
        chain.now = to
      }
    }
  }
  return chains.filter((c): c is { then: string; now: string } => c.then !== null && c.then !== c.now).map((c) => ({ from: c.then, to: c.now }))
}

/** Puts back version `id` of `file` as a new write (undoable); the contexts it renames back are logged. */
export async function restoreVersion(storage: KubeconfigStorage, file: string, id: string): Promise<{ files: string[]; restored: FileVersion }> {
  const version = (await storage.history.list(await followLinks(file))).find((v) => v.id === id)
  if (!version) {
    throw new AppError({ code: 'kubeconfig.no-such-version', message: t`Kubedeck has no saved version "${id}" of ${file}`, file, hint: historyHint(file) })
  }
  const content = await storage.history.read(version)
  const { entries } = await storage.writer.readLog()
  const renamed = inverse(renamedSince(entries, version.file, id))
  const written = await storage.writer.replace(file, content, `restore ${id}`, { renamed })
  return { files: written ? [file] : [], restored: toFileVersion(version) }
}
