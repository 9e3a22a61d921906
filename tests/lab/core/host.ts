// A lab host: a network namespace on the lab bridge plus fresh PID, mount and UTS namespaces
// whose pid 1 is host/host-init.sh. Everything of the host (sshd, the kubelet stand-in and
// its static pods, systemctl-started units) runs under that init, so an SSH session sees
// exactly the processes and files etcd and kube-apiserver use; killing the init ends them all.
import { spawn } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync, chmodSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ExecResult, LabInfo } from '../index'
import { LabError, tailOf } from './errors'
import { run, waitFor } from './exec'
import type { HostPlan, LabPlan } from './plan'
import { processStart, readRuntime, type LabRuntime } from './state'

export const LAB_DIR = dirname(dirname(fileURLToPath(import.meta.url)))
/** PATH inside hosts, as sshd gives root: the lab's tools (/usr/local/sbin) come first. */
export const HOST_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'

export function hostStateDir(stateDir: string, host: string): string {
  return join(stateDir, 'hosts', host)
}

/** Directories a host keeps to itself (bind mounts of <host state>/fs/<dir>, see host-init.sh). */
const PRIVATE_DIRS = ['/root', '/home', '/tmp', '/opt', '/etc/kubernetes', '/etc/etcd', '/etc/systemd/system', '/var/lib/etcd', '/var/lib/kubelet', '/var/log']

/**
 * Where a file the host wrote lives on the machine, readable even after the lab is down (logs
 * for post-mortems). Only for files the host itself made: not for what it sees of the machine.
 */
export function machinePath(stateDir: string, host: string, path: string): string {
  const dir = hostStateDir(stateDir, host)
  const inPrivate = PRIVATE_DIRS.some((d) => path === d || path.startsWith(`${d}/`))
  return inPrivate ? join(dir, 'fs', path) : join(dir, 'upper', path)
}

/** Bridges and veths for the plan; the machine gets its address on the network it reaches. */
export async function createNetwork(plan: LabPlan): Promise<void> {
  const ip = (...args: string[]) => run('ip', args, { component: 'network', timeoutMs: 10_000 })
  const bridges = plan.outerBridge ? [plan.nodeBridge, plan.outerBridge] : [plan.nodeBridge]
  for (const br of bridges) {
    await ip('link', 'add', br, 'type', 'bridge')
    await ip('link', 'set', br, 'up')
  }
  await ip('addr', 'add', `${plan.machineAddress}/${plan.prefix}`, 'dev', plan.outerBridge ?? plan.nodeBridge)
  // The rest of the instance's block is unreachable from the machine (with a bastion: the node
  // network), rather than routed out of the default gateway.
  await ip('route', 'add', 'unreachable', slotBlock(plan.slot))
  const attach = async (h: HostPlan, outside: string, bridge: string, inside: string, address: string) => {
    const peer = `${outside}p`
    await ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', peer)
    await ip('link', 'set', peer, 'netns', h.netns)
    await ip('-n', h.netns, 'link', 'set', peer, 'name', inside)
    await ip('-n', h.netns, 'addr', 'add', `${address}/${plan.prefix}`, 'dev', inside)
    await ip('-n', h.netns, 'link', 'set', inside, 'up')
    await ip('link', 'set', outside, 'master', bridge)
    await ip('link', 'set', outside, 'up')
  }
  await Promise.all(
    [...(plan.bastionHost ? [plan.bastionHost] : []), ...plan.hosts].map(async (h) => {
      await ip('netns', 'add', h.netns)
      await ip('-n', h.netns, 'link', 'set', 'lo', 'up')
      if (h === plan.bastionHost) {
        await attach(h, h.veth[0], plan.outerBridge!, 'eth0', h.address)
        await attach(h, h.veth[1], plan.nodeBridge, 'eth1', h.innerAddress!)
      } else {
        await attach(h, h.veth[0], plan.nodeBridge, 'eth0', h.address)
      }
    })
  )
}

/** The /28 an instance's slot owns. */
export function slotBlock(slot: number): string {
  return `198.18.0.${slot * 16}/28`
}

