// Reads kubeconfig files and remembers them by stat identity (device, inode, size, mtime and
// ctime in nanoseconds): an unchanged file is never read or parsed twice, and a change made
// behind our back is noticed (ctime cannot be set by user space, so a same-size rewrite within
// the same mtime still shows). Comparing the bytes tells a real change from a touch.
import { isUtf8 } from 'node:buffer'
import { readFile, stat } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import { decodeKubeconfig, emptyDecoded, type DecodedKubeconfig } from './decode'
import { t } from '../../../shared/error-messages'

export interface FileStamp {
  dev: bigint
  ino: bigint
  size: bigint
  mtimeNs: bigint
  ctimeNs: bigint
}

export interface LoadedFile {
  /** Absolute path: the file's identity. */
  path: string
  exists: boolean
  stamp: FileStamp | null
  text: string
  config: DecodedKubeconfig
  /** Set when the file exists but cannot be used (unreadable, not YAML, not a kubeconfig). */
  error: AppError | null
}

export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (!a || !b) return a === b
  return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs
}

export async function statStamp(path: string): Promise<FileStamp | null> {
  try {
    const s = await stat(path, { bigint: true })
    return { dev: s.dev, ino: s.ino, size: s.size, mtimeNs: s.mtimeNs, ctimeNs: s.ctimeNs }
  } catch (e) {
    if (isMissing(e)) return null
    throw e
  }
}

function isMissing(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

function missingFile(path: string): LoadedFile {
  return { path, exists: false, stamp: null, text: '', config: emptyDecoded(), error: null }
}

/** Builds a LoadedFile from bytes already in hand (after our own write, or a fresh read). */
function loadedFromBytes(path: string, stamp: FileStamp | null, bytes: Buffer): LoadedFile {
  if (!isUtf8(bytes)) {
    const error = new AppError({
      code: 'kubeconfig.invalid',
      message: t`${path} is not UTF-8 text`,
      file: path,
      hint: t`Kubeconfig files are YAML, which must be UTF-8; re-save it as UTF-8.`
    })
    return { path, exists: true, stamp, text: '', config: emptyDecoded(), error }
  }
  const text = bytes.toString('utf8')
  try {
    return { path, exists: true, stamp, text, config: decodeKubeconfig(text, path).config, error: null }
  } catch (e) {
    if (e instanceof AppError) return { path, exists: true, stamp, text, config: emptyDecoded(), error: e }
    throw e
  }
}

export class KubeconfigFileCache {
  private readonly files = new Map<string, LoadedFile>()

  /** The file as it is on disk now (re-read only when its stat identity changed). */
  async load(path: string): Promise<LoadedFile> {
    const cached = this.files.get(path)
    let stamp: FileStamp | null
    try {
      stamp = await statStamp(path)
    } catch (e) {
      return this.remember(unreadable(path, e))
    }
    if (cached && sameStamp(cached.stamp, stamp)) return cached
    if (!stamp) return this.remember(missingFile(path))
    let bytes: Buffer
    try {
      bytes = await readFile(path)
    } catch (e) {
      if (isMissing(e)) return this.remember(missingFile(path))
      return this.remember(unreadable(path, e))
    }
    // A touch (same bytes, new stat) keeps the parsed config.
    if (cached && cached.exists && !cached.error && bytes.length === Buffer.byteLength(cached.text) && bytes.equals(Buffer.from(cached.text))) {
      return this.remember({ ...cached, stamp })
    }
    return this.remember(loadedFromBytes(path, stamp, bytes))
  }

  remember(file: LoadedFile): LoadedFile {
    this.files.set(file.path, file)
    return file
  }

  forget(path: string): void {
    this.files.delete(path)
  }
}

function unreadable(path: string, e: unknown): LoadedFile {
  const code = (e as NodeJS.ErrnoException).code
  const why = code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message
  const error = new AppError({
    code: 'kubeconfig.unreadable',
    message: t`cannot read ${path}: ${why}`,
    file: path,
    hint: code === 'EISDIR' ? t`Point KUBECONFIG at the file inside that folder, or add the folder as a folder source.` : t`Check the file's permissions.`
  })
  return { path, exists: true, stamp: null, text: '', config: emptyDecoded(), error }
}
