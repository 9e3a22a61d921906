// The lab's kubelet stand-in (run as the host's kubelet.service; it is NOT kubelet). It does
// what kubelet does that the lab needs, against the real API server:
//  - registers the host's Node (InternalIP = the host's address) with the node's credentials;
//  - runs kwok for this one node (the kubelet API on :10250: Ready status, leases, pod
//    lifecycle, `kubectl logs` and `kubectl exec`), restarting it if it exits;
//  - runs the static pods of `staticPodPath` (kubelet's --config file): image mapped to the
//    local binary, command and args as written, env, hostPath volumes bound at their
//    mountPath; starts, stops or restarts them within a second or two of the manifest being
//    added, removed or changed, restarts exited containers with a back-off, writes CRI-format
//    logs under /var/log/pods, and keeps mirror pods (with status) in the API server.
// Like kubelet with a container runtime, stopping it leaves running static pods alone; it
// adopts them again when it starts.
import { spawn, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parse } from 'yaml'
import { ApiError, clientFromKubeconfig, type KubeClient } from './kube-client'

const { values: flags } = parseArgs({
  options: {
    'node-name': { type: 'string' },
    'node-ip': { type: 'string' },
    kubeconfig: { type: 'string' },
    config: { type: 'string' },
    'bin-dir': { type: 'string' },
    // name:tagPrefix=binary, e.g. etcd:3.4=/usr/bin/etcd (checked before bin-dir/<name>)
    'image-bin': { type: 'string', multiple: true, default: [] },
    'kwok-config': { type: 'string' },
    // kwok acts for the node with its own identity: node credentials may not list nodes.
    'kwok-kubeconfig': { type: 'string' },
    'pod-cidr': { type: 'string', default: '10.244.0.0/24' },
    'tls-cert-file': { type: 'string' },
    'tls-private-key-file': { type: 'string' },
    'kubelet-version': { type: 'string', default: 'v0.0.0' }
  }
})

const nodeName = required('node-name')
const nodeIP = required('node-ip')
const kubeconfig = required('kubeconfig')
const binDir = required('bin-dir')
const STATE_DIR = '/run/lab-kubelet'
const POD_LOG_DIR = '/var/log/pods'

function required(name: keyof typeof flags): string {
  const v = flags[name]
  if (typeof v !== 'string' || !v) {
    console.error(`kubelet stand-in: --${name} is required`)
    process.exit(2)
  }
  return v
}

function log(msg: string): void {
  console.log(`${new Date().toISOString()} ${msg}`)
}

function staticPodPath(): string | undefined {
  if (!flags.config || !existsSync(flags.config)) return undefined
  try {
    return parse(readFileSync(flags.config, 'utf8'))?.staticPodPath || undefined
  } catch (e) {
    log(`cannot read ${flags.config}: ${(e as Error).message}`)
    return undefined
  }
}

// ---------------------------------------------------------------- API access

let client: KubeClient | undefined
function api(): KubeClient {
  client ??= clientFromKubeconfig(kubeconfig)
  return client
}
let nodeUid: string | undefined

async function registerNode(): Promise<boolean> {
  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: nodeName,
      labels: { 'kubernetes.io/hostname': nodeName, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'beta.kubernetes.io/arch': 'amd64' },
      annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' }
    },
    spec: { podCIDR: flags['pod-cidr'], podCIDRs: [flags['pod-cidr']] },
    status: {
      addresses: [
        { type: 'InternalIP', address: nodeIP },
        { type: 'Hostname', address: nodeName }
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        osImage: 'Kubedeck lab host (Debian GNU/Linux 12)',
        kernelVersion: readFileSync('/proc/sys/kernel/osrelease', 'utf8').trim(),
        kubeletVersion: flags['kubelet-version'],
        kubeProxyVersion: '',
        containerRuntimeVersion: 'lab-static-pod-runner://1',
        machineID: '',
        systemUUID: '',
        bootID: ''
      }
    }
  }
  try {
    const created = await api().call<{ metadata: { uid: string } }>('POST', '/api/v1/nodes', node)
    nodeUid = created.metadata.uid
    log(`registered node ${nodeName} (${nodeIP})`)
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 409)) throw e
    nodeUid = (await api().call<{ metadata: { uid: string } }>('GET', `/api/v1/nodes/${nodeName}`)).metadata.uid
  }
  return true
}

