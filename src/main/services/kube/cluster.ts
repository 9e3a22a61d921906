// What several domains ask the Kubernetes API about the cluster itself: which nodes run the
// control plane (node roles, kube-system control-plane pods, the `kubernetes` Service
// endpoints), and /readyz — with the context's credentials, or anonymously with only the CA
// verified (what a renewal checks, when the client certificate itself may be the problem).
import { request } from 'node:https'
import { request as httpRequest } from 'node:http'
import type { KubeConfig } from '@kubernetes/client-node'
import { AppError } from '../../../shared/errors'
import { clientNode } from './client-node'
import { t } from '../../../shared/error-messages'

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

/** GET /readyz?verbose with the context's credentials (or none): `{ ok, status, body }` (never throws for HTTP errors). */
export async function readyz(kc: KubeConfig, signal?: AbortSignal, how: { anonymous?: boolean; server?: string } = {}): Promise<{ ok: boolean; status: number; body: string }> {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new AppError({ code: 'kube.no-cluster', message: t`The context names no cluster: /readyz cannot be asked.` })
  // `server`: one API server of several (a control-plane node's own), still verified with the context's CA.
  const url = new URL('/readyz?verbose', how.server ?? cluster.server)
  const opts: import('node:https').RequestOptions = { method: 'GET', timeout: 10_000, signal }
  await kc.applyToHTTPSOptions(opts)
  if (how.anonymous) {
    // Only the server is verified (its CA stays); no client certificate or token is sent.
    delete opts.cert
    delete opts.key
    if (opts.headers) delete (opts.headers as Record<string, unknown>).Authorization
  }
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

/**
 * Asks /readyz once a second until it answers ok or `timeoutMs` passes, reporting each new
 * answer (a starting server's failing checks, a refused connection) as one line.
 */
export async function pollReadyz(
  kc: KubeConfig,
  o: { timeoutMs: number; signal: AbortSignal; anonymous?: boolean; server?: string; report(line: string): void; pause(ms: number, signal: AbortSignal): Promise<void> }
): Promise<{ ok: true; body: string } | { ok: false; last: string }> {
  const deadline = Date.now() + o.timeoutMs
  let last = ''
  for (;;) {
    let line: string
    try {
      const r = await readyz(kc, o.signal, { anonymous: o.anonymous, server: o.server })
      if (r.ok) return { ok: true, body: r.body }
      line = `HTTP ${r.status}: ${
        r.body
          .split('\n')
          .filter((l) => l.startsWith('[-]'))
          .join('; ') || r.body.trim().slice(0, 200)
      }`
    } catch (e) {
      line = (e as Error).message
    }
    if (line !== last) o.report(line)
    last = line
    if (Date.now() > deadline || o.signal.aborted) return { ok: false, last: line }
    await o.pause(1000, o.signal)
  }
}
