// Log viewers: a session over pods (one, several, a workload's, a selector's) through the API
// or over a host's journal or files through SSH. Lines reach only the window that opened the
// session (`logs.lines`, batched); the window acknowledges what it has taken in (`logs.ack`)
// and main pauses the sources while too much is unacknowledged.
import { z } from 'zod'
import { call, stream } from './define'
import { contextRefSchema } from './kubeconfig'
import { sshTargetSchema } from './ssh'
import type { LogLine, LogSessionInfo, LogSourceInfo } from '../model/logs'

const name = z.string().min(1).max(253)
const logOptionsSchema = z.object({
  follow: z.boolean().optional(),
  previous: z.boolean().optional(),
  sinceSeconds: z.number().int().min(1).optional(),
  sinceTime: z.string().datetime({ offset: true }).optional(),
  tailLines: z.number().int().min(0).optional(),
  limitBytes: z.number().int().min(1).optional()
})
export const logTargetSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('pods'),
    context: contextRefSchema,
    namespace: name,
    pods: z.array(name).max(500).optional(),
    selector: z.string().min(1).max(4096).optional(),
    workload: z.string().min(3).max(600).optional(),
    containers: z.union([z.literal('all'), z.array(name).max(100)]).optional()
  }),
  z.object({
    kind: z.literal('node'),
    context: contextRefSchema.optional(),
    host: sshTargetSchema,
    label: name,
    source: z.union([
      z.object({
        units: z
          .array(z.string().regex(/^[\w@.:-]+$/, 'a systemd unit name'))
          .min(1)
          .max(20)
      }),
      z.object({ file: z.string().regex(/^\//, 'an absolute path').max(4096) }),
      z.object({ pod: z.object({ namespace: name, name, container: name.optional() }) })
    ])
  })
])

export const logsCalls = {
  /** Opens a session; its lines come on `logs.lines` to the calling window only. */
  'logs.open': call<LogSessionInfo>()(z.object({ target: logTargetSchema, options: logOptionsSchema, maxStreams: z.number().int().min(1).max(200).optional() })),
  /** The window has taken in `units` more (UTF-16 code units of line text, one more per line). */
  'logs.ack': call<void>()(z.object({ id: z.uuid(), units: z.number().int().min(0) })),
  'logs.close': call<void>()(z.object({ id: z.uuid() })),
  /** Everything the session received — or, `full`, each pod's whole current log read again — to a new file at `path` (as kubectl prints it with these flags). */
  'logs.save': call<{ path: string; lines: number; bytes: number }>()(
    z.object({ id: z.uuid(), path: z.string().min(1).max(4096), timestamps: z.boolean().optional(), prefix: z.boolean().optional(), full: z.boolean().optional() })
  ),
  /** Pods whose log folders a host keeps (including pods the API never saw). */
  'logs.nodePods': call<{ namespace: string; pod: string; uid: string; container: string }[]>()(z.object({ context: contextRefSchema.optional(), host: sshTargetSchema }))
} as const

export const logsStreams = {
  'logs.lines': stream<{ id: string; lines: LogLine[] }>(),
  'logs.sources': stream<{ id: string; sources: LogSourceInfo[] }>()
} as const
