// Every kubeconfig write goes through here: kubectl's locks around the whole read-modify-write,
// the file re-read (by stat identity) inside the lock so the change lands on what is on disk now,
// a last stat check right before the atomic rename (editors that ignore the lock), the previous
// version kept for undo, and a log line tying that version to the state the write produced.
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { atomicWriteFile, type FileHistory, type SavedVersion } from '../files'
import { AppError } from '../../../shared/errors'
import { applyEdits } from './apply-edits'
import type { FileEdit } from './edits'
import { sameStamp, statStamp, type FileStamp, type KubeconfigFileCache, type LoadedFile } from './file-cache'
import { withLocks } from './lock'
import { renderString } from './render'
import { decodeKubeconfig } from './decode'

export interface FilePlan {
  /** The path as the user spelled it (for messages). */
  given: string
  edits: FileEdit[]
}

/** What a change writes: absolute path → edits, in the order kubectl writes them. */
export type Plan = Map<string, FilePlan>

export interface WrittenFile {
  path: string
  version: SavedVersion
}

export interface WriteLogEntry {
  id: string
  at: string
  reason: string
  /** True for an undo (its files restore versions instead of saving new ones). */
  undo?: boolean
  /** afterStamp: the file's stat identity right after this write (null: the file was removed). */
  files: { path: string; versionId: string; afterStamp: string | null }[]
}

export interface WriterOptions {
  cache: KubeconfigFileCache
  history: FileHistory
  /** JSONL log of writes (for undo), in the app's data folder. */
  logFile: string
  lockTimeoutMs: number
}

export const stampKey = (s: FileStamp | null): string | null => (s ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : null)

export class KubeconfigWriter {
  constructor(private readonly opts: WriterOptions) {}

  get cache(): KubeconfigFileCache {
    return this.opts.cache
  }

  /**
   * Locks `lockFiles` (kubectl locks every file of the loading precedence), runs `build` (which
   * loads what it needs inside the lock and returns the plan) and writes the plan.
   */
  async transaction<T>(lockFiles: string[], reason: string, build: () => Promise<{ plan: Plan; result: T }>): Promise<{ result: T; written: WrittenFile[] }> {
    return withLocks(lockFiles, { timeoutMs: this.opts.lockTimeoutMs }, async () => {
      const { plan, result } = await build()
      const written = await this.write(plan, reason)
      return { result, written }
    })
  }

  private async write(plan: Plan, reason: string): Promise<WrittenFile[]> {
    const written: WrittenFile[] = []
    for (const [path, { edits }] of plan) {
      const w = await this.writeFile(path, edits, reason)
      if (w) written.push(w)
    }
    if (written.length > 0) await this.log(reason, written)
    return written
  }

  private async writeFile(path: string, edits: FileEdit[], reason: string): Promise<WrittenFile | null> {
    for (let attempt = 0; ; attempt++) {
      const fresh = await this.opts.cache.load(path)
      if (fresh.error) throw fresh.error
      const next = fastCurrentContext(fresh, edits) ?? applyEdits(fresh, edits)
      if (fresh.exists && next.text === fresh.text) return null
      // An editor that ignores the lock may have written since we read: start over on its content.
      if (!sameStamp(await statStamp(path), fresh.stamp)) {
        if (attempt < 3) continue
        throw new AppError({
          code: 'kubeconfig.conflict',
          message: `${path} keeps changing while Kubedeck writes it; nothing was written`,
          file: path,
          hint: 'Another program is rewriting the file repeatedly (an editor or a sync tool). Close it and retry.'
        })
      }
      const version = await this.opts.history.save(path, fresh.exists ? Buffer.from(fresh.text) : null, reason)
      await atomicWriteFile(path, next.text)
      const stamp = await statStamp(path)
      this.opts.cache.remember({ path, exists: true, stamp, text: next.text, config: next.config, error: null })
      return { path, version }
    }
  }

  private async log(reason: string, written: WrittenFile[]): Promise<void> {
    await this.appendLog({
      id: written[0].version.id,
      at: new Date().toISOString(),
      reason,
      files: await Promise.all(written.map(async (w) => ({ path: w.path, versionId: w.version.id, afterStamp: stampKey(await statStamp(w.path)) })))
    })
  }

  async appendLog(entry: WriteLogEntry): Promise<void> {
    await mkdir(dirname(this.opts.logFile), { recursive: true, mode: 0o700 })
    await appendFile(this.opts.logFile, JSON.stringify(entry) + '\n', { mode: 0o600 })
  }

  async readLog(): Promise<WriteLogEntry[]> {
    const text = await readFile(this.opts.logFile, 'utf8').catch(() => '')
    const out: WriteLogEntry[] = []
    for (const line of text.split('\n')) {
      if (!line) continue
      try {
        out.push(JSON.parse(line) as WriteLogEntry)
      } catch {
        // A line torn by a crash mid-append: the write it described is covered by FileHistory.
      }
    }
    return out
  }
}

/**
 * A switch only changes the current-context value: splice it where the cached parse found it,
 * instead of parsing a large file again. Returns null when the general path is needed.
 */
function fastCurrentContext(fresh: LoadedFile, edits: FileEdit[]): Pick<LoadedFile, 'text' | 'config'> | null {
  const [edit] = edits
  const slot = fresh.config.currentContextSlot
  if (edits.length !== 1 || edit.op !== 'set-current-context' || !slot || !fresh.config.spliceable) return null
  const rendered = renderString(edit.value)
  // The rendered scalar must read back as exactly this name.
  if (decodeKubeconfig(`current-context: ${rendered}\n`, fresh.path).config.currentContext !== edit.value) return null
  const text = fresh.text.slice(0, slot.start) + rendered + fresh.text.slice(slot.end)
  const config = { ...fresh.config, currentContext: edit.value, currentContextSlot: { start: slot.start, end: slot.start + rendered.length } }
  return { text, config }
}
