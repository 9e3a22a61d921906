// Every kubeconfig write goes through here: kubectl's locks around the whole read-modify-write,
// the file re-read (by stat identity) inside the lock so the change lands on what is on disk now,
// a last stat check right before the atomic rename (editors that ignore the lock), the previous
// version kept for undo, and a log line tying that version to the state the write produced (and
// to the contexts it renamed, which Kubedeck's own marks follow).
import { appendFile, chmod, mkdir, open, readFile, unlink } from 'node:fs/promises'
import { dirname } from 'node:path'
import { atomicWriteFile, followLinks, type FileHistory, type SavedVersion } from '../files'
import { AppError } from '../../../shared/errors'
import { applyEdits } from './apply-edits'
import type { FileEdit } from './edits'
import { sameStamp, statStamp, type FileStamp, type KubeconfigFileCache, type LoadedFile } from './file-cache'
import { withLocks } from './lock'
import { renderString } from './render'
import { decodeKubeconfig } from './decode'
import { t } from '../../../shared/error-messages'

/** A context that a write gave a new name, in the file the write changed. */
export interface ContextRename {
  from: string
  to: string
}

export interface FilePlan {
  /** The path as the user spelled it (for messages). */
  given: string
  edits: FileEdit[]
  /** Contexts these edits rename (applied together). */
  renamed?: ContextRename[]
}

/** What a change writes: absolute path → edits, in the order kubectl writes them. */
export type Plan = Map<string, FilePlan>

export interface WrittenFile {
  path: string
  version: SavedVersion
  renamed?: ContextRename[]
}

export interface LoggedFile {
  path: string
  /** The version saved before this write (for an undo: the version it restored). */
  versionId: string
  /** The file's stat identity right after this write (null: the file was removed). */
  afterStamp: string | null
  renamed?: ContextRename[]
  /** For an undo: the version (in the redo store) holding what the undo replaced. */
  redoId?: string
}

export interface WriteLogEntry {
  id: string
  at: string
  reason: string
  /** True for an undo (its files restore versions instead of saving new ones). */
  undo?: boolean
  /** True for a redo: a write that puts back what an undo replaced (it does not end later redos). */
  redo?: boolean
  files: LoggedFile[]
}

export interface WriterOptions {
  cache: KubeconfigFileCache
  history: FileHistory
  /** JSONL log of writes (for undo), in the app's data folder. */
  logFile: string
  lockTimeoutMs: number
}

export const stampKey = (s: FileStamp | null): string | null => (s ? `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` : null)

/** kubectl's lock files (`<path>.lock`) are taken on the paths as given; a link's target is locked too. */
async function withLinkTargets(paths: string[]): Promise<string[]> {
  const targets = await Promise.all(paths.map((p) => followLinks(p)))
  return [...new Set([...paths, ...targets])]
}

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
    return withLocks(await withLinkTargets(lockFiles), { timeoutMs: this.opts.lockTimeoutMs }, async () => {
      const { plan, result } = await build()
      const written = await this.write(plan, reason)
      return { result, written }
    })
  }

  private async write(plan: Plan, reason: string): Promise<WrittenFile[]> {
    const written: WrittenFile[] = []
    for (const [path, { edits, renamed }] of plan) {
      const version = await this.writeFile(path, edits, reason)
      if (version) written.push({ path, version, renamed })
    }
    // The log names the files written (a link's target), as the history does.
    if (written.length > 0)
      await this.record({ id: written[0].version.id, reason, files: written.map((w) => ({ path: w.version.file, versionId: w.version.id, renamed: w.renamed })) })
    return written
  }

  private async writeFile(path: string, edits: FileEdit[], reason: string): Promise<SavedVersion | null> {
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
          message: t`${path} keeps changing while Kubedeck writes it; nothing was written`,
          file: path,
          hint: t`Another program is rewriting the file repeatedly (an editor or a sync tool). Close it and retry.`
        })
      }
      // Through a link, as kubectl writes: the target's history, the target replaced, the link kept.
      const version = await this.opts.history.save(await followLinks(path), fresh.exists ? Buffer.from(fresh.text) : null, reason)
      await atomicWriteFile(path, next.text)
      const stamp = await statStamp(path)
      this.opts.cache.remember({ path, exists: true, stamp, text: next.text, config: next.config, error: null })
      return version
    }
  }

  /**
   * Replaces a file's whole content (null removes the file) under its lock, keeping what it
   * replaces for undo: an export, or a restored version. Nothing is written when it is the same.
   */
  async replace(
    path: string,
    content: Buffer | null,
    reason: string,
    opts: { renamed?: ContextRename[]; mode?: number; redo?: boolean; unchangedSince?: (target: string) => Promise<void> } = {}
  ): Promise<WrittenFile | null> {
    const { renamed, mode } = opts
    return withLocks(await withLinkTargets([path]), { timeoutMs: this.opts.lockTimeoutMs }, async () => {
      const target = await followLinks(path)
      // Checked under the lock: nobody changes the file between the check and the write.
      await opts.unchangedSince?.(target)
      const before = await readFile(target).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return null
        throw e
      })
      if (before === null ? content === null : content !== null && before.equals(content)) {
        if (mode !== undefined && content !== null) await chmod(target, mode)
        return null
      }
      const version = await this.opts.history.save(target, before, reason)
      if (content === null) await unlink(target)
      else await atomicWriteFile(target, content, mode !== undefined ? { mode } : {})
      this.opts.cache.forget(path)
      await this.record({ id: version.id, reason, ...(opts.redo ? { redo: true } : {}), files: [{ path: target, versionId: version.id, renamed }] })
      return { path, version, renamed }
    })
  }

  /** Logs a change whose files are in place now (their stat identity is taken here, for undo). */
  async record(entry: { id: string; reason: string; undo?: boolean; redo?: boolean; files: Omit<LoggedFile, 'afterStamp'>[] }): Promise<void> {
    const files = await Promise.all(entry.files.map(async (f) => ({ ...f, afterStamp: stampKey(await statStamp(f.path)) })))
    const line: WriteLogEntry = {
      id: entry.id,
      at: new Date().toISOString(),
      reason: entry.reason,
      ...(entry.undo ? { undo: true } : {}),
      ...(entry.redo ? { redo: true } : {}),
      files
    }
    await mkdir(dirname(this.opts.logFile), { recursive: true, mode: 0o700 })
    await appendFile(this.opts.logFile, JSON.stringify(line) + '\n', { mode: 0o600 })
  }

  /**
   * The log from byte `from` on (whole lines only), and the offset after the last whole line.
   * An offset past the end (the log was replaced) reads nothing and answers the new end.
   */
  async readLog(from = 0): Promise<{ entries: WriteLogEntry[]; end: number }> {
    const handle = await open(this.opts.logFile, 'r').catch(() => null)
    if (!handle) return { entries: [], end: 0 }
    try {
      const { size } = await handle.stat()
      if (from >= size) return { entries: [], end: size }
      const buf = Buffer.alloc(size - from)
      const { bytesRead } = await handle.read(buf, 0, buf.length, from)
      const whole = buf.subarray(0, buf.lastIndexOf(0x0a, bytesRead - 1) + 1)
      const entries: WriteLogEntry[] = []
      for (const line of whole.toString('utf8').split('\n')) {
        if (!line) continue
        try {
          entries.push(JSON.parse(line) as WriteLogEntry)
        } catch {
          // A line torn by a crash mid-append: the write it described is covered by FileHistory.
        }
      }
      return { entries, end: from + whole.length }
    } finally {
      await handle.close()
    }
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
