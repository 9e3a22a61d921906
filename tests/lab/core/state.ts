// Where a lab instance keeps its state, how instances get their own slot (names and addresses
// inside 198.18.0.0/24), and the locks that let several processes share one instance.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, renameSync, openSync, closeSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import type { LabInfo } from '../index'
import { LabError } from './errors'
import { sleep } from './exec'

/** Root of every instance's state. Outside /etc, /var, /opt, /root, /home, /tmp: hosts overlay those. */
export const STATE_ROOT = process.env.KUBEDECK_LAB_STATE ?? '/srv/kubedeck-lab'
/** 16 slots of 16 addresses fill 198.18.0.0/24. */
export const SLOTS = 16

const INSTANCE_RE = /^[a-z0-9][a-z0-9-]{0,19}$/

export function selectedInstance(instance?: string): string {
  const name = instance ?? process.env.KUBEDECK_LAB_INSTANCE ?? 'default'
  if (!INSTANCE_RE.test(name)) {
    throw new LabError('instance', `"${name}" is not a valid lab instance name: use 1-20 characters a-z, 0-9 and '-', starting with a letter or digit`)
  }
  return name
}

export function instanceDir(instance: string): string {
  return join(STATE_ROOT, 'instances', instance)
}

/** Held while an instance is being built, checked or removed. */
export function instanceLock(instance: string): string {
  return join(STATE_ROOT, 'instances', `${instance}.lock`)
}

/** What `down` needs beyond LabInfo: the kernel objects and processes this instance made. */
export interface LabRuntime {
  instance: string
  slot: number
  /** Per host: its netns name, the pid of its init (pid 1 inside), and of the `unshare` that holds it. */
  hosts: Record<string, { netns: string; initPid: number; initStart: string; holderPid: number; veth: string[] }>
  /** Processes in the machine's namespaces (the bastion relay's local side), with their start times. */
  processes: { pid: number; start: string; what: string }[]
}

export function readLab(instance?: string): LabInfo | undefined {
  const file = join(instanceDir(selectedInstance(instance)), 'lab.json')
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LabInfo
  } catch {
    return undefined
  }
}

export function readRuntime(instance: string): LabRuntime | undefined {
  const file = join(instanceDir(instance), 'runtime.json')
  if (!existsSync(file)) return undefined
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LabRuntime
  } catch {
    return undefined
  }
}

export function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644 })
  renameSync(tmp, file)
}

export function listInstances(): string[] {
  const dir = join(STATE_ROOT, 'instances')
  if (!existsSync(dir)) return []
  return readdirSync(dir).filter((n) => INSTANCE_RE.test(n)).sort()
}

/** The slot an instance owns; allocated on first use, released by `down`. */
export async function allocateSlot(instance: string): Promise<number> {
  return withLock(join(STATE_ROOT, 'slots.lock'), 10_000, () => {
    const slots = readSlots()
    if (slots[instance] !== undefined) return slots[instance]
    const used = new Set(Object.values(slots))
    for (let s = 0; s < SLOTS; s++) {
      if (!used.has(s)) {
        slots[instance] = s
        writeJson(join(STATE_ROOT, 'slots.json'), slots)
        return s
      }
    }
    throw new LabError('instance', `all ${SLOTS} lab slots are in use (${Object.keys(slots).join(', ')}): run \`npm run lab -- down --instance <name>\` for one you no longer need`)
  })
}

export async function releaseSlot(instance: string): Promise<void> {
  await withLock(join(STATE_ROOT, 'slots.lock'), 10_000, () => {
    const slots = readSlots()
    if (slots[instance] === undefined) return
    delete slots[instance]
    writeJson(join(STATE_ROOT, 'slots.json'), slots)
  })
}

export function readSlots(): Record<string, number> {
  const file = join(STATE_ROOT, 'slots.json')
  if (!existsSync(file)) return {}
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>
  } catch {
    return {}
  }
}

/**
 * A lock file holding the owner's pid; a lock whose owner is gone is taken over, so a crashed
 * run never blocks the next one. Waits up to `timeoutMs`.
 */
export async function withLock<T>(file: string, timeoutMs: number, fn: () => T | Promise<T>): Promise<T> {
  mkdirSync(join(file, '..'), { recursive: true })
  const deadline = Date.now() + timeoutMs
  for (;;) {
    try {
      const fd = openSync(file, 'wx', 0o644)
      writeFileSync(fd, `${process.pid}\n`)
      closeSync(fd)
      break
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      const owner = Number(readFileSync(file, 'utf8').trim() || 0)
      if (!owner || !pidAlive(owner)) {
        try {
          unlinkSync(file)
        } catch {}
        continue
      }
      if (Date.now() > deadline) {
        throw new LabError('lock', `${file} is held by pid ${owner} for more than ${timeoutMs / 1000}s (another lab command on this instance?)`)
      }
      await sleep(200)
    }
  }
  try {
    return await fn()
  } finally {
    try {
      unlinkSync(file)
    } catch {}
  }
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Field 22 of /proc/<pid>/stat: identifies a process across pid reuse. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

/** True when `pid` still is the process recorded with start time `start`. */
export function sameProcess(pid: number, start: string): boolean {
  return processStart(pid) === start
}