// ---------------------------------------------------------------- kwok (the kubelet API)

let kwok: ChildProcess | undefined
let kwokPending = false
let kwokRestarts = 0
let stopping = false

function startKwok(): void {
  if (!flags['kwok-config'] || stopping) return
  const out = openSync('/var/log/kwok.log', 'a')
  const args = [
    `--kubeconfig=${flags['kwok-kubeconfig'] ?? kubeconfig}`,
    `--config=${flags['kwok-config']}`,
    `--manage-single-node=${nodeName}`,
    `--node-name=${nodeName}`,
    `--node-ip=${nodeIP}`,
    '--node-port=10250',
    `--server-address=0.0.0.0:10250`,
    `--cidr=${flags['pod-cidr']}`,
    '--node-lease-duration-seconds=40',
    '--enable-crds=Logs',
    // Mirror pods' status is this stand-in's to report, not kwok's.
    '--disregard-status-with-annotation-selector=kubernetes.io/config.mirror',
    ...(flags['tls-cert-file'] ? [`--tls-cert-file=${flags['tls-cert-file']}`, `--tls-private-key-file=${flags['tls-private-key-file']}`] : [])
  ]
  kwok = spawn(join(binDir, 'kwok'), args, { stdio: ['ignore', out, out] })
  closeSync(out)
  log(`started kwok (pid ${kwok.pid}) for node ${nodeName}`)
  kwok.on('exit', (code, signal) => {
    kwok = undefined
    if (stopping) return
    kwokRestarts++
    const delay = Math.min(1000 * 2 ** Math.min(kwokRestarts - 1, 2), 4000)
    log(`kwok exited (${code ?? signal}); restarting in ${delay / 1000}s (see /var/log/kwok.log)`)
    kwokPending = true
    setTimeout(() => {
      kwokPending = false
      startKwok()
    }, delay)
  })
}

// ---------------------------------------------------------------- static pods

interface ContainerSpec {
  name: string
  image: string
  command?: string[]
  args?: string[]
  env?: { name: string; value?: string }[]
  workingDir?: string
  volumeMounts?: { name: string; mountPath: string }[]
  ports?: { name?: string; containerPort: number }[]
  readinessProbe?: Probe
  startupProbe?: Probe
  livenessProbe?: Probe
}
interface Probe {
  httpGet?: { host?: string; port: number | string; path?: string; scheme?: string }
}
interface PodManifest {
  apiVersion: string
  kind: string
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }
  spec: {
    containers: ContainerSpec[]
    volumes?: { name: string; hostPath?: { path: string; type?: string } }[]
    terminationGracePeriodSeconds?: number
    hostNetwork?: boolean
    [k: string]: unknown
  }
}

interface ContainerState {
  name: string
  pid?: number
  start?: string
  startedAt?: string
  restartCount: number
  lastExit?: { code: number | null; at: string }
  nextStartAt?: number
  ready: boolean
}

interface PodState {
  file: string
  hash: string
  uid: string
  name: string
  namespace: string
  manifest: PodManifest
  containers: ContainerState[]
  createdAt: string
  mirrorSynced?: string
  logsRule?: boolean
}

const pods = new Map<string, PodState>() // by manifest file name
const children = new Map<number, ChildProcess>()

function procStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    if (fields[0] === 'Z') return undefined
    return fields[19]
  } catch {
    return undefined
  }
}
const alive = (c: ContainerState) => c.pid !== undefined && c.start !== undefined && procStart(c.pid) === c.start

function saveState(p: PodState): void {
  mkdirSync(STATE_DIR, { recursive: true })
  const file = join(STATE_DIR, `${p.file}.json`)
  writeFileSync(`${file}.tmp`, JSON.stringify({ ...p, mirrorSynced: undefined, logsRule: undefined }))
  renameSync(`${file}.tmp`, file)
}

