// The local catalog and the snapshot file check, on files laid out as `etcdctl snapshot save`
// writes them (512·n bytes of database, then the SHA-256 of those bytes).
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SnapshotEntry } from '../../../shared/model/etcd'
import { SnapshotCatalog, clusterKeyOf } from './catalog'
import { inspectSnapshotFile, verifySnapshotFile } from './snapshot-file'

function snapshotBytes(pages: number): Buffer {
  const db = randomBytes(512 * pages)
  return Buffer.concat([db, createHash('sha256').update(db).digest()])
}

describe('snapshot files and the catalog', () => {
  let dir: string
  let catalog: SnapshotCatalog
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubedeck-catalog-'))
    catalog = new SnapshotCatalog(join(dir, 'etcd-backups'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  const add = async (key: string, at: string, bytes = snapshotBytes(8)) => {
    const file = catalog.newSnapshotPath(key, 'etcd-1', new Date(at))
    const sha256 = createHash('sha256').update(bytes).digest('hex')
    const entry: SnapshotEntry = {
      id: `${key}:${at}`,
      file,
      clusterKey: key,
      clusterName: 'prod',
      server: 'https://10.0.0.1:6443',
      context: 'prod',
      member: 'etcd-1',
      host: 'node-1',
      createdAt: at,
      etcdVersion: '3.6.16',
      tool: 'etcdctl 3.6.16',
      sha256,
      bytes: bytes.length,
      status: { hash: 1, revision: 10, totalKey: 5, totalSize: bytes.length - 32 }
    }
    await catalog.add(entry)
    writeFileSync(file, bytes)
    return entry
  }

  it('accepts a complete snapshot and explains a truncated or damaged one', async () => {
    const file = join(dir, 'a.db')
    const bytes = snapshotBytes(16)
    writeFileSync(file, bytes)
    expect(await inspectSnapshotFile(file)).toEqual({ bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), trailer: 'ok' })
    await expect(verifySnapshotFile(file, 'ff'.repeat(32))).rejects.toThrow(/has SHA-256 .* but the catalog recorded ff/)
    truncateSync(file, bytes.length - 100)
    await expect(verifySnapshotFile(file)).rejects.toThrow(`The snapshot ${file} is ${bytes.length - 100} bytes: a file from \`etcdctl snapshot save\` is a multiple of 512 bytes plus its 32-byte checksum, so this one is truncated`)
    const cut = Buffer.concat([bytes.subarray(0, 512 * 8), bytes.subarray(bytes.length - 32)])
    writeFileSync(file, cut)
    await expect(verifySnapshotFile(file)).rejects.toThrow(/does not match its own SHA-256 checksum/)
    await expect(verifySnapshotFile(join(dir, 'missing.db'))).rejects.toThrow(/cannot be read: no such file/)
  })

  it('lists newest first per cluster, verifies again, prunes to keep-last-N, deletes', async () => {
    const key = clusterKeyOf('prod', 'https://10.0.0.1:6443')
    expect(key).toMatch(/^prod-[0-9a-f]{8}$/)
    expect(clusterKeyOf('prod', 'https://10.0.0.2:6443')).not.toBe(key)
    const a = await add(key, '2025-01-01T00:00:00.000Z')
    const b = await add(key, '2025-01-02T00:00:00.000Z')
    const c = await add(key, '2025-01-03T00:00:00.000Z')
    await add('other-12345678', '2025-01-04T00:00:00.000Z')
    expect((await catalog.list(key)).map((e) => e.id)).toEqual([c.id, b.id, a.id])
    expect(await catalog.list()).toHaveLength(4)

    expect((await catalog.verify(b.id)).verified).toMatchObject({ ok: true })
    truncateSync(b.file, 100)
    expect((await catalog.verify(b.id)).verified).toMatchObject({ ok: false, error: expect.stringContaining('truncated') })

    expect(await catalog.prune(key, 2)).toEqual([a.id])
    expect((await catalog.list(key)).map((e) => e.id)).toEqual([c.id, b.id])
    await catalog.remove(c.id)
    expect((await catalog.list(key)).map((e) => e.id)).toEqual([b.id])
    await expect(catalog.get(c.id)).rejects.toThrow(`has no snapshot ${c.id}`)
    // A backup written to a --out folder is described beside its file.
    expect(await catalog.describedBeside(b.file)).toMatchObject({ id: b.id, sha256: b.sha256 })
  })
})
