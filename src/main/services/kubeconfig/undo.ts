// Undo and history of kubeconfig writes. Undo restores the version saved before Kubedeck's last
// write, but only while the file is exactly as Kubedeck last left it (same stat identity as
// recorded right after that write, or after the undo that restored it): if anything changed it
// since (kubectl, an editor), undoing would silently drop that change, so it refuses.
import { unlink } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import type { FileVersion } from '../../../shared/model/kubeconfig'
import { atomicWriteFile, type SavedVersion } from '../files'
import { statStamp } from './file-cache'
import { withLocks } from './lock'
import type { KubeconfigStorage } from './storage'
import { stampKey, type WriteLogEntry } from './writer'

export const toFileVersion = (v: SavedVersion): FileVersion => ({ file: v.file, id: v.id, savedAt: v.savedAt, reason: v.reason, size: v.size })

/** Saved versions of a file, newest first. */
export async function fileHistory(storage: KubeconfigStorage, file: string): Promise<FileVersion[]> {
  return (await storage.history.list(file)).map(toFileVersion)
}

interface UndoStep {
  path: string
  version: SavedVersion
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
      steps.push({ path: f.path, version: newest })
    }
    if (steps.length === files.length) return steps
  }
  throw new AppError({
    code: 'kubeconfig.nothing-to-undo',
    message: file ? `Kubedeck has no earlier version of ${file} to restore` : 'Kubedeck has not written any kubeconfig it can undo',
    file,
    hint: file ? `See the saved versions with: kubedeck config history ${file}` : undefined
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

export interface UndoResult {
  files: string[]
  restored: FileVersion[]
}

export async function undoLastWrite(storage: KubeconfigStorage, lockTimeoutMs: number, file?: string): Promise<UndoResult> {
  const log = await storage.writer.readLog()
  const steps = await pickWrite(storage, log, file)
  return withLocks(
    steps.map((s) => s.path),
    { timeoutMs: lockTimeoutMs },
    async () => {
      for (const s of steps) {
        if (stampKey(await statStamp(s.path)) !== lastKnownStamp(log, s.path)) {
          throw new AppError({
            code: 'kubeconfig.changed-since',
            message: `${s.path} changed after Kubedeck last wrote it; undoing "${s.version.reason}" would drop that change, so nothing was restored`,
            file: s.path,
            hint: `Review the saved versions with: kubedeck config history ${s.path}`
          })
        }
      }
      const files: WriteLogEntry['files'] = []
      for (const s of steps) {
        const content = await storage.history.read(s.version)
        if (content === null) await unlink(s.path).catch(() => undefined)
        else await atomicWriteFile(s.path, content)
        await storage.history.drop(s.version)
        storage.cache.forget(s.path)
        files.push({ path: s.path, versionId: s.version.id, afterStamp: stampKey(await statStamp(s.path)) })
      }
      await storage.writer.appendLog({ id: `undo-${steps[0].version.id}`, at: new Date().toISOString(), reason: `undo ${steps[0].version.reason}`, undo: true, files })
      return { files: steps.map((s) => s.path), restored: steps.map((s) => toFileVersion(s.version)) }
    }
  )
}
