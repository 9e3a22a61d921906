// The terminal calls: each window is the viewer of the terminals it opened or attached, and the
// person SSH asks for the ones it opens.
import type { terminalsCalls } from '../../shared/contracts/terminals'
import type { HandlersFor } from '../dispatch'
import type { SshPromptBroker } from '../services/ssh'
import type { TerminalService } from '../services/terminals'
import { askerOf, viewerOf } from './callers'

export function terminalsHandlers(terminals: TerminalService, prompts: SshPromptBroker): HandlersFor<typeof terminalsCalls> {
  const viewer = (ctx: Parameters<typeof viewerOf>[0]) => viewerOf(ctx, askerOf(prompts, ctx))
  return {
    'terminals.list': (_args, ctx) => terminals.list(viewerOf(ctx)),
    'terminals.openSsh': (args, ctx) => terminals.openSsh(args, viewer(ctx)),
    'terminals.openPod': (args, ctx) => terminals.openPod(args, viewer(ctx)),
    'terminals.openLocal': (args, ctx) => terminals.openLocal(args, viewer(ctx)),
    'terminals.execTargets': ({ context, namespace }) => terminals.execTargets(context, namespace),
    'terminals.attach': ({ id, cols, rows }, ctx) => terminals.attach(id, { cols, rows }, viewer(ctx)),
    'terminals.write': ({ id, data }, ctx) => terminals.write(id, data, viewerOf(ctx)),
    'terminals.resize': ({ id, cols, rows }, ctx) => terminals.resize(id, { cols, rows }, viewerOf(ctx)),
    'terminals.ack': ({ id, chars }, ctx) => terminals.acknowledge(id, chars, viewerOf(ctx)),
    'terminals.reconnect': ({ id, cols, rows }, ctx) => terminals.reconnect(id, { cols, rows }, viewer(ctx)),
    'terminals.close': ({ id }) => terminals.closeSession(id)
  }
}
