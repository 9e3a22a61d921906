// kubectl's lock protocol (<file>.lock created exclusively around every write), both ways:
// Kubedeck waits while kubectl's lock exists and then reports without writing; kubectl refuses
// to write while Kubedeck holds the lock; a lock left by a Kubedeck process that died is cleared.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { withLocks } from '../../../src/main/services/kubeconfig/lock'
import { KubeconfigStorage } from '../../../src/main/services/kubeconfig/storage'
import { caseEnv, runKubectl, runKubedeck } from './harness'

const work = mkdtempSync(join(tmpdir(), 'kubedeck-lock-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const config = `apiVersion: v1
kind: Config
contexts:
- name: one
  context: {cluster: c, user: u}
- name: two
  context: {cluster: c, user: u}
current-context: one
`

function setup(name: string) {
  const dir = join(work, name)
  const file = join(dir, 'config')
  rmSync(dir, { recursive: true, force: true })
  spawnSync('mkdir', ['-p', dir])
  writeFileSync(file, config, { mode: 0o600 })
  const env = { ...caseEnv(dir, file, join(dir, 'data')), KUBEDECK_LOCK_TIMEOUT_MS: '1500' }
  return { dir, file, env }
}

describe('the <file>.lock protocol', () => {
  it('waits while kubectl holds the lock, then reports without writing', async () => {
    const { dir, file, env } = setup('held')
    // What kubectl leaves while it writes: an empty file created with O_EXCL, mode 0.
    writeFileSync(`${file}.lock`, '', { mode: 0 })
    const started = Date.now()
    const r = await runKubedeck(['config', 'use-context', 'two'], env, dir)
    const waited = Date.now() - started
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`error: open ${file}.lock: file exists`)
    expect(r.stderr).toContain(`delete ${file}.lock`)
    expect(waited).toBeGreaterThanOrEqual(1400)
    expect(readFileSync(file, 'utf8')).toBe(config)
    expect(existsSync(`${file}.lock`)).toBe(true) // not ours to remove
  })

  it('writes once the lock is released while it waits', async () => {
    const { dir, file, env } = setup('released')
    writeFileSync(`${file}.lock`, '', { mode: 0 })
    const release = setTimeout(() => rmSync(`${file}.lock`), 400)
    const started = Date.now()
    const r = await runKubedeck(['config', 'use-context', 'two'], { ...env, KUBEDECK_LOCK_TIMEOUT_MS: '5000' }, dir)
    clearTimeout(release)
    expect(r).toEqual({ code: 0, stdout: 'Switched to context "two".\n', stderr: '' })
    expect(Date.now() - started).toBeGreaterThanOrEqual(390)
    expect(readFileSync(file, 'utf8')).toContain('current-context: two')
    expect(existsSync(`${file}.lock`)).toBe(false)
  })

  it('kubectl refuses to write while Kubedeck holds the lock', async () => {
    const { dir, file, env } = setup('ours')
    await withLocks([file], { timeoutMs: 1000 }, async () => {
      const r = await runKubectl(['config', 'use-context', 'two'], env, dir)
      expect(r.code).toBe(1)
      expect(r.stderr).toBe(`error: open ${file}.lock: file exists\n`)
    })
    expect(readFileSync(file, 'utf8')).toBe(config)
    expect(existsSync(`${file}.lock`)).toBe(false)
  })

  it('clears a lock left by a Kubedeck process that died, but never a live one', async () => {
    const { dir, file, env } = setup('stale')
    // A pid that cannot be running: the kernel's pid_max is far below it.
    writeFileSync(`${file}.lock`, `kubedeck pid=2147483646 host=${(await import('node:os')).hostname()}\n`)
    writeFileSync(join(dir, '.config.2147483646.deadbeef.tmp'), 'half-written')
    const r = await runKubedeck(['config', 'use-context', 'two'], env, dir)
    expect(r.code).toBe(0)
    expect(existsSync(`${file}.lock`)).toBe(false)
    expect(existsSync(join(dir, '.config.2147483646.deadbeef.tmp'))).toBe(false)
    // This test process is alive: its lock is waited for, then reported.
    writeFileSync(`${file}.lock`, `kubedeck pid=${process.pid} host=${(await import('node:os')).hostname()}\n`)
    const blocked = await runKubedeck(['config', 'use-context', 'one'], env, dir)
    expect(blocked.code).toBe(1)
    expect(readFileSync(file, 'utf8')).toContain('current-context: two')
  })

  it('sweeps what killed writers left beside the file (temp files, lock temps, stale locks moved aside), and nothing else', async () => {
    const { dir, file, env } = setup('leftovers')
    const dead = 2147483646 // above pid_max: cannot be running
    const old = (name: string) => {
      writeFileSync(join(dir, name), 'x')
      utimesSync(join(dir, name), new Date(Date.now() - 120_000), new Date(Date.now() - 120_000))
      return name
    }
    const garbage = [old(`.config.${dead}.0badf00d.tmp`), old(`.config.lock.${dead}.0badf00d`), old(`.config.lock.${dead}.0badf00d.stale`)]
    const kept = [
      old(`.config.${process.pid}.0badf00d.tmp`), // a live writer's (this process)
      `.config.lock.${dead}.c0ffee00.stale`, // young: may belong to a live writer on another host sharing the folder
      old('.config.swp'), // not ours
      old(`.other.${dead}.0badf00d.tmp`) // another file's
    ]
    writeFileSync(join(dir, kept[1]), 'x')
    const r = await runKubedeck(['config', 'use-context', 'two'], env, dir)
    expect(r.code, r.stderr).toBe(0)
    const left = readdirSync(dir).sort()
    for (const g of garbage) expect(left).not.toContain(g)
    expect(left).toEqual(expect.arrayContaining(kept))
    expect(readFileSync(file, 'utf8')).toContain('current-context: two')
  })

  it('locks every file of the KUBECONFIG list, like kubectl', async () => {
    const { dir, file, env } = setup('list')
    const other = join(dir, 'other')
    writeFileSync(other, 'apiVersion: v1\nkind: Config\n')
    writeFileSync(`${other}.lock`, '', { mode: 0 })
    const r = await runKubedeck(['config', 'use-context', 'two'], { ...env, KUBECONFIG: `${file}:${other}` }, dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`open ${other}.lock: file exists`)
    expect(readFileSync(file, 'utf8')).toBe(config)
  })

  it('one file listed twice in KUBECONFIG under two spellings: kubectl 1.32 fails on its own lock, Kubedeck writes (deliberate difference)', async () => {
    const { dir, file, env } = setup('twice')
    const twice = { ...env, KUBECONFIG: `${file}:./config` }
    const theirs = await runKubectl(['config', 'use-context', 'two'], twice, dir)
    expect(theirs.code).toBe(1)
    expect(theirs.stderr).toContain('.lock: file exists')
    expect(readFileSync(file, 'utf8')).toBe(config)
    const ours = await runKubedeck(['config', 'use-context', 'two'], twice, dir)
    expect(ours.code).toBe(0)
    expect(readFileSync(file, 'utf8')).toContain('current-context: two')
  })

  it('the app service waits and reports the same way', async () => {
    const { dir, file, env } = setup('service')
    writeFileSync(`${file}.lock`, '', { mode: 0 })
    const storage = new KubeconfigStorage({ dataDir: join(dir, 'data'), lockTimeoutMs: 500 })
    await expect(storage.kubectl(env, dir).setContext({ name: 'one', namespace: 'x' })).rejects.toMatchObject({ info: { code: 'kubeconfig.locked', file } })
    expect(readFileSync(file, 'utf8')).toBe(config)
  })
})