function binaryFor(image: string): string {
  const ref = image.split('@')[0]
  const slash = ref.lastIndexOf('/')
  const [name, tag = ''] = ref.slice(slash + 1).split(':')
  for (const rule of flags['image-bin']!) {
    const [match, bin] = rule.split('=')
    const [n, prefix = ''] = match.split(':')
    if (n === name && tag.startsWith(prefix)) return bin
  }
  return join(binDir, name)
}

function containerLogPath(p: PodState, c: ContainerSpec, restartCount: number): string {
  return join(POD_LOG_DIR, `${p.namespace}_${p.name}_${p.uid}`, c.name, `${restartCount}.log`)
}

function startContainer(p: PodState, c: ContainerSpec, st: ContainerState): void {
  const argv = [...(c.command ?? []), ...(c.args ?? [])]
  if (argv.length === 0) {
    log(`${p.name}/${c.name}: no command in ${p.file}; the lab's images have no entrypoint`)
    st.lastExit = { code: 127, at: new Date().toISOString() }
    return
  }
  const binary = argv[0].includes('/') ? argv[0] : binaryFor(c.image)
  const binds: string[] = []
  for (const m of c.volumeMounts ?? []) {
    const vol = p.manifest.spec.volumes?.find((v) => v.name === m.name)
    const src = vol?.hostPath?.path
    if (!src) continue
    if (vol!.hostPath!.type === 'DirectoryOrCreate') mkdirSync(src, { recursive: true })
    if (vol!.hostPath!.type === 'FileOrCreate' && !existsSync(src)) writeFileSync(src, '')
    if (src !== m.mountPath) binds.push(`--bind=${src}:${m.mountPath}`)
  }
  const logFile = containerLogPath(p, c, st.restartCount)
  mkdirSync(join(logFile, '..'), { recursive: true })
  const env: NodeJS.ProcessEnv = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root' }
  for (const e of c.env ?? []) if (e.value !== undefined) env[e.name] = e.value
  const child = spawn('/usr/local/sbin/lab-container-shim', [logFile, ...binds, '--', binary, ...argv.slice(1)], {
    detached: true,
    stdio: 'ignore',
    cwd: c.workingDir ?? '/',
    env
  })
  child.unref()
  const pid = child.pid!
  children.set(pid, child)
  child.on('exit', (code) => {
    children.delete(pid)
    if (st.pid === pid) st.lastExit = { code, at: new Date().toISOString() }
  })
  st.pid = pid
  st.start = procStart(pid)
  st.startedAt = new Date().toISOString()
  st.ready = false
  st.nextStartAt = undefined
  log(`${p.name}/${c.name}: started ${binary} (pid ${pid}, restart ${st.restartCount})`)
}

