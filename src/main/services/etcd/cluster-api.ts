// What the etcd wizard asks the Kubernetes API: which nodes run the control plane (node roles,
// kube-system control-plane pods, the `kubernetes` Service endpoints), /readyz, and etcdctl
// inside an etcd static pod (the `kubectl exec` of hosts without etcd tools).
import { request } from 'node:https'
import { request as httpRequest } from 'node:http'
import { PassThrough } from 'node:stream'
import type { KubeConfig, V1Status } from '@kubernetes/client-node'
import { clientNode } from '../kube'
import { AppError } from '../../../shared/errors'
import type { EtcdctlRunner } from './health'
import { sh } from '../shell'

export interface ControlPlaneNode {
  name: string
  internalIP?: string
  roles: string[]
  /** Control-plane static pods the API shows on this node (their mirror pods). */
  pods: { name: string; component: string }[]
}

export interface ControlPlaneView {
  nodes: ControlPlaneNode[]
  /** Addresses of the `kubernetes` Service endpoints: where apiservers run (binary installs have no pods). */
  apiserverAddresses: string[]
  /** Every node's InternalIP by name, to map etcd URLs back to nodes. */
  allNodes: { name: string; internalIP?: string }[]
}

export async function readControlPlane(kc: KubeConfig): Promise<ControlPlaneView> {
  const { CoreV1Api } = await clientNode()
  const core = kc.makeApiClient(CoreV1Api)
  const [nodes, pods, endpoints] = await Promise.all([
    core.listNode(),
    core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'tier=control-plane' }).catch(() => ({ items: [] })),
    core.readNamespacedEndpoints({ name: 'kubernetes', namespace: 'default' }).catch(() => null)
  ])
  const podsByNode = new Map<string, { name: string; component: string }[]>()
  for (const p of pods.items) {
    const node = p.spec?.nodeName
    const component = p.metadata?.labels?.component
    if (!node || !component) continue
    podsByNode.set(node, [...(podsByNode.get(node) ?? []), { name: p.metadata!.name!, component }])
  }
  const apiserverAddresses = (endpoints?.subsets ?? []).flatMap((s) => (s.addresses ?? []).map((a) => a.ip))
  const allNodes = nodes.items.map((n) => ({
    name: n.metadata!.name!,
    internalIP: n.status?.addresses?.find((a) => a.type === 'InternalIP')?.address
  }))
  const out: ControlPlaneNode[] = []
  for (const n of nodes.items) {
    const name = n.metadata!.name!
    const labels = n.metadata?.labels ?? {}
    const roles = Object.keys(labels)
      .filter((l) => l.startsWith('node-role.kubernetes.io/'))
      .map((l) => l.slice('node-role.kubernetes.io/'.length))
    const internalIP = allNodes.find((x) => x.name === name)?.internalIP
    const isControlPlane =
      roles.includes('control-plane') || roles.includes('master') || podsByNode.has(name) || (internalIP !== undefined && apiserverAddresses.includes(internalIP))
    if (isControlPlane) out.push({ name, internalIP, roles, pods: podsByNode.get(name) ?? [] })
  }
  return { nodes: out, apiserverAddresses, allNodes }
}

/** GET /readyz?verbose with the context's credentials: `{ ok, status, body }` (never throws for HTTP errors). */
export async function readyz(kc: KubeConfig, signal?: AbortSignal): Promise<{ ok: boolean; status: number; body: string }> {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new AppError({ code: 'etcd.no-cluster', message: 'The context names no cluster: /readyz cannot be asked.' })
  const url = new URL('/readyz?verbose', cluster.server)
  const opts: import('node:https').RequestOptions = { method: 'GET', timeout: 10_000, signal }
  await kc.applyToHTTPSOptions(opts)
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'http:' ? httpRequest : request)(url, opts, (res) => {
      let body = ''
      res.setEncoding('utf8').on('data', (d: string) => (body += d))
      res.on('end', () => resolve({ ok: res.statusCode === 200, status: res.statusCode ?? 0, body }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} within 10 s`)))
    req.on('error', reject)
    req.end()
  })
}

/** etcdctl inside the etcd static pod of a node, through the API server (client-node Exec). */
export function podEtcdctlRunner(kc: KubeConfig, namespace: string, pod: string, tls: { ca: string; cert: string; key: string }): EtcdctlRunner {
  const tlsArgs = [`--cacert=${tls.ca}`, `--cert=${tls.cert}`, `--key=${tls.key}`]
  // etcd images from 3.5 on carry etcdutl beside etcdctl.
  const argv = (args: string[], tool: 'etcdctl' | 'etcdutl' = 'etcdctl') => (tool === 'etcdutl' ? ['etcdutl', ...args] : ['etcdctl', ...tlsArgs, ...args])
  return {
    describe: { kind: 'pod', namespace, pod },
    tools: { etcdctl: true, etcdutl: true },
    commandLine: (args, tool) => sh`kubectl exec -n ${namespace} ${pod} -c etcd -- ${argv(args, tool)}`.text,
    run: (args, opts = {}) => podExec(kc, namespace, pod, 'etcd', argv(args, opts.tool), opts.timeoutMs ?? 60_000)
  }
}

export async function podExec(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  timeoutMs: number
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  err.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  let status: V1Status | undefined
  const { Exec } = await clientNode()
  const ws = await new Exec(kc).exec(namespace, pod, container, command, out, err, null, false, (s) => (status = s))
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => ws.close(), timeoutMs)
    ws.on('close', () => {
      clearTimeout(t)
      resolve()
    })
  })
  if (!status) return { exitCode: null, stdout, stderr: stderr || `no status from the exec in ${namespace}/${pod}` }
  if (status.status === 'Success') return { exitCode: 0, stdout, stderr }
  const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message
  return { exitCode: code ? Number(code) : 1, stdout, stderr: stderr || status.message || '' }
}
