// kubectl's lock protocol for kubeconfig writes (client-go ModifyConfig): before writing, create
// `<file>.lock` exclusively for every file of the loading precedence, in sorted order; remove
// them afterwards. kubectl gives up at once when a lock exists; Kubedeck waits a little (kubectl
// holds locks for milliseconds) and then reports, never writing through a lock.
//
// Kubedeck's lock files carry "kubedeck pid=N host=H" (written before the lock appears, via a
// hard link) so a lock left by a Kubedeck process that died mid-write can be recognised and
// cleared. kubectl's own locks are empty and are only ever waited for.
import { randomBytes } from 'node:crypto'
import { link, mkdir, open, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'

export const lockName = (file: string): string => `${file}.lock`

export interface LockOptions {
  /** How long to wait for a lock held by someone else (ms). */
  timeoutMs: number
}

const owner = (): string => `kubedeck pid=${process.pid} host=${hostname()}\n`
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Runs fn while holding the locks of `files` (absolute paths), kubectl-compatibly. */
export async function withLocks<T>(files: string[], opts: LockOptions, fn: () => Promise<T>): Promise<T> {
  const sorted = [...new Set(files)].sort()
  const held: string[] = []
  try {
    for (const f of sorted) {
      await acquire(f, opts)
      held.push(f)
    }
    return await fn()
  } finally {
    for (const f of held.reverse()) await unlink(lockName(f)).catch(() => undefined)
  }
}

async function acquire(file: string, opts: LockOptions): Promise<void> {
  // kubectl creates the folder of a file it is about to lock (lockFile's MkdirAll 0755).
  await mkdir(dirname(file), { recursive: true, mode: 0o755 })
  const lock = lockName(file)
  const deadline = Date.now() + opts.timeoutMs
  let pause = 5
  for (;;) {
    if (await tryCreate(lock)) return sweepLeftovers(file)
    if (await clearIfStale(lock)) continue
    if (Date.now() >= deadline) throw lockedError(file)
    await sleep(pause)
    pause = Math.min(pause * 2, 100)
  }
}

async function tryCreate(lock: string): Promise<boolean> {
  const tmp = join(dirname(lock), `.${basename(lock)}.${process.pid}.${randomBytes(4).toString('hex')}`)
  await writeFile(tmp, owner(), { mode: 0o600 })
  try {
    await link(tmp, lock)
    return true
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EXDEV') return tryCreateExclusive(lock)
    throw e
  } finally {
    await unlink(tmp).catch(() => undefined)
  }
}

/** For filesystems without hard links: O_EXCL create, then the owner line. */
async function tryCreateExclusive(lock: string): Promise<boolean> {
  try {
    const h = await open(lock, 'wx', 0o600)
    await h.writeFile(owner())
    await h.close()
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw e
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Clears a lock left by a dead Kubedeck process on this host; true when it did. */
async function clearIfStale(lock: string): Promise<boolean> {
  const content = await readFile(lock, 'utf8').catch(() => null)
  if (content === null) return true // released meanwhile: try again at once
  const m = /^kubedeck pid=(\d+) host=(.*)\n$/.exec(content)
  if (!m || m[2] !== hostname() || pidAlive(Number(m[1]))) return false
  // Move it aside first: if someone else replaced it meanwhile, put theirs back. Hidden and
  // named by our pid like the temp files, so a sweep clears it if we are killed right here.
  const aside = join(dirname(lock), `.${basename(lock)}.${process.pid}.${randomBytes(4).toString('hex')}.stale`)
  try {
    await rename(lock, aside)
  } catch {
    return true
  }
  const moved = await readFile(aside, 'utf8').catch(() => '')
  if (moved !== content) {
    await link(aside, lock).catch(() => undefined)
    await unlink(aside).catch(() => undefined)
    return false
  }
  await unlink(aside).catch(() => undefined)
  await sweepLeftovers(lock.slice(0, -'.lock'.length), Number(m[1]))
  return true
}

/**
 * What a writer of `file` killed mid-write leaves beside it, named by its pid: atomicWriteFile's
 * temp files (".<name>.<pid>.<hex>.tmp"), a lock's link temp (".<name>.lock.<pid>.<hex>") and a
 * stale lock moved aside (".<name>.lock.<pid>.<hex>.stale").
 */
const leftoverOf = (file: string) => new RegExp(`^\\.${basename(file).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?:\\.lock)?\\.(\\d+)\\.[0-9a-f]{8}(?:\\.tmp|\\.stale)?$`)

/** A leftover this old whose pid is gone is garbage even on a home folder shared between hosts. */
const LEFTOVER_AGE_MS = 60_000

/**
 * Removes leftovers of writers that died, run while holding the lock: those of `deadPid` (a stale
 * lock's owner, known dead on this host) at once, others once their pid is gone and they are old.
 */
async function sweepLeftovers(file: string, deadPid?: number): Promise<void> {
  const dir = dirname(file)
  const pattern = leftoverOf(file)
  const names = await readdir(dir).catch(() => [] as string[])
  for (const n of names) {
    const pid = Number(pattern.exec(n)?.[1] ?? NaN)
    if (Number.isNaN(pid) || pid === process.pid) continue
    const path = join(dir, n)
    if (pid !== deadPid) {
      if (pidAlive(pid)) continue
      const age = await stat(path).then(
        (st) => Date.now() - st.mtimeMs,
        () => 0
      )
      if (age < LEFTOVER_AGE_MS) continue
    }
    await unlink(path).catch(() => undefined)
  }
}

function lockedError(file: string): AppError {
  return new AppError({
    code: 'kubeconfig.locked',
    message: t`open ${lockName(file)}: file exists`,
    file,
    hint: t`Another kubectl or Kubedeck is writing ${file}. If nothing is, the lock was left by a process that was killed: delete ${lockName(file)} and retry.`
  })
}
