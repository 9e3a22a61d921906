// Atomic file replacement: write a temp file beside the target, fsync it, rename it over the
// target, fsync the folder. A reader (or a crash at any instant) sees the old content or the
// new, never a mix. The target's mode is kept; new files get 0600 (kubeconfigs hold secrets).
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { chown, mkdir, open, rename, stat, unlink } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { followLinks } from './symlinks'

export interface AtomicWriteOptions {
  /** Mode for a file that does not exist yet (default 0600). An existing file keeps its own. */
  newFileMode?: number
  /** This mode whatever the file had (an export holds credentials: 0600 even over a 0644 file). */
  mode?: number
}

/**
 * Replaces `file` atomically. A link is written through: its target is replaced and the link
 * stays (as kubectl does). Folders it creates are private (0700).
 */
export async function atomicWriteFile(path: string, data: string | Uint8Array, opts: AtomicWriteOptions = {}): Promise<void> {
  const file = await followLinks(path)
  const dir = dirname(file)
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const existing = await stat(file).catch(() => null)
  const mode = opts.mode ?? (existing ? existing.mode & 0o7777 : (opts.newFileMode ?? 0o600))
  // Dot-prefixed so folder watchers (which ignore dot-files) never pick up a half-written temp.
  const tmp = join(dir, `.${basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode)
  try {
    await handle.writeFile(data)
    await handle.chmod(mode) // umask may have narrowed the mode given to open()
    if (existing && process.getuid?.() === 0) await chown(tmp, existing.uid, existing.gid).catch(() => undefined)
    await handle.sync()
  } catch (e) {
    await handle.close().catch(() => undefined)
    await unlink(tmp).catch(() => undefined)
    throw e
  }
  await handle.close()
  try {
    await rename(tmp, file)
  } catch (e) {
    await unlink(tmp).catch(() => undefined)
    throw e
  }
  await syncDir(dir)
}

async function syncDir(dir: string): Promise<void> {
  // Makes the rename itself durable. Not supported on every platform (Windows): best effort.
  const handle = await open(dir, constants.O_RDONLY).catch(() => null)
  if (!handle) return
  await handle.sync().catch(() => undefined)
  await handle.close()
}

