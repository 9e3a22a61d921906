// The one contract between the renderer and main: every call (zod input schema + result type)
// and every stream (main → renderer events). Both transports (Electron IPC and the web-mode
// WebSocket) and the preload are generated from these maps; main validates every input
// against its schema before a service sees it. Domains keep their part in contracts/<domain>.ts.
import type { z } from 'zod'
import type { CallDef, StreamDef } from './contracts/define'
import { appCalls } from './contracts/app'
import { kubeconfigCalls, kubeconfigStreams } from './contracts/kubeconfig'
import { sshCalls, sshStreams } from './contracts/ssh'
import { terminalsCalls, terminalsStreams } from './contracts/terminals'
import { operationsCalls, operationsStreams } from './contracts/operations'
import { etcdCalls, etcdStreams } from './contracts/etcd'
import { certsCalls } from './contracts/certs'
import { logsCalls, logsStreams } from './contracts/logs'
import { clusterCalls, clusterStreams } from './contracts/cluster'
import { doctorCalls } from './contracts/doctor'

export const calls = {
  ...appCalls,
  ...kubeconfigCalls,
  ...sshCalls,
  ...terminalsCalls,
  ...operationsCalls,
  ...etcdCalls,
  ...certsCalls,
  ...logsCalls,
  ...clusterCalls,
  ...doctorCalls
} as const

export const streams = {
  ...kubeconfigStreams,
  ...sshStreams,
  ...terminalsStreams,
  ...operationsStreams,
  ...etcdStreams,
  ...logsStreams,
  ...clusterStreams
} as const

export type Calls = typeof calls
export type CallName = keyof Calls
export type StreamName = keyof typeof streams

/** What the caller passes (schema input: defaults may be omitted). */
export type CallInput<N extends CallName> = Calls[N] extends CallDef<infer I, unknown> ? z.input<I> : never
/** What the handler receives (schema output: defaults applied). */
export type CallArgs<N extends CallName> = Calls[N] extends CallDef<infer I, unknown> ? z.output<I> : never
export type CallResult<N extends CallName> = Calls[N] extends CallDef<z.ZodType, infer R> ? R : never
export type StreamPayload<S extends StreamName> = (typeof streams)[S] extends StreamDef<infer P> ? P : never

export const callNames = Object.keys(calls) as CallName[]
export const streamNames = Object.keys(streams) as StreamName[]

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name)
}
export function isStreamName(name: unknown): name is StreamName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(streams, name)
}

/** Wire messages of the web transport (Electron IPC carries the same shapes). */
export type Reply<R = unknown> = { ok: true; result: R } | { ok: false; error: import('./errors').ErrorInfo }
export interface CallMessage {
  id: number
  call: string
  input: unknown
}
export type ServerMessage = ({ id: number } & Reply) | { stream: string; payload: unknown }
