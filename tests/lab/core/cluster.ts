// The cluster seen from the machine: kubectl against the lab, waiting for the API server and
// nodes, what every lab gets once its control plane answers (kwok's Logs API and RBAC, a few
// namespaces and workloads), and test helpers that need the cluster.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import type { ExecResult, LabInfo } from '../index'
import { clientFromKubeconfig } from '../host/kube-client'
import { LabError } from './errors'
import { run, waitFor } from './exec'
import { hostExec, hostRun } from './host'
import { POD_LOG_DIR } from './kubelet'

/** Runs the lab's kubectl (the cluster's version, 1.34) with the lab's admin kubeconfig. */
export async function kubectl(
  lab: Pick<LabInfo, 'binDir' | 'kubeconfig'>,
  args: string[],
  opts: { input?: string; timeoutMs?: number; allowFailure?: boolean } = {}
): Promise<ExecResult> {
  return run(join(lab.binDir, 'kubectl'), ['--kubeconfig', lab.kubeconfig, ...args], {
    input: opts.input,
    timeoutMs: opts.timeoutMs ?? 60_000,
    component: 'kubectl',
    allowFailure: opts.allowFailure
  })
}

/** /readyz of the API server answers ok (or, with `ready: false`, stops answering ok). */
export async function waitForApiServer(lab: Pick<LabInfo, 'kubeconfig'>, opts: { timeoutMs?: number; ready?: boolean; logPath?: string } = {}): Promise<void> {
  const want = opts.ready ?? true
  const client = clientFromKubeconfig(lab.kubeconfig)
  await waitFor(
    want ? 'the API server to become ready' : 'the API server to stop being ready',
    async () => {
      const ok = await client.call('GET', '/readyz').then(
        () => true,
        () => false
      )
      return ok === want
    },
    { timeoutMs: opts.timeoutMs ?? 120_000, intervalMs: 250, component: 'kube-apiserver', logPath: opts.logPath }
  )
}

/** True when /readyz answers ok right now. */
export async function apiServerReady(kubeconfig: string): Promise<boolean> {
  return clientFromKubeconfig(kubeconfig)
    .call('GET', '/readyz')
    .then(
      () => true,
      () => false
    )
}

// kwok reads per-pod log rules (kind Logs) from the API; a minimal CRD serves them.
const KWOK_API = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: logs.kwok.x-k8s.io
spec:
  group: kwok.x-k8s.io
  scope: Namespaced
  names: { kind: Logs, listKind: LogsList, plural: logs, singular: logs }
  versions:
  - name: v1alpha1
    served: true
    storage: true
    subresources: { status: {} }
    schema:
      openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kubedeck-lab:kwok
  annotations: { kubedeck.dev/lab: "kwok simulates each lab node's kubelet (tests/lab)" }
rules:
- { apiGroups: [""], resources: [nodes, nodes/status, pods, pods/status], verbs: [get, list, watch, create, update, patch, delete] }
- { apiGroups: [""], resources: [events], verbs: [create, update, patch] }
- { apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get, list, watch, create, update, patch, delete] }
- { apiGroups: [kwok.x-k8s.io], resources: ["*"], verbs: [get, list, watch, create, update, patch, delete] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kubedeck-lab:kwok
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "kubedeck-lab:kwok" }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: Group, name: "kubedeck-lab:kwok" }
---
# The kubelet stand-ins (node credentials) keep a kwok Logs rule per mirror pod.
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kubedeck-lab:node-logs
rules:
- { apiGroups: [kwok.x-k8s.io], resources: [logs], verbs: [get, create, update] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: kubedeck-lab:node-logs
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "kubedeck-lab:node-logs" }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: Group, name: system:nodes }
`

const DEMO = `apiVersion: v1
kind: Namespace
metadata: { name: demo }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: demo, labels: { app: web } }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - { name: web, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: demo }
spec:
  selector: { app: web }
  ports: [{ port: 80, targetPort: 80 }]
