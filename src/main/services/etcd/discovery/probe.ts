// What one host runs, read over SSH in two round trips: first who we are, the clock, the
// tools, the static pod manifests (from kubelet's staticPodPath) and the systemd units of the
// control-plane components; then, once those are parsed, the EnvironmentFiles and config files
// they name and the data dirs' owner, mode, size and free space.
import type { ApiserverInstance, ControlPlaneComponent, EtcdHost, EtcdMember } from '../../../../shared/model/etcd'
import type { SshTarget } from '../../../../shared/model/ssh'
import { toErrorInfo } from '../../../../shared/errors'
import type { RemoteHost } from '../../operations'
import { script, sh, type ShellCommand } from '../../shell'
import { parseToolVersion } from '../etcdctl'
import { IS_MOUNTPOINT } from '../host-scripts'
import {
  apiserverFromStaticPod,
  apiserverFromUnit,
  componentFromStaticPod,
  componentFromUnit,
  etcdMemberFromStaticPod,
  etcdMemberFromUnit,
  unitEnvironment
} from './components'
import { etcdConfigFilePath } from './flags'
import { parseStaticPod, type StaticPod } from './manifest'
import { execStartArgv, parseUnit, type ParsedUnit, type UnitFile } from './systemd'

export interface HostCandidate {
  id: string
  nodeName?: string
  address?: string
  ssh: SshTarget
  /** The API shows an etcd pod on this node: not finding its member is an error, not a detail. */
  runsEtcd?: boolean
}

export interface HostProbe {
  host: EtcdHost
  members: EtcdMember[]
  apiservers: ApiserverInstance[]
  components: ControlPlaneComponent[]
  notes: string[]
}

const UNITS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const
const MARK = '@@kubedeck '

/** Splits `@@kubedeck <name>` sections of a discovery script's output. */
export function sections(text: string): Map<string, string> {
  const out = new Map<string, string>()
  let name: string | null = null
  let buf: string[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith(MARK)) {
      if (name !== null) out.set(name, buf.join('\n'))
      name = line.slice(MARK.length).trim()
      buf = []
    } else if (name !== null) buf.push(line)
  }
  if (name !== null) out.set(name, buf.join('\n'))
  return out
}

/** `systemctl cat` prints each file after a `# /path` line; split it back into files. */
export function splitSystemctlCat(text: string): UnitFile[] {
  const files: UnitFile[] = []
  for (const line of text.split('\n')) {
    const m = /^# (\/\S+)$/.exec(line)
    if (m && /\.(service|conf)$/.test(m[1])) files.push({ path: m[1], text: '' })
    else if (files.length) files[files.length - 1].text += line + '\n'
  }
  return files
}

/** `echo '@@kubedeck NAME'`: the start of a section of the output. */
const section = (name: string) => sh`echo ${MARK + name}`

export const FIRST_PASS: ShellCommand = script(
  sh`export PATH="$PATH:/usr/local/bin:/usr/sbin:/sbin:/opt/etcd/bin:/opt/kubernetes/bin"`,
  sh`${section('hostname')}; hostname`,
  section('tools'),
  sh`for t in etcdutl etcdctl sha256sum ss; do echo "$t=$(command -v $t || true)"; done`,
  sh`${section('etcdutl-version')}; etcdutl version 2>&1 || true`,
  sh`${section('etcdutl-bump')}; etcdutl snapshot restore --help 2>&1 | grep -c -- --bump-revision || true`,
  sh`${section('etcdctl-version')}; ETCDCTL_API=3 etcdctl version 2>&1 || true`,
  sh`SP=$(awk '$1 == "staticPodPath:" {print $2}' /var/lib/kubelet/config.yaml 2>/dev/null); SP=\${SP:-/etc/kubernetes/manifests}`,
  sh`${section('manifests-dir')}; echo "$SP"`,
  sh`for f in "$SP"/*.yaml "$SP"/*.yml; do [ -f "$f" ] || continue; echo ${MARK + 'manifest'} "$f"; cat "$f"; done`,
  ...UNITS.map((u) => {
    const unit = `${u}.service`
    const files = ['/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'].map((d) => `${d}/${unit}`)
    return script(
      sh`${section(`unit ${u}`)}; systemctl cat ${unit} 2>/dev/null || for f in ${files}; do [ -f "$f" ] && { echo "# $f"; cat "$f"; break; }; done`,
      sh`${section(`unit-state ${u}`)}; systemctl is-active ${unit} 2>/dev/null; systemctl is-enabled ${unit} 2>/dev/null`
    )
  })
)

export interface ProbeOptions {
  signal?: AbortSignal
  /** The session belongs to the caller (an operation's shared session): do not close it. */
  keepOpen?: boolean
  /** Time on this machine (injectable for tests). */
  now?: () => number
}

