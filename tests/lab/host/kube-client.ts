// A small Kubernetes REST client for the kubelet stand-in: the credentials of a kubeconfig
// (embedded or file paths), JSON in and out, a short timeout on every request.
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { parse } from 'yaml'

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

export interface KubeClient {
  server: string
  /** `timeoutMs`: default 10 s (a deletecollection of thousands of pods needs more). */
  call<T = unknown>(method: string, path: string, body?: unknown, contentType?: string, timeoutMs?: number): Promise<T>
}

export function clientFromKubeconfig(file: string): KubeClient {
  const cfg = parse(readFileSync(file, 'utf8'))
  const ctxName = cfg['current-context']
  const ctx = cfg.contexts.find((c: { name: string }) => c.name === ctxName)?.context ?? cfg.contexts[0].context
  const cluster = cfg.clusters.find((c: { name: string }) => c.name === ctx.cluster).cluster
  const user = cfg.users.find((u: { name: string }) => u.name === ctx.user).user
  const pem = (data: string | undefined, path: string | undefined) => (data ? Buffer.from(data, 'base64') : path ? readFileSync(path) : undefined)
  const tls = {
    ca: pem(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: pem(user['client-certificate-data'], user['client-certificate']),
    key: pem(user['client-key-data'], user['client-key'])
  }
  const agent = new Agent({ keepAlive: true, maxSockets: 8, ...tls })
  const server: string = cluster.server
  return {
    server,
    call<T>(method: string, path: string, body?: unknown, contentType = 'application/json', timeoutMs = 10_000): Promise<T> {
      return new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
        const req = request(
          new URL(path, server),
          {
            method,
            agent,
            ...tls,
            timeout: timeoutMs,
            headers: { accept: 'application/json', ...(payload ? { 'content-type': contentType, 'content-length': payload.length } : {}) }
          },
          (res) => {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8')
              if ((res.statusCode ?? 500) >= 300) {
                let message = text
                try {
                  message = JSON.parse(text).message ?? text
                } catch {}
                reject(new ApiError(res.statusCode ?? 500, `${method} ${path}: ${res.statusCode} ${message}`))
              } else {
                const json = (res.headers['content-type'] ?? '').includes('json')
                try {
                  resolve((json && text ? JSON.parse(text) : text) as T)
                } catch (e) {
                  reject(e)
                }
              }
            })
          }
        )
        req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)))
        req.on('error', reject)
        req.end(payload)
      })
    }
  }
}
