// Keeps earlier versions of files the app writes, so every write can be undone. Versions live
// in the app's data folder (never beside the user's file, where kubectl or a folder watcher
// would see them), one folder per file, newest last in an append-only index.
import { createHash, randomBytes } from 'node:crypto'
import { appendFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface SavedVersion {
  id: string
  file: string
  savedAt: string
  reason: string
  size: number
  /** False when the file did not exist before the write (undo deletes it... by restoring absence). */
  existed: boolean
}

export class FileHistory {
  constructor(
    private readonly root: string,
    private readonly keep = 50
  ) {}

  private dirOf(file: string): string {
    return join(this.root, createHash('sha256').update(file).digest('hex').slice(0, 20))
  }

  /** Records `content` (the file as it was before a write) as a version of `file`. */
  async save(file: string, content: Buffer | null, reason: string): Promise<SavedVersion> {
    const dir = this.dirOf(file)
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const version: SavedVersion = {
      id: `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
      file,
      savedAt: new Date().toISOString(),
      reason,
      size: content?.length ?? 0,
      existed: content !== null
    }
    if (content) await writeFile(join(dir, `${version.id}.bak`), content, { mode: 0o600 })
    await appendFile(join(dir, 'index.jsonl'), JSON.stringify(version) + '\n', { mode: 0o600 })
    await this.prune(dir)
    return version
  }

  /** Newest first. */
  async list(file: string): Promise<SavedVersion[]> {
    const text = await readFile(join(this.dirOf(file), 'index.jsonl'), 'utf8').catch(() => '')
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as SavedVersion)
      .reverse()
  }

  async read(version: SavedVersion): Promise<Buffer | null> {
    if (!version.existed) return null
    return readFile(join(this.dirOf(version.file), `${version.id}.bak`))
  }

  /** Forgets a version once it has been restored (so repeated undo walks further back). */
  async drop(version: SavedVersion): Promise<void> {
    const dir = this.dirOf(version.file)
    const rest = (await this.list(version.file)).filter((v) => v.id !== version.id).reverse()
    await writeFile(join(dir, 'index.jsonl'), rest.map((v) => JSON.stringify(v) + '\n').join(''), { mode: 0o600 })
    await rm(join(dir, `${version.id}.bak`), { force: true })
  }

  private async prune(dir: string): Promise<void> {
    const text = await readFile(join(dir, 'index.jsonl'), 'utf8')
    const lines = text.split('\n').filter(Boolean)
    if (lines.length <= this.keep) return
    const keepLines = lines.slice(-this.keep)
    const kept = new Set(keepLines.map((l) => (JSON.parse(l) as SavedVersion).id))
    await writeFile(join(dir, 'index.jsonl'), keepLines.join('\n') + '\n', { mode: 0o600 })
    for (const name of await readdir(dir)) {
      if (name.endsWith('.bak') && !kept.has(name.slice(0, -4))) await rm(join(dir, name), { force: true })
    }
  }
}