/** Starts the host's init and waits until its namespaces are set up. */
export async function startHost(stateDir: string, h: HostPlan, toolsDir: string): Promise<LabRuntime['hosts'][string]> {
  const dir = hostStateDir(stateDir, h.name)
  mkdirSync(dir, { recursive: true })
  const log = join(dir, 'init.log')
  const fd = openSync(log, 'a')
  const child = spawn(
    'nsenter',
    [`--net=/run/netns/${h.netns}`, '--', 'unshare', '--pid', '--fork', '--mount-proc', '--mount', '--uts', '--propagation', 'private', '--', 'bash', join(LAB_DIR, 'host', 'host-init.sh'), h.name, dir, toolsDir],
    { detached: true, stdio: ['ignore', fd, fd] }
  )
  closeSync(fd)
  child.unref()
  const holderPid = child.pid!
  await waitFor(`host ${h.name} to start`, () => existsSync(join(dir, 'ready')) || (child.exitCode !== null ? Promise.reject(new Error(`init exited ${child.exitCode}`)) : false), {
    timeoutMs: 15_000,
    intervalMs: 50,
    component: `host ${h.name}`,
    logPath: log,
    detail: () => tailOf(readFileSync(log, 'utf8'))
  })
  const initPid = Number(readFileSync(`/proc/${holderPid}/task/${holderPid}/children`, 'utf8').trim().split(/\s+/)[0])
  if (!initPid) throw new LabError(`host ${h.name}`, 'its init process is gone right after start', log)
  return { netns: h.netns, initPid, initStart: processStart(initPid)!, holderPid, veth: h.veth }
}

function runtimeHost(lab: Pick<LabInfo, 'instance'>, host: string): LabRuntime['hosts'][string] {
  const rt = readRuntime(lab.instance)
  const h = rt?.hosts[host]
  if (!h) throw new LabError(`host ${host}`, `lab instance "${lab.instance}" has no host "${host}" (hosts: ${Object.keys(rt?.hosts ?? {}).join(', ') || 'none; is the lab up?'})`)
  if (processStart(h.initPid) !== h.initStart) throw new LabError(`host ${host}`, `host ${host} of lab "${lab.instance}" is not running (its init, pid ${h.initPid}, is gone); run \`npm run lab -- up\` again`)
  return h
}

/**
 * Runs `command` with bash inside the host, as root with the PATH an SSH session gets there.
 * Never throws for a non-zero exit (look at `code`); throws on timeout (default 60s).
 */
export async function hostExec(lab: Pick<LabInfo, 'instance'>, host: string, command: string, opts: { timeoutMs?: number; input?: string } = {}): Promise<ExecResult> {
  const h = runtimeHost(lab, host)
  return run('nsenter', ['-t', String(h.initPid), '-a', '--', 'env', '-i', `PATH=${HOST_PATH}`, 'HOME=/root', 'USER=root', 'LOGNAME=root', 'LANG=C.UTF-8', 'TERM=dumb', 'bash', '-c', `cd /root && ${command}`], {
    timeoutMs: opts.timeoutMs ?? 60_000,
    input: opts.input,
    component: `host ${host}`,
    allowFailure: true
  })
}

/** hostExec that throws (naming the host and the command's output) unless the command succeeds. */
export async function hostRun(lab: Pick<LabInfo, 'instance'>, host: string, command: string, opts: { timeoutMs?: number; input?: string; what?: string; logPath?: string } = {}): Promise<string> {
  const r = await hostExec(lab, host, command, opts)
  if (r.code !== 0) throw new LabError(`host ${host}`, `${opts.what ?? `\`${command.length > 200 ? `${command.slice(0, 200)}…` : command}\``} failed (exit ${r.code}):\n${tailOf(r.stderr || r.stdout)}`, opts.logPath)
  return r.stdout
}

/**
 * The machine path of a file as the host sees it (/proc/<init>/root/<path>): read host files
 * from tests without a shell, e.g. readFileSync(hostFile(lab, 'node-1', '/etc/kubernetes/admin.conf')).
 */
export function hostFile(lab: Pick<LabInfo, 'instance'>, host: string, path: string): string {
  return `/proc/${runtimeHost(lab, host).initPid}/root${path.startsWith('/') ? path : `/${path}`}`
}

/** Writes a file into a host (parents created), through its mount namespace. */
export function writeHostFile(lab: Pick<LabInfo, 'instance'>, host: string, path: string, content: string | Buffer, mode = 0o644): void {
  const target = hostFile(lab, host, path)
  mkdirSync(dirname(target), { recursive: true })
  writeFileSync(target, content, { mode })
  chmodSync(target, mode)
}
