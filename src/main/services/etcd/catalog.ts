// The local snapshot catalog: one folder per cluster under the data folder (or the folder a
// cron job names with --out), each snapshot a `.db` file with a `.json` of what it is (cluster,
// member, time, revision, etcd version, sha256). Keep-last-N prunes the oldest of a cluster.
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import type { SnapshotEntry } from '../../../shared/model/etcd'
import { AppError } from '../../../shared/errors'
import { atomicWriteFile } from '../files'
import { verifySnapshotFile } from './snapshot-file'
import { t } from '../../../shared/error-messages'

export const DEFAULT_KEEP = 10

/** A folder name for a cluster: readable name plus a hash of its server URL (names repeat across kubeconfigs). */
export function clusterKeyOf(clusterName: string, server: string): string {
  const name =
    clusterName
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'cluster'
  return `${name}-${createHash('sha256').update(server).digest('hex').slice(0, 8)}`
}

export class SnapshotCatalog {
  constructor(readonly root: string) {}

  folderFor(clusterKey: string): string {
    return join(this.root, clusterKey)
  }

  /** Where a new snapshot of `member` goes (in `folder`, default the cluster's catalog folder). */
  newSnapshotPath(clusterKey: string, member: string, at: Date, folder?: string): string {
    const stamp = at.toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
    return join(folder ?? this.folderFor(clusterKey), `${stamp}-${member.replace(/[^\w.-]+/g, '-')}.db`)
  }

  /** Writes the entry's metadata beside its file (atomically), making it part of the catalog. */
  async add(entry: SnapshotEntry): Promise<SnapshotEntry> {
    await mkdir(dirname(entry.file), { recursive: true, mode: 0o700 })
    await atomicWriteFile(metaPath(entry.file), JSON.stringify(entry, null, 2) + '\n')
    return entry
  }

  /** Entries of one cluster (or all), newest first; `folder` lists a --out folder instead. */
  async list(clusterKey?: string, folder?: string): Promise<SnapshotEntry[]> {
    const folders = folder
      ? [folder]
      : clusterKey
        ? [this.folderFor(clusterKey)]
        : (await readdir(this.root, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory()).map((d) => join(this.root, d.name))
    const out: SnapshotEntry[] = []
    for (const f of folders) {
      for (const name of await readdir(f).catch(() => [] as string[])) {
        if (!name.endsWith('.json')) continue
        try {
          const e = JSON.parse(await readFile(join(f, name), 'utf8')) as SnapshotEntry
          // The file may have been moved with its folder: trust the folder, not the stored path.
          out.push({ ...e, file: join(f, basename(e.file)) })
        } catch {
          // Not ours or half-written by something else: the catalog lists what it can read.
        }
      }
    }
    return out.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  /** The description a backup wrote beside `file` (a --out folder outside the catalog), if any. */
  async describedBeside(file: string): Promise<SnapshotEntry | undefined> {
    try {
      const e = JSON.parse(await readFile(metaPath(file), 'utf8')) as SnapshotEntry
      return basename(e.file) === basename(file) && typeof e.sha256 === 'string' ? { ...e, file } : undefined
    } catch {
      return undefined
    }
  }

  async get(id: string): Promise<SnapshotEntry> {
    const e = (await this.list()).find((x) => x.id === id)
    if (!e) throw new AppError({ code: 'etcd.snapshot-unknown', message: t`The catalog in ${this.root} has no snapshot ${id}.`, file: this.root })
    return e
  }

  /** Checks the file again (sha256 and etcd's own checksum) and records the result. */
  async verify(id: string): Promise<SnapshotEntry> {
    const e = await this.get(id)
    let verified: SnapshotEntry['verified']
    try {
      await verifySnapshotFile(e.file, e.sha256)
      verified = { at: new Date().toISOString(), ok: true }
    } catch (err) {
      verified = { at: new Date().toISOString(), ok: false, error: (err as Error).message }
    }
    return this.add({ ...e, verified })
  }

  async remove(id: string): Promise<void> {
    const e = await this.get(id)
    await rm(e.file, { force: true })
    await rm(metaPath(e.file), { force: true })
  }

  /** Keeps the newest `keep` snapshots of the folder; returns the ids removed. */
  async prune(clusterKey: string, keep: number, folder?: string): Promise<string[]> {
    if (!Number.isInteger(keep) || keep < 1) return []
    const entries = (await this.list(clusterKey, folder)).filter((e) => e.clusterKey === clusterKey)
    const doomed = entries.slice(keep)
    for (const e of doomed) {
      await rm(e.file, { force: true })
      await rm(metaPath(e.file), { force: true })
    }
    return doomed.map((e) => e.id)
  }
}

export const metaPath = (file: string) => file.replace(/\.db$/, '') + '.json'