async function stopPod(p: PodState, why: string): Promise<void> {
  const grace = (p.manifest.spec.terminationGracePeriodSeconds ?? 30) * 1000
  const running = p.containers.filter(alive)
  for (const c of running) {
    log(`${p.name}/${c.name}: stopping pid ${c.pid} (${why})`)
    try {
      process.kill(c.pid!, 'SIGTERM')
    } catch {}
  }
  const deadline = Date.now() + grace
  while (running.some(alive) && Date.now() < deadline) await sleep(100)
  for (const c of running.filter(alive)) {
    try {
      process.kill(c.pid!, 'SIGKILL')
    } catch {}
  }
  while (running.some(alive)) await sleep(50)
  rmSync(join(STATE_DIR, `${p.file}.json`), { force: true })
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function readManifests(dir: string): Map<string, { content: string; manifest: PodManifest }> {
  const out = new Map<string, { content: string; manifest: PodManifest }>()
  if (!existsSync(dir)) return out
  for (const f of readdirSync(dir)) {
    // kubelet skips hidden files; it reads .yaml, .yml and .json.
    if (f.startsWith('.') || !/\.(ya?ml|json)$/.test(f)) continue
    const path = join(dir, f)
    try {
      if (!statSync(path).isFile()) continue
      const content = readFileSync(path, 'utf8')
      const manifest = parse(content) as PodManifest
      if (manifest?.kind !== 'Pod' || !manifest.metadata?.name || !Array.isArray(manifest.spec?.containers)) {
        log(`${path}: not a Pod manifest; ignored`)
        continue
      }
      out.set(f, { content, manifest })
    } catch (e) {
      log(`${path}: cannot parse: ${(e as Error).message}`)
    }
  }
  return out
}

/** Brings running static pods in line with the manifests directory. */
async function reconcile(): Promise<void> {
  const dir = staticPodPath()
  const want = dir ? readManifests(dir) : new Map()
  for (const [file, p] of pods) {
    const w = want.get(file)
    const hash = w ? sha(w.content) : undefined
    if (hash !== p.hash) {
      pods.delete(file)
      await stopPod(p, w ? `${file} changed` : `${file} removed`)
      deleteMirror(p)
    }
  }
  for (const [file, w] of want) {
    if (pods.has(file)) continue
    const hash = sha(w.content)
    const m = w.manifest
    const p: PodState = {
      file,
      hash,
      uid: uidFor(hash),
      name: `${m.metadata.name}-${nodeName}`,
      namespace: m.metadata.namespace ?? 'default',
      manifest: m,
      containers: m.spec.containers.map((c: ContainerSpec) => ({ name: c.name, restartCount: 0, ready: false })),
      createdAt: new Date().toISOString()
    }
    pods.set(file, p)
    log(`${file}: new static pod ${p.namespace}/${p.name}`)
  }
  // Start what should run: first start, or a restart after back-off (restartPolicy Always).
  for (const p of pods.values()) {
    p.manifest.spec.containers.forEach((spec, i) => {
      const st = p.containers[i]
      if (alive(st)) return
      if (st.pid !== undefined) {
        // It exited: schedule a restart with kubelet's doubling back-off (shorter, for a lab).
        const exitInfo = st.lastExit ?? { code: null, at: new Date().toISOString() }
        log(`${p.name}/${spec.name}: exited (${exitInfo.code ?? 'unknown'}); see ${containerLogPath(p, spec, st.restartCount)}`)
        st.lastExit = exitInfo
        st.pid = undefined
        st.start = undefined
        st.ready = false
        const ranMs = st.startedAt ? Date.now() - Date.parse(st.startedAt) : 0
        const backoff = ranMs > 60_000 ? 0 : Math.min(1000 * 2 ** Math.min(st.restartCount, 4), 16_000)
        st.restartCount++
        st.nextStartAt = Date.now() + backoff
      }
      if (st.nextStartAt === undefined || Date.now() >= st.nextStartAt) startContainer(p, spec, st)
    })
    saveState(p)
  }
}

function sha(text: string): string {
  return createHash('sha256').update(nodeName).update(text).digest('hex')
}
function uidFor(hash: string): string {
  return `${hash.slice(0, 8)}-${hash.slice(8, 12)}-${hash.slice(12, 16)}-${hash.slice(16, 20)}-${hash.slice(20, 32)}`
}

/** Takes back static pods that kept running while the stand-in was stopped. */
function adopt(): void {
  if (!existsSync(STATE_DIR)) return
  const dir = staticPodPath()
  const want = dir ? readManifests(dir) : new Map()
  for (const f of readdirSync(STATE_DIR)) {
    if (!f.endsWith('.json')) continue
    try {
      const p = JSON.parse(readFileSync(join(STATE_DIR, f), 'utf8')) as PodState
      const w = want.get(p.file)
      if (w && sha(w.content) === p.hash) {
        pods.set(p.file, p)
        log(`${p.file}: adopted running static pod ${p.name}`)
      } else {
        // The manifest went away or changed while we were stopped: what ran for it must stop.
        for (const c of p.containers) if (alive(c)) process.kill(c.pid!, 'SIGKILL')
        rmSync(join(STATE_DIR, f), { force: true })
      }
    } catch (e) {
      log(`${f}: unreadable state: ${(e as Error).message}`)
    }
  }
}

// ---------------------------------------------------------------- probes and mirror pods

async function probe(c: ContainerSpec, p: Probe | undefined): Promise<boolean | undefined> {
  const g = p?.httpGet
  if (!g) return undefined
  const https = (g.scheme ?? 'HTTP').toUpperCase() === 'HTTPS'
  // kubeadm names its probe ports (probe-port); kubelet resolves them from the container's ports.
  const port = typeof g.port === 'number' || /^\d+$/.test(g.port) ? g.port : c.ports?.find((x) => x.name === g.port)?.containerPort
  if (port === undefined) return false
  const url = `${https ? 'https' : 'http'}://${g.host || nodeIP}:${port}${g.path ?? '/'}`
  return new Promise((resolve) => {
    const req = (https ? httpsRequest : httpRequest)(url, { timeout: 2000, rejectUnauthorized: false }, (res) => {
      res.resume()
      resolve((res.statusCode ?? 500) >= 200 && (res.statusCode ?? 500) < 400)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(false))
    req.end()
  })
}

async function updateReadiness(): Promise<void> {
  await Promise.all(
    [...pods.values()].flatMap((p) =>
      p.manifest.spec.containers.map(async (spec, i) => {
        const st = p.containers[i]
        if (!alive(st)) {
          st.ready = false
          return
        }
        const r = await probe(spec, spec.readinessProbe ?? spec.startupProbe)
        st.ready = r ?? true
      })
    )
  )
}

function mirrorStatus(p: PodState): unknown {
  const now = new Date().toISOString()
  const ready = p.containers.every((c) => c.ready)
  const containerStatuses = p.manifest.spec.containers.map((spec, i) => {
    const st = p.containers[i]
    const running = alive(st)
    return {
      name: spec.name,
      image: spec.image,
      imageID: '',
      containerID: st.pid ? `lab://${st.pid}` : undefined,
      ready: st.ready,
      started: running,
      restartCount: st.restartCount,
      state: running
        ? { running: { startedAt: st.startedAt } }
        : st.restartCount > 0
          ? { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${spec.name} in pod ${p.name}` } }
          : { waiting: { reason: 'ContainerCreating' } },
      ...(st.lastExit ? { lastState: { terminated: { exitCode: st.lastExit.code ?? 137, reason: st.lastExit.code === 0 ? 'Completed' : 'Error', finishedAt: st.lastExit.at } } } : {})
    }
  })
  return {
    phase: 'Running',
    hostIP: nodeIP,
    hostIPs: [{ ip: nodeIP }],
    podIP: nodeIP,
    podIPs: [{ ip: nodeIP }],
    startTime: p.createdAt,
    qosClass: 'Burstable',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True', lastTransitionTime: p.createdAt },
      { type: 'Initialized', status: 'True', lastTransitionTime: p.createdAt },
      { type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: now },
      { type: 'ContainersReady', status: ready ? 'True' : 'False', lastTransitionTime: now },
      { type: 'PodScheduled', status: 'True', lastTransitionTime: p.createdAt }
    ],
    containerStatuses
  }
}

async function syncMirror(p: PodState): Promise<void> {
  const base = `/api/v1/namespaces/${p.namespace}/pods`
  const status = mirrorStatus(p)
  const fingerprint = JSON.stringify(status, (k, v) => (k === 'lastTransitionTime' ? undefined : v))
  if (p.mirrorSynced !== fingerprint) {
    if (!p.mirrorSynced) await createMirror(p, base)
    try {
      await api().call('PATCH', `${base}/${p.name}/status`, { status }, 'application/strategic-merge-patch+json')
    } catch (e) {
      // Someone deleted the mirror pod: kubelet recreates it (the static pod itself keeps running).
      if (e instanceof ApiError && (e.status === 404 || e.status === 403)) p.mirrorSynced = undefined
      throw e
    }
    p.mirrorSynced = fingerprint
  }
  if (!p.logsRule) {
    await ensureLogsRule(p)
    p.logsRule = true
  }
}

async function createMirror(p: PodState, base: string): Promise<void> {
  const m = p.manifest
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      labels: m.metadata.labels,
      annotations: {
        ...m.metadata.annotations,
        'kubernetes.io/config.hash': p.uid,
        'kubernetes.io/config.mirror': p.uid,
        'kubernetes.io/config.seen': p.createdAt,
        'kubernetes.io/config.source': 'file'
      },
      ownerReferences: nodeUid ? [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: nodeUid, controller: true }] : undefined
    },
    spec: { ...m.spec, nodeName }
  }
  // Node credentials may only read pods bound to the node: create first, as kubelet does.
  try {
    await api().call('POST', base, pod)
    log(`${p.name}: mirror pod created`)
  } catch (e) {
    if (!(e instanceof ApiError && e.status === 409)) throw e
    const existing = await api().call<{ metadata: { annotations?: Record<string, string> } }>('GET', `${base}/${p.name}`)
    if (existing.metadata.annotations?.['kubernetes.io/config.mirror'] !== p.uid) {
      await api().call('DELETE', `${base}/${p.name}`, { gracePeriodSeconds: 0 })
      await api().call('POST', base, pod)
      log(`${p.name}: mirror pod replaced`)
    }
  }
}

/** A kwok Logs rule so `kubectl logs` of the mirror pod reads the container's CRI log here. */
async function ensureLogsRule(p: PodState): Promise<void> {
  const logs = p.manifest.spec.containers.map((c) => ({
    containers: [c.name],
    logsFile: join(POD_LOG_DIR, `${p.namespace}_${p.name}_${p.uid}`, c.name, 'current.log'),
    follow: true
  }))
  const body = { apiVersion: 'kwok.x-k8s.io/v1alpha1', kind: 'Logs', metadata: { name: p.name, namespace: p.namespace }, spec: { logs } }
  const path = `/apis/kwok.x-k8s.io/v1alpha1/namespaces/${p.namespace}/logs`
  try {
    await api().call('POST', path, body)
  } catch (e) {
    if (e instanceof ApiError && e.status === 409) {
      await api().call('PUT', `${path}/${p.name}`, { ...body, metadata: { ...body.metadata, resourceVersion: (await api().call<{ metadata: { resourceVersion: string } }>('GET', `${path}/${p.name}`)).metadata.resourceVersion } })
    } else if (!(e instanceof ApiError && e.status === 404)) throw e
  }
}

const deletedMirrors = new Set<string>()
function deleteMirror(p: PodState): void {
  deletedMirrors.add(`${p.namespace}/${p.name}`)
}

async function syncApi(): Promise<void> {
  if (!nodeUid) await registerNode()
  for (const key of [...deletedMirrors]) {
    const [ns, name] = key.split('/')
    if ([...pods.values()].some((p) => p.namespace === ns && p.name === name)) {
      deletedMirrors.delete(key)
      continue
    }
    try {
      await api().call('DELETE', `/api/v1/namespaces/${ns}/pods/${name}`, { gracePeriodSeconds: 0 })
    } catch (e) {
      if (!(e instanceof ApiError && e.status === 404)) throw e
    }
    deletedMirrors.delete(key)
  }
  // One pod's trouble (say, kwok's Logs API not installed yet) must not hold up the others.
  const errors: string[] = []
  for (const p of pods.values()) await syncMirror(p).catch((e) => errors.push(`${p.name}: ${(e as Error).message}`))
  if (errors.length) throw new Error(errors.join('; '))
}

// ---------------------------------------------------------------- main loop

let lastApiError = ''
async function main(): Promise<void> {
  log(`kubelet stand-in for ${nodeName} (${nodeIP}); static pods from ${staticPodPath() ?? '(none)'}`)
  adopt()
  let tick = 0
  for (;;) {
    if (stopping) return
    try {
      await reconcile()
    } catch (e) {
      log(`reconcile: ${(e as Error).message}`)
    }
    // The API server may be one of our own static pods: never let it block the pods.
    if (tick % 2 === 0) {
      try {
        await updateReadiness()
        await syncApi()
        // kwok gives up after ~30s without an API server: start it once ours has answered.
        if (!kwok && !kwokPending) startKwok()
        lastApiError = ''
      } catch (e) {
        const msg = (e as Error).message
        if (msg !== lastApiError) log(`api: ${msg}`)
        lastApiError = msg
      }
    }
    tick++
    await sleep(500)
  }
}

for (const sig of ['SIGTERM', 'SIGINT'] as const) {
  process.on(sig, () => {
    stopping = true
    log(`${sig}: stopping (static pods keep running, as with a real container runtime)`)
    kwok?.kill('SIGTERM')
    setTimeout(() => process.exit(0), 300)
  })
}

main().catch((e) => {
  log(`fatal: ${(e as Error).stack}`)
  process.exit(1)
})
