// Talking to a context's API server: the connection test (/version, /readyz, a namespace list,
// each with its latency), the on-demand reachability chip, and namespace names for the switcher.
// Requests carry the KubeConfig's TLS and auth (client-node's applyToHTTPSOptions, proxy agent
// included) and always time out: nothing here may hang the app on an unreachable cluster.
import { request } from 'node:https'
import { request as httpRequest } from 'node:http'
import type { KubeConfig } from '@kubernetes/client-node'
import type { ConnectionReport, ConnectionStep, ContextRef, Diagnostic, UnreachableCause } from '../../../shared/model/kubeconfig'

export interface HttpResult {
  status: number
  body: string
  latencyMs: number
}

/** GET `path` on the context's server with its credentials. Rejects on network errors and timeouts. */
export async function apiGet(kc: KubeConfig, path: string, timeoutMs: number): Promise<HttpResult> {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new Error('the context has no cluster')
  const url = new URL(path, cluster.server.endsWith('/') ? cluster.server : cluster.server + '/')
  const opts: import('node:https').RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } }
  try {
    await kc.applyToHTTPSOptions(opts)
  } catch (e) {
    // Nothing was sent: the credentials (an exec plugin, a token file) failed, not the network.
    throw new CredentialsError((e as Error).message)
  }
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : request
    let req: ReturnType<typeof request>
    try {
      req = send(url, opts, (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (d: string) => {
          if (body.length < 4 * 1024 * 1024) body += d
        })
        res.on('end', () => {
          clearTimeout(timer)
          resolve({ status: res.statusCode ?? 0, body, latencyMs: Math.round(performance.now() - started) })
        })
        res.on('error', fail)
      })
    } catch (e) {
      // TLS material that cannot be used (a garbage client key or certificate) throws here, before any request exists.
      reject(Object.assign(new Error(`the context's TLS credentials cannot be used: ${(e as Error).message}`), { code: 'ECREDENTIALS' }))
      return
    }
    // A hard deadline for the whole exchange (connect, TLS, answer): socket idle timeouts alone
    // do not cover a server that accepts and then says nothing.
    const timer = setTimeout(() => req.destroy(Object.assign(new Error(`no answer from ${url.host} within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })), timeoutMs)
    function fail(e: Error) {
      clearTimeout(timer)
      reject(e)
    }
    req.on('error', fail)
    req.end()
  })
}

/** The request never left: its credentials could not be made (exec plugin, files). */
export class CredentialsError extends Error {
  readonly code = 'KUBEDECK_CREDENTIALS'
}

/** What the network stack says about a failed request, in Diagnostic terms. */
function failureOf(e: unknown): { cause: UnreachableCause; reason: string } {
  const err = e as NodeJS.ErrnoException
  const reason = err.message || String(e)
  switch (err.code) {
    case 'ECONNREFUSED':
      return { cause: 'refused', reason }
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return { cause: 'dns', reason }
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return { cause: 'no-route', reason }
    case 'ETIMEDOUT':
      return { cause: 'timeout', reason }
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
    case 'CERT_HAS_EXPIRED':
      return { cause: 'tls', reason }
    default:
      return { cause: 'other', reason }
  }
}

/** A failed step's detail in the connection report. */
function describeFailure(e: unknown, server: string): string {
  const { cause, reason } = e instanceof CredentialsError ? { cause: 'credentials' as const, reason: e.message } : failureOf(e)
  switch (cause) {
    case 'refused':
      return `connection refused by ${server} (nothing listens there)`
    case 'dns':
      return `cannot resolve the host of ${server}`
    case 'no-route':
      return `no route to ${server}`
    case 'tls':
      return `TLS verification failed for ${server}: ${reason}`
    case 'credentials':
      return `no request was sent to ${server}: the credentials could not be made (${reason})`
    default:
      return reason
  }
}

function statusProblem(r: HttpResult): string {
  if (r.status === 401) return '401 Unauthorized: the server rejected these credentials'
  if (r.status === 403) return '403 Forbidden: authenticated, but not allowed'
  return `HTTP ${r.status}: ${r.body.slice(0, 200).trim()}`
}

export async function testConnection(ref: ContextRef, kc: KubeConfig, timeoutMs = 8000): Promise<ConnectionReport> {
  const server = kc.getCurrentCluster()?.server ?? ''
  const report: ConnectionReport = { context: ref, server, ok: false, steps: [] }
  const step = async (name: ConnectionStep['name'], path: string, ok: (r: HttpResult) => string | null): Promise<HttpResult | null> => {
    const started = performance.now()
    try {
      const r = await apiGet(kc, path, timeoutMs)
      const problem = ok(r)
      report.steps.push({ name, ok: problem === null, latencyMs: r.latencyMs, detail: problem ?? describeSuccess(name, r) })
      return problem === null ? r : null
    } catch (e) {
      report.steps.push({ name, ok: false, latencyMs: Math.round(performance.now() - started), detail: describeFailure(e, server) })
      return null
    }
  }
  const version = await step('version', '/version', (r) => (r.status === 200 ? null : statusProblem(r)))
  if (version) {
    try {
      report.serverVersion = (JSON.parse(version.body) as { gitVersion?: string }).gitVersion
    } catch {
      // /version answered something else: the step's detail shows it.
    }
  }
  await step('readyz', '/readyz', (r) => (r.status === 200 && r.body.trim() === 'ok' ? null : statusProblem(r)))
  await step('namespaces', '/api/v1/namespaces?limit=500', (r) => (r.status === 200 ? null : statusProblem(r)))
  report.ok = report.steps.every((s) => s.ok)
  return report
}

function describeSuccess(name: ConnectionStep['name'], r: HttpResult): string {
  try {
    if (name === 'version') return (JSON.parse(r.body) as { gitVersion?: string }).gitVersion ?? 'ok'
    if (name === 'namespaces') return `${(JSON.parse(r.body) as { items?: unknown[] }).items?.length ?? 0} namespaces`
  } catch {
    // Fall through to the plain status.
  }
  return r.body.trim() || 'ok'
}

/**
 * Reachability of the context's server. When its credentials cannot even be made, that is the
 * answer (the server was never asked): `credentials` gives the diagnostic that says why (a
 * missing exec plugin), else the error is reported as a credentials failure, not the network.
 */
export async function checkReachability(kc: KubeConfig, credentials: Diagnostic | undefined, timeoutMs = 4000): Promise<Diagnostic | null> {
  const server = kc.getCurrentCluster()?.server ?? ''
  try {
    await apiGet(kc, '/version', timeoutMs)
    return null
  } catch (e) {
    if (e instanceof CredentialsError) return credentials ?? { kind: 'unreachable', severity: 'error', server, cause: 'credentials', reason: e.message }
    return { kind: 'unreachable', severity: 'error', server, ...failureOf(e) }
  }
}

export async function listNamespaces(kc: KubeConfig, timeoutMs = 5000): Promise<{ names: string[]; reachable: boolean; error?: string }> {
  const server = kc.getCurrentCluster()?.server ?? ''
  try {
    const r = await apiGet(kc, '/api/v1/namespaces?limit=1000', timeoutMs)
    if (r.status !== 200) return { names: [], reachable: true, error: statusProblem(r) }
    const items = (JSON.parse(r.body) as { items?: { metadata?: { name?: string } }[] }).items ?? []
    return {
      names: items
        .map((i) => i.metadata?.name ?? '')
        .filter(Boolean)
        .sort(),
      reachable: true
    }
  } catch (e) {
    return { names: [], reachable: false, error: describeFailure(e, server) }
  }
}
