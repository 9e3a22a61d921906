// Removing a lab: its hosts' processes (killing a host's init ends every process in its PID
// namespace), the machine-side processes it started, its network namespaces, bridges and
// veths, and its state. Works from the recorded runtime and, after a crash, from names alone.
import { existsSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync } from 'node:fs'
import { run, sleep } from './exec'
import { slotBlock } from './host'
import { LINK_PREFIX, NETNS_PREFIX } from './plan'
import { STATE_ROOT, instanceDir, instanceLock, listInstances, readRuntime, readSlots, releaseSlot, sameProcess, selectedInstance, withLock } from './state'

/** Removes one instance (default: the selected one): processes, namespaces, links and state. */
export async function labDown(instance?: string): Promise<void> {
  const name = selectedInstance(instance)
  await withLock(instanceLock(name), 15 * 60_000, () => teardownInstance(name, { keepState: false }))
}

/** Removes everything any lab instance made on this machine. */
export async function labDownAll(): Promise<void> {
  const names = new Set([...listInstances(), ...Object.keys(readSlots())])
  for (const n of names) await labDown(n)
  // Whatever a crashed run left without a record.
  await killNetnsProcesses((ns) => ns.startsWith(NETNS_PREFIX))
  await removeNetns((ns) => ns.startsWith(NETNS_PREFIX))
  await removeLinks(new RegExp(`^${LINK_PREFIX}\\d+(n|o|h\\d+|bo|bi)p?$`))
  for (let slot = 0; slot < 16; slot++) await run('ip', ['route', 'del', 'unreachable', slotBlock(slot)], { component: 'network', allowFailure: true, timeoutMs: 10_000 })
  if (existsSync(STATE_ROOT)) rmSync(STATE_ROOT, { recursive: true, force: true })
}

/** Takes an instance apart; with keepState its files (logs) stay for a post-mortem. */
export async function teardownInstance(instance: string, opts: { keepState: boolean }): Promise<void> {
  const rt = readRuntime(instance)
  const nsPrefix = `${NETNS_PREFIX}${instance}-`
  const killed: number[] = []
  if (rt) {
    for (const h of Object.values(rt.hosts)) if (sameProcess(h.initPid, h.initStart)) killed.push(safeKill(h.initPid))
    for (const p of rt.processes) if (sameProcess(p.pid, p.start)) killed.push(safeKill(p.pid))
  }
  killed.push(...(await killNetnsProcesses((ns) => ns.startsWith(nsPrefix))))
  await waitGone(killed)
  await removeNetns((ns) => ns.startsWith(nsPrefix))
  const slot = rt?.slot ?? readSlots()[instance]
  if (slot !== undefined) {
    await removeLinks(new RegExp(`^${LINK_PREFIX}${slot}(n|o|h\\d+|bo|bi)p?$`))
    await run('ip', ['route', 'del', 'unreachable', slotBlock(slot)], { component: 'network', allowFailure: true, timeoutMs: 10_000 })
  }
  if (!opts.keepState) {
    rmSync(instanceDir(instance), { recursive: true, force: true })
    await releaseSlot(instance)
  }
}

function safeKill(pid: number): number {
  try {
    process.kill(pid, 'SIGKILL')
  } catch {}
  return pid
}

/** Until killed processes are reaped (gone from /proc), so `down` returns with nothing left. */
async function waitGone(pids: number[]): Promise<void> {
  const deadline = Date.now() + 10_000
  while (pids.some((p) => existsSync(`/proc/${p}`)) && Date.now() < deadline) await sleep(50)
}

function labNetns(filter: (ns: string) => boolean): string[] {
  if (!existsSync('/run/netns')) return []
  return readdirSync('/run/netns').filter(filter)
}

/** Kills every process whose network namespace is one of the lab's (a host's init, or a stray); returns their pids. */
async function killNetnsProcesses(filter: (ns: string) => boolean): Promise<number[]> {
  const inodes = new Map<number, string>()
  for (const ns of labNetns(filter)) {
    try {
      inodes.set(statSync(`/run/netns/${ns}`).ino, ns)
    } catch {}
  }
  const killed: number[] = []
  if (inodes.size === 0) return killed
  const victims = () =>
    readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .map(Number)
      .filter((pid) => {
        try {
          const m = /net:\[(\d+)\]/.exec(readlinkSync(`/proc/${pid}/ns/net`))
          return m !== null && inodes.has(Number(m[1]))
        } catch {
          return false
        }
      })
  for (let round = 0; round < 50; round++) {
    const left = victims()
    if (left.length === 0) break
    for (const pid of left) killed.push(safeKill(pid))
    await sleep(100)
  }
  return killed
}

async function removeNetns(filter: (ns: string) => boolean): Promise<void> {
  for (const ns of labNetns(filter)) await run('ip', ['netns', 'del', ns], { component: 'network', allowFailure: true, timeoutMs: 10_000 })
}

async function removeLinks(re: RegExp): Promise<void> {
  const r = await run('ip', ['-o', 'link', 'show'], { component: 'network', timeoutMs: 10_000 })
  const names = r.stdout
    .split('\n')
    .map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1])
    .filter((n): n is string => !!n && re.test(n))
  for (const n of names) await run('ip', ['link', 'del', n], { component: 'network', allowFailure: true, timeoutMs: 10_000 })
}

/**
 * What a lab instance (or, without one, any lab) still holds on the machine: network
 * namespaces, links and routes (its own, and any whose slot no instance owns), processes in its
 * namespaces or running from its state, mounts, state. Empty after `down`; the lab's test asserts it.
 */
export async function leftovers(instance?: string): Promise<string[]> {
  const name = instance === undefined ? undefined : selectedInstance(instance)
  const nsPrefix = name ? `${NETNS_PREFIX}${name}-` : NETNS_PREFIX
  const slots = readSlots()
  const owned = new Set(Object.entries(slots).filter(([n]) => n !== name).map(([, s]) => s))
  const mine = (slot: number) => (name ? slots[name] === slot || !owned.has(slot) : true)
  const found: string[] = []
  for (const ns of labNetns((n) => n.startsWith(nsPrefix))) found.push(`network namespace ${ns}`)
  const links = await run('ip', ['-o', 'link', 'show'], { component: 'network' })
  for (const l of links.stdout.split('\n')) {
    const m = new RegExp(`^\\d+: (${LINK_PREFIX}(\\d+)(n|o|h\\d+|bo|bi)p?)[:@]`).exec(l)
    if (m && mine(Number(m[2]))) found.push(`link ${m[1]}`)
  }
  const routes = await run('ip', ['route', 'show', 'type', 'unreachable'], { component: 'network' })
  for (const l of routes.stdout.split('\n')) {
    const m = /^unreachable 198\.18\.0\.(\d+)\/28/.exec(l)
    if (m && mine(Number(m[1]) / 16)) found.push(`route ${l.trim()}`)
  }
  const root = name ? instanceDir(name) : STATE_ROOT
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    const cmd = readFileSafe(`/proc/${p}/cmdline`).replace(/\0/g, ' ')
    if (cmd.includes(`${root}/`) || cmd.includes(`/run/netns/${nsPrefix}`)) found.push(`process ${p}: ${cmd.slice(0, 120)}`)
  }
  for (const l of readFileSafe('/proc/self/mountinfo').split('\n')) if (l.includes(root) || l.includes(`/run/netns/${nsPrefix}`)) found.push(`mount ${l.split(' ')[4]}`)
  if (name && existsSync(root)) found.push(`state ${root}`)
  return found
}

function readFileSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}
