// JSON requests to any API path, with the context's credentials applied by client-node
// (applyToHTTPSOptions: certificates, token, exec plugin). Written here because discovery of an
// arbitrary group/version and listing a resource known only from discovery have no typed call in
// client-node, and its generic KubernetesObjectApi hides which group failed discovery (the very
// thing a namespace stuck on an unavailable APIService needs to name).
import { request as httpRequest } from 'node:http'
import { request } from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'

export interface RawResponse {
  status: number
  body: unknown
  text: string
}

/** What kubectl asks for: the API server prints the rows (its columns are kubectl's, CRDs' printer columns included). */
export const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io, application/json'

async function prepare(kc: KubeConfig, method: string, path: string, headers: Record<string, string | number>, timeout: number, origin?: string) {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new Error('the context names no cluster')
  const url = new URL(path, origin ?? cluster.server)
  const opts: import('node:https').RequestOptions = { method, timeout, headers }
  await kc.applyToHTTPSOptions(opts)
  return { url, opts, send: url.protocol === 'http:' ? httpRequest : request }
}

export async function apiRequest(
  kc: KubeConfig,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
  accept = 'application/json',
  o: { origin?: string; timeoutMs?: number } = {}
): Promise<RawResponse> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  const { url, opts, send } = await prepare(
    kc,
    method,
    path,
    { Accept: accept, ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}) },
    o.timeoutMs ?? 30_000,
    o.origin
  )
  return new Promise((resolve, reject) => {
    const req = send(url, opts, (res) => {
      let text = ''
      res.setEncoding('utf8').on('data', (d: string) => (text += d))
      res.on('end', () => {
        let parsed: unknown
        try {
          parsed = text ? JSON.parse(text) : undefined
        } catch {
          parsed = undefined
        }
        resolve({ status: res.statusCode ?? 0, body: parsed, text })
      })
    })
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} within ${Math.round((o.timeoutMs ?? 30_000) / 1000)} s`)))
    req.on('error', reject)
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}

/** The server's own words for a failed request (a Status message), else the HTTP status. */
export const statusMessage = (r: RawResponse): string => ((r.body as { message?: string } | undefined)?.message ?? r.text.trim()) || `HTTP ${r.status}`

/**
 * A watch (`?watch=1&…` in `path`): each event line to `onEvent` until the server ends the stream
 * (resolves), the request fails (rejects) or `signal` aborts. Written here rather than with
 * client-node's Watch because that one cannot ask for Table rows.
 */
export async function apiWatch(kc: KubeConfig, path: string, accept: string, onEvent: (e: { type: string; object: unknown }) => void, signal: AbortSignal): Promise<void> {
  const { url, opts, send } = await prepare(kc, 'GET', path, { Accept: accept }, 0)
  return new Promise((resolve, reject) => {
    const req = send(url, { ...opts, signal }, (res) => {
      if (res.statusCode !== 200) {
        let text = ''
        res.setEncoding('utf8').on('data', (d: string) => (text += d))
        res.on('end', () => reject(new Error(`${res.statusCode}: ${text.trim().slice(0, 300)}`)))
        return
      }
      let buffered = ''
      res.setEncoding('utf8').on('data', (d: string) => {
        buffered += d
        let nl: number
        while ((nl = buffered.indexOf('\n')) >= 0) {
          const line = buffered.slice(0, nl).trim()
          buffered = buffered.slice(nl + 1)
          if (line) onEvent(JSON.parse(line) as { type: string; object: unknown })
        }
      })
      res.on('end', () => resolve())
      res.on('error', (e) => (signal.aborted ? resolve() : reject(e)))
    })
    req.on('error', (e) => (signal.aborted ? resolve() : reject(e)))
    req.end()
  })
}
