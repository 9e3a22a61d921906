import type { terminalsCalls } from '../../../shared/contracts/terminals'
import type { HandlersFor } from '../../dispatch'
import type { TerminalService } from './terminal-service'

export function terminalsHandlers(terminals: TerminalService): HandlersFor<typeof terminalsCalls> {
  return {
    'terminals.list': (_args, ctx) => terminals.list(ctx),
    'terminals.openSsh': (args, ctx) => terminals.openSsh(args, ctx),
    'terminals.openPod': (args, ctx) => terminals.openPod(args, ctx),
    'terminals.openLocal': (args, ctx) => terminals.openLocal(args, ctx),
    'terminals.execTargets': ({ context, namespace }) => terminals.execTargets(context, namespace),
    'terminals.attach': ({ id, cols, rows }, ctx) => terminals.attach(id, { cols, rows }, ctx),
    'terminals.write': ({ id, data }, ctx) => terminals.write(id, data, ctx),
    'terminals.resize': ({ id, cols, rows }, ctx) => terminals.resize(id, { cols, rows }, ctx),
    'terminals.ack': ({ id, chars }, ctx) => terminals.acknowledge(id, chars, ctx),
    'terminals.reconnect': ({ id, cols, rows }, ctx) => terminals.reconnect(id, { cols, rows }, ctx),
    'terminals.close': ({ id }) => terminals.closeSession(id)
  }
}