/** Probes one host; an unreachable host comes back with reachable: false and the error. */
export async function probeHost(candidate: HostCandidate, connect: () => Promise<RemoteHost>, opts: ProbeOptions = {}): Promise<HostProbe> {
  const now = opts.now ?? Date.now
  const host: EtcdHost = {
    id: candidate.id,
    nodeName: candidate.nodeName,
    address: candidate.address,
    ssh: candidate.ssh,
    reachable: false,
    root: false,
    tools: { sha256sum: false, ss: false }
  }
  const notes: string[] = []
  let session: RemoteHost
  try {
    session = await connect()
  } catch (e) {
    return { host: { ...host, error: toErrorInfo(e) }, members: [], apiservers: [], components: [], notes }
  }
  try {
    const run = async (command: ShellCommand, sudo: boolean) => {
      const r = await session.run(command, { sudo, timeoutMs: 30_000, signal: opts.signal, audit: { purpose: 'etcd discovery' } })
      return r
    }
    // Who we are and the clock, in the shortest round trip (its midpoint estimates the offset).
    const t0 = now()
    const id = await run(sh`id -u; date +%s%N`, false)
    const t1 = now()
    const [uid, nanos] = id.stdout.trim().split('\n')
    host.reachable = true
    host.root = uid?.trim() === '0'
    if (/^\d{10,}$/.test(nanos?.trim() ?? '')) {
      const remoteMs = Number(BigInt(nanos.trim()) / 1_000_000n)
      host.clock = { offsetMs: Math.round(remoteMs - (t0 + t1) / 2), uncertaintyMs: Math.ceil((t1 - t0) / 2) }
    }
    const sudo = !host.root

    const first = sections((await run(FIRST_PASS, sudo)).stdout)
    const tools = new Map(
      (first.get('tools') ?? '')
        .split('\n')
        .map((l) => l.split('='))
        .filter((kv) => kv.length === 2 && kv[1].trim())
        .map(([k, v]) => [k.trim(), v.trim()])
    )
    host.tools.sha256sum = tools.has('sha256sum')
    host.tools.ss = tools.has('ss')
    const utlVersion = parseToolVersion(first.get('etcdutl-version') ?? '')
    if (tools.has('etcdutl') && utlVersion) {
      host.tools.etcdutl = { path: tools.get('etcdutl')!, version: utlVersion, bumpRevision: Number((first.get('etcdutl-bump') ?? '0').trim()) > 0 }
    }
    const ctlVersion = parseToolVersion(first.get('etcdctl-version') ?? '')
    if (tools.has('etcdctl') && ctlVersion) host.tools.etcdctl = { path: tools.get('etcdctl')!, version: ctlVersion }

    const manifestsDir = (first.get('manifests-dir') ?? '/etc/kubernetes/manifests').trim()
    const pods: StaticPod[] = []
    for (const [name, text] of first) {
      if (!name.startsWith('manifest ')) continue
      const file = name.slice('manifest '.length)
      try {
        pods.push(parseStaticPod(file, text))
      } catch (e) {
        notes.push(`${candidate.id}: ${toErrorInfo(e).message}`)
      }
    }
    const units = new Map<string, ParsedUnit>()
    for (const u of UNITS) {
      const files = splitSystemctlCat(first.get(`unit ${u}`) ?? '')
      // A unit file that is neither running nor enabled (Debian's etcd package on a kubeadm host) is not how the host runs it.
      const state = (first.get(`unit-state ${u}`) ?? '').split('\n').map((l) => l.trim())
      const inUse = state.some((l) => ['active', 'activating', 'reloading', 'failed', 'enabled', 'enabled-runtime', 'static'].includes(l)) || state.every((l) => !l)
      if (files.length && inUse) units.set(u, parseUnit(files, `${u}.service`))
      else if (files.length) notes.push(`${candidate.id}: ${files[0].path} is installed but neither running nor enabled; not used.`)
    }

    // Second pass: the files the first pass pointed at.
    const envPaths = new Set<string>()
    for (const unit of units.values()) for (const f of unit.environmentFiles) envPaths.add(f.path)
    const etcdPod = pods.find((p) => exeName(p.argv) === 'etcd')
    const etcdUnit = units.get('etcd')
    // The config file path can itself come from an EnvironmentFile: read those first, then look.
    const envScript = sh`for f in ${[...envPaths]}; do [ -f "$f" ] && { echo ${MARK + 'env'} "$f"; cat "$f"; }; done`
    const envFirst = envPaths.size ? sections((await run(envScript, sudo)).stdout) : new Map<string, string>()
    const envFiles: Record<string, string> = {}
    for (const [name, text] of envFirst) if (name.startsWith('env ')) envFiles[name.slice(4)] = text

    const etcdEnv = etcdPod ? etcdPod.env : etcdUnit ? unitEnvironment(etcdUnit, { files: envFiles }).env : {}
    const etcdArgv = etcdPod ? etcdPod.argv : etcdUnit ? execStartArgv(etcdUnit, etcdEnv) : []
    const configPath = etcdArgv.length ? etcdConfigFilePath(etcdArgv.slice(1), etcdEnv) : undefined
    let configFile: { path: string; text: string } | undefined
    if (configPath) {
      const r = await run(sh`cat -- ${configPath}`, sudo)
      if (r.exitCode === 0) configFile = { path: configPath, text: r.stdout }
      else notes.push(`${candidate.id}: etcd's config file ${configPath} cannot be read: ${r.stderr.trim()}`)
    }

    const members: EtcdMember[] = []
    const apiservers: ApiserverInstance[] = []
    const components: ControlPlaneComponent[] = []
    for (const pod of pods) {
      const exe = exeName(pod.argv)
      if (exe === 'etcd') members.push(etcdMemberFromStaticPod(candidate.id, pod, manifestsDir, configFile))
      else if (exe === 'kube-apiserver') apiservers.push(apiserverFromStaticPod(candidate.id, pod, manifestsDir))
      else if (exe === 'kube-controller-manager' || exe === 'kube-scheduler') components.push(componentFromStaticPod(candidate.id, exe, pod, manifestsDir))
    }
    const env = { files: envFiles }
    if (etcdUnit && !etcdPod) members.push(etcdMemberFromUnit(candidate.id, 'etcd.service', etcdUnit, env, configFile))
    const apiUnit = units.get('kube-apiserver')
    if (apiUnit && !apiservers.length) apiservers.push(apiserverFromUnit(candidate.id, 'kube-apiserver.service', apiUnit, env))
    for (const c of ['kube-controller-manager', 'kube-scheduler'] as const) {
      const u = units.get(c)
      if (u && !components.some((x) => x.component === c)) components.push(componentFromUnit(candidate.id, c, `${c}.service`, u, env))
    }

    // Data dirs: owner, mode, mount point, size and free space; the binary member's etcd version.
    const facts: ShellCommand[] = [IS_MOUNTPOINT]
    members.forEach((m, i) => {
      const d = m.hostDataDir
      const parent = m.hostDataDir.replace(/\/[^/]+\/?$/, '') || '/'
      facts.push(
        section(`data ${i}`),
        sh`if [ -d ${d} ]; then echo "exists=1"; stat -c 'uid=%u gid=%g mode=%a' -- ${d}; is_mountpoint ${d} && echo mountpoint=1; echo size=$(du -sk -- ${d} | cut -f1); else echo exists=0; fi`,
        sh`echo free=$(df -Pk -- ${d} 2>/dev/null | awk 'NR==2 {print $4}' || df -Pk -- ${parent} | awk 'NR==2 {print $4}')`
      )
      if (m.source.kind === 'systemd' && etcdUnit) {
        const exe = execStartArgv(etcdUnit, etcdEnv)[0]
        if (exe) facts.push(sh`${section(`etcd-version ${i}`)}; ${exe} --version 2>&1 | head -3`)
      }
    })
    if (members.length) {
      const out = sections((await run(script(...facts), sudo)).stdout)
      members.forEach((m, i) => {
        const kv = Object.fromEntries(
          (out.get(`data ${i}`) ?? '')
            .split(/\s+/)
            .map((w) => w.split('='))
            .filter((x) => x.length === 2)
        ) as Record<string, string>
        m.dataDirStat = {
          exists: kv.exists === '1',
          uid: Number(kv.uid ?? 0),
          gid: Number(kv.gid ?? 0),
          mode: kv.mode ?? '',
          mountpoint: kv.mountpoint === '1',
          freeBytes: Number(kv.free ?? 0) * 1024,
          sizeBytes: Number(kv.size ?? 0) * 1024
        }
        const v = /etcd Version:\s*v?(\d+\.\d+\.\d+)/.exec(out.get(`etcd-version ${i}`) ?? '')?.[1]
        if (v) m.version = v
      })
    }
    return { host, members, apiservers, components, notes }
  } catch (e) {
    // A host read halfway is not a host known: it counts as unreachable (a restore must not leave it out).
    const error = toErrorInfo(e)
    return { host: { ...host, reachable: false, error }, members: [], apiservers: [], components: [], notes }
  } finally {
    if (!opts.keepOpen) session.close()
  }
}

const exeName = (argv: string[]) => (argv[0] ?? '').slice((argv[0] ?? '').lastIndexOf('/') + 1)
