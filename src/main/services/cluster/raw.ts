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

export async function apiRequest(kc: KubeConfig, method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<RawResponse> {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new Error('the context names no cluster')
  const url = new URL(path, cluster.server)
  const payload = body === undefined ? undefined : JSON.stringify(body)
  const opts: import('node:https').RequestOptions = {
    method,
    timeout: 30_000,
    headers: { Accept: 'application/json', ...(payload !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(payload) } : {}) }
  }
  await kc.applyToHTTPSOptions(opts)
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'http:' ? httpRequest : request)(url, opts, (res) => {
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
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url.origin} within 30 s`)))
    req.on('error', reject)
    if (payload !== undefined) req.write(payload)
    req.end()
  })
}

/** The server's own words for a failed request (a Status message), else the HTTP status. */
export const statusMessage = (r: RawResponse): string => ((r.body as { message?: string } | undefined)?.message ?? r.text.trim()) || `HTTP ${r.status}`
