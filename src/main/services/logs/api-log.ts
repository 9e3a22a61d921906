// GET /api/v1/namespaces/{ns}/pods/{pod}/log as a stream, written here rather than through
// client-node's Log: that one reports every refusal as "Error occurred in log request" (the API's
// own reason — `container "x" is not valid for pod "y"`, `previous terminated container … not
// found` — is what kubectl prints and what a person needs), and hides the response it pipes, so
// it can neither be paused for back-pressure nor told apart when it ends.
import { request as httpRequest, type IncomingMessage } from 'node:http'
import { request as httpsRequest, type RequestOptions } from 'node:https'
import type { KubeConfig } from '@kubernetes/client-node'
import type { LogOptions } from '../../../shared/model/logs'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'

export interface ContainerRef {
  namespace: string
  pod: string
  container: string
}

/** The API said no: its Status, as kubectl prints it (`Error from server (NotFound): …`). */
export class LogRequestError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string
  ) {
    super(message)
  }
  /** kubectl's wording. */
  get kubectlText(): string {
    return `Error from server${this.reason ? ` (${this.reason})` : ''}: ${this.message}`
  }
}

export async function openLog(kc: KubeConfig, ref: ContainerRef, o: LogOptions, signal: AbortSignal): Promise<IncomingMessage> {
  const cluster = kc.getCurrentCluster()
  if (!cluster) throw new AppError({ code: 'kube.no-cluster', message: t`The context names no cluster.` })
  const url = new URL(`${cluster.server.replace(/\/+$/, '')}/api/v1/namespaces/${encodeURIComponent(ref.namespace)}/pods/${encodeURIComponent(ref.pod)}/log`)
  const q = url.searchParams
  q.set('container', ref.container)
  q.set('timestamps', o.timestamps === false ? 'false' : 'true')
  if (o.follow) q.set('follow', 'true')
  if (o.previous) q.set('previous', 'true')
  if (o.sinceSeconds !== undefined) q.set('sinceSeconds', String(o.sinceSeconds))
  if (o.sinceTime) q.set('sinceTime', o.sinceTime)
  if (o.tailLines !== undefined && o.tailLines >= 0) q.set('tailLines', String(o.tailLines))
  if (o.limitBytes !== undefined) q.set('limitBytes', String(o.limitBytes))
  const opts: RequestOptions = { method: 'GET', signal, headers: { Accept: '*/*' } }
  await kc.applyToHTTPSOptions(opts)
  return new Promise((resolve, reject) => {
    const req = (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, opts, (res) => {
      if (res.statusCode === 200) return resolve(res)
      let body = ''
      res.setEncoding('utf8').on('data', (d: string) => (body += d))
      res.on('end', () => {
        let status: { code?: number; reason?: string; message?: string } = {}
        try {
          status = JSON.parse(body)
        } catch {
          status = { message: body.trim() || `HTTP ${res.statusCode}` }
        }
        reject(new LogRequestError(status.code ?? res.statusCode ?? 0, status.reason ?? '', status.message ?? `HTTP ${res.statusCode}`))
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}
