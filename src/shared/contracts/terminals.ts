// Terminal calls and streams. A terminal's output reaches only the window that shows it (per
// client, through CallContext.emit), in batches; the renderer acknowledges what xterm.js has
// written (`terminals.ack`) and main pauses the source while too much is unacknowledged.
// Flow-control units are UTF-16 code units of the `data` strings, on both sides.
import { z } from 'zod'
import { call, stream } from './define'
import { contextRefSchema } from './kubeconfig'
import { sshTargetSchema } from './ssh'
import type { ExecTarget, TerminalInfo, TerminalListing } from '../model/terminals'

const id = z.uuid()
const size = { cols: z.number().int().min(2).max(1000), rows: z.number().int().min(1).max(500) }
const nonEmpty = z.string().min(1)

export const terminalsCalls = {
  /** Every session of this app, attached to some window or not (a reloaded page reattaches). */
  'terminals.list': call<TerminalListing[]>()(z.object({})),
  /**
   * An SSH shell on a host (a node of `context`'s cluster, usually), titled `name` (the node's
   * name; default the target's host). Host-key and password prompts go to the calling window.
   */
  'terminals.openSsh': call<TerminalInfo>()(z.object({ id, ...size, target: sshTargetSchema, context: contextRefSchema.optional(), name: nonEmpty.max(253).optional() })),
  /** A shell in a pod's container (`bash`, falling back to `sh`, unless `command` is given). */
  'terminals.openPod': call<TerminalInfo>()(
    z.object({
      id,
      ...size,
      context: contextRefSchema,
      namespace: nonEmpty,
      pod: nonEmpty,
      container: nonEmpty.optional(),
      command: z.array(nonEmpty).min(1).optional()
    })
  ),
  /** A local shell whose KUBECONFIG is a private, minified copy of one context. */
  'terminals.openLocal': call<TerminalInfo>()(z.object({ id, ...size, context: contextRefSchema })),
  /** Pods of a namespace and their containers, for the exec picker. */
  'terminals.execTargets': call<ExecTarget[]>()(z.object({ context: contextRefSchema, namespace: nonEmpty })),
  /** Makes the calling window the one that shows the session; replays its recent output. */
  'terminals.attach': call<TerminalInfo>()(z.object({ id, ...size })),
  /** Keystrokes and pastes: written to the source at once, never queued behind output. */
  'terminals.write': call<void>()(z.object({ id, data: z.string().max(1_000_000) })),
  'terminals.resize': call<void>()(z.object({ id, ...size })),
  /** The renderer has written `chars` more of this session's output into xterm.js. */
  'terminals.ack': call<void>()(z.object({ id, chars: z.number().int().min(0) })),
  /** Opens the same target again in the same tab (after `lost`, `exited` or `failed`). */
  'terminals.reconnect': call<TerminalInfo>()(z.object({ id, ...size })),
  'terminals.close': call<void>()(z.object({ id }))
} as const

export const terminalsStreams = {
  /** Output of one session, batched (about one message per 16 ms per session). */
  'terminals.data': stream<{ id: string; data: string }>(),
  /** A session changed state (connected, exited with a code, lost, closed elsewhere…). */
  'terminals.state': stream<TerminalInfo>(),
  /** The session is gone (closed by another window, or a detached session expired). */
  'terminals.closed': stream<{ id: string }>()
} as const