---
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop, labels: { app: api } }
spec:
  replicas: 1
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec:
      containers:
      - { name: api, image: "registry.example.com/shop/api:1.4.2" }
      - { name: metrics, image: "registry.example.com/shop/metrics-sidecar:0.3" }
---
apiVersion: apps/v1
kind: StatefulSet
metadata: { name: db, namespace: shop }
spec:
  serviceName: db
  replicas: 1
  selector: { matchLabels: { app: db } }
  template:
    metadata: { labels: { app: db } }
    spec:
      containers:
      - { name: postgres, image: "postgres:16" }
---
apiVersion: batch/v1
kind: Job
metadata: { name: db-migrate, namespace: shop }
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - { name: migrate, image: "registry.example.com/shop/api:1.4.2", command: ["migrate", "up"] }
`

/** What kwok on each node needs from the API server: its RBAC and the Logs API. Right after the API server first answers. */
export async function installKwokApis(lab: Pick<LabInfo, 'binDir' | 'kubeconfig'>): Promise<void> {
  await kubectl(lab, ['apply', '-f', '-'], { input: KWOK_API })
  await kubectl(lab, ['wait', '--for=condition=Established', '--timeout=30s', 'crd/logs.kwok.x-k8s.io'], { timeoutMs: 40_000 })
}

/** The demo namespaces and workloads; waits until the nodes are Ready and demo/web is available. */
export async function seedCluster(lab: Pick<LabInfo, 'binDir' | 'kubeconfig' | 'hosts'>, logPath: string): Promise<void> {
  await waitForNodesReady(lab, logPath)
  await kubectl(lab, ['apply', '-f', '-'], { input: DEMO })
  await kubectl(lab, ['-n', 'demo', 'rollout', 'status', 'deployment/web', '--timeout=90s'], { timeoutMs: 100_000 })
}

export async function waitForNodesReady(lab: Pick<LabInfo, 'binDir' | 'kubeconfig' | 'hosts'>, logPath: string, timeoutMs = 90_000): Promise<void> {
  const want = lab.hosts.map((h) => h.name)
  let last = ''
  await waitFor(
    `nodes ${want.join(', ')} to be Ready`,
    async () => {
      const r = await kubectl(lab, ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}'], {
        allowFailure: true,
        timeoutMs: 15_000
      })
      last = r.stdout || r.stderr
      const ready = new Set(
        r.stdout
          .split('\n')
          .filter((l) => l.endsWith('=True'))
          .map((l) => l.split('=')[0])
      )
      return want.every((n) => ready.has(n))
    },
    { timeoutMs, intervalMs: 500, component: 'kwok (node status)', logPath, detail: () => `  last seen: ${last.trim().replace(/\n/g, ', ')}` }
  )
}

export interface LoggingPod {
  namespace: string
  name: string
  /** The first container (the one a writer appends to). */
  container: string
  containers: string[]
  /** The node (host) it runs on. */
  host: string
  /** The CRI-format file on that host that kwok serves as the first container's log. */
  logFile: string
  /** Milliseconds between lines the writer appends (0: no writer, the log is fixed). */
  intervalMs: number
}

/** A CRI log line as kubelet writes it (F: a full line). */
export const criLine = (time: Date | string, text: string, stream: 'stdout' | 'stderr' = 'stdout', tag: 'F' | 'P' = 'F') =>
  `${typeof time === 'string' ? time : time.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')} ${stream} ${tag} ${text}`

/**
 * A pod whose log you choose (for `kubectl logs` and log viewers): a Pod bound to `host`
 * (default: the last node host), a kwok Logs rule per container, and either a writer on that
 * host that appends "line N from <ns>/<name>" every `intervalMs` (default 200) to the first
 * container's file, or fixed CRI lines (`files`: per container; `previous`: what `-p` reads).
 * Remove it with removeLoggingPod.
 */
export async function addLoggingPod(
  lab: LabInfo,
  opts: {
    namespace?: string
    name?: string
    host?: string
    intervalMs?: number
    containers?: string[]
    files?: Record<string, string[]>
    previous?: Record<string, string[]>
    labels?: Record<string, string>
  } = {}
): Promise<LoggingPod> {
  const namespace = opts.namespace ?? 'default'
  const name = opts.name ?? `logger-${randomBytes(3).toString('hex')}`
  const host = opts.host ?? lab.hosts[lab.hosts.length - 1].name
  const intervalMs = opts.files ? 0 : (opts.intervalMs ?? 200)
  const containers = opts.containers ?? ['app']
  const container = containers[0]
  const fileOf = (c: string, prev = false) => `${POD_LOG_DIR}/${namespace}_${name}${c === container ? '' : `_${c}`}${prev ? '.previous' : ''}.log`
  const logFile = fileOf(container)
  if (!lab.hosts.some((h) => h.name === host)) throw new LabError('addLoggingPod', `no node host "${host}" in lab "${lab.instance}"`)
  await hostRun(lab, host, `mkdir -p ${POD_LOG_DIR} /run/lab-pod-logs && ${containers.map((c) => `: > ${fileOf(c)}`).join(' && ')}`, {
    what: `making the log files of ${namespace}/${name} on ${host}`
  })
  for (const [c, lines] of Object.entries(opts.files ?? {})) await hostRun(lab, host, `cat > ${fileOf(c)}`, { input: lines.map((l) => l + '\n').join('') })
  for (const [c, lines] of Object.entries(opts.previous ?? {})) await hostRun(lab, host, `cat > ${fileOf(c, true)}`, { input: lines.map((l) => l + '\n').join('') })
  if (intervalMs > 0) {
    await hostRun(
      lab,
      host,
      `(setsid lab-pod-log-writer ${logFile} ${namespace}/${name} ${intervalMs} </dev/null >/dev/null 2>&1 & echo $! > /run/lab-pod-logs/${namespace}_${name}.pid)`,
      {
        what: `starting the log writer of ${namespace}/${name} on ${host}`
      }
    )
  }
  const labels = { app: name, 'kubedeck.dev/lab-logging-pod': 'true', ...opts.labels }
  const manifest = `apiVersion: v1
kind: Namespace
metadata: { name: ${namespace} }
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: Logs
metadata: { name: ${name}, namespace: ${namespace} }
spec:
  logs:
${containers.map((c) => `  - { containers: [${c}], logsFile: ${fileOf(c)}, follow: ${intervalMs > 0}${opts.previous?.[c] ? `, previousLogsFile: ${fileOf(c, true)}` : ''} }`).join('\n')}
---
apiVersion: v1
kind: Pod
metadata: { name: ${name}, namespace: ${namespace}, labels: ${JSON.stringify(labels)} }
spec:
  nodeName: ${host}
  containers:
${containers.map((c) => `  - { name: ${c}, image: "busybox:1.36", command: ["sh", "-c", "while true; do echo line; sleep 1; done"] }`).join('\n')}
`
  await kubectl(lab, ['apply', '-f', '-'], { input: manifest })
  await kubectl(lab, ['-n', namespace, 'wait', '--for=condition=Ready', `pod/${name}`, '--timeout=60s'], { timeoutMs: 70_000 })
  return { namespace, name, container, containers, host, logFile, intervalMs }
}

export async function removeLoggingPod(lab: LabInfo, pod: LoggingPod): Promise<void> {
  await kubectl(lab, ['-n', pod.namespace, 'delete', `pod/${pod.name}`, `logs.kwok.x-k8s.io/${pod.name}`, '--ignore-not-found', '--wait=false'], { allowFailure: true })
  await hostExec(lab, pod.host, `kill $(cat /run/lab-pod-logs/${pod.namespace}_${pod.name}.pid) 2>/dev/null; rm -f /run/lab-pod-logs/${pod.namespace}_${pod.name}.pid`)
}
