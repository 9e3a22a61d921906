import { mkdtemp, readFile, rm, stat, writeFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { atomicWriteFile, FileHistory } from '.'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kubedeck-files-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('atomicWriteFile', () => {
  it('creates new files 0600 and leaves no temp file behind', async () => {
    const f = join(dir, 'config')
    await atomicWriteFile(f, 'a: 1\n')
    expect(await readFile(f, 'utf8')).toBe('a: 1\n')
    expect((await stat(f)).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['config'])
  })

  it("keeps an existing file's mode", async () => {
    const f = join(dir, 'config')
    await writeFile(f, 'old', { mode: 0o640 })
    await atomicWriteFile(f, 'new')
    expect(await readFile(f, 'utf8')).toBe('new')
    expect((await stat(f)).mode & 0o777).toBe(0o640)
  })

  it('fails without touching the target when the folder cannot be written', async () => {
    const f = join(dir, 'missing-parent', 'x')
    await writeFile(join(dir, 'missing-parent'), 'a file, not a folder')
    await expect(atomicWriteFile(f, 'x')).rejects.toThrow()
    expect(await readFile(join(dir, 'missing-parent'), 'utf8')).toBe('a file, not a folder')
  })
})

describe('FileHistory', () => {
  it('keeps versions newest first and restores their bytes', async () => {
    const h = new FileHistory(join(dir, 'history'))
    const f = join(dir, 'config')
    await h.save(f, null, 'create')
    await h.save(f, Buffer.from('v1'), 'rename')
    const [latest, first] = await h.list(f)
    expect(latest.reason).toBe('rename')
    expect(String(await h.read(latest))).toBe('v1')
    expect(first.existed).toBe(false)
    expect(await h.read(first)).toBeNull()
    await h.drop(latest)
    expect((await h.list(f)).map((v) => v.reason)).toEqual(['create'])
  })

  it('keeps only the last N versions', async () => {
    const h = new FileHistory(join(dir, 'history'), 5)
    const f = join(dir, 'config')
    for (let i = 0; i < 12; i++) await h.save(f, Buffer.from(`v${i}`), `w${i}`)
    const versions = await h.list(f)
    expect(versions.map((v) => v.reason)).toEqual(['w11', 'w10', 'w9', 'w8', 'w7'])
    expect(String(await h.read(versions[4]))).toBe('v7')
    const folder = (await readdir(join(dir, 'history')))[0]
    expect((await readdir(join(dir, 'history', folder))).filter((n) => n.endsWith('.bak'))).toHaveLength(5)
  })
})
