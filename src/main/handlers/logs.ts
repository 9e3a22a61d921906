// The log calls: a session's lines go to the window that opened it, and close with it.
import type { logsCalls } from '../../shared/contracts/logs'
import { AppError } from '../../shared/errors'
import type { CallContext, HandlersFor } from '../dispatch'
import type { LogsService } from '../services/logs'
import type { SshInteraction } from '../services/ssh'
import { t } from '../../shared/error-messages'

export function logsHandlers(logs: LogsService, askerOf: (ctx: CallContext) => SshInteraction): HandlersFor<typeof logsCalls> {
  const owners = new Map<string, string>()
  const own = (id: string, ctx: CallContext) => {
    if (owners.get(id) !== ctx.clientId) throw new AppError({ code: 'logs.no-session', message: t`This log view is closed or belongs to another window.` })
  }
  return {
    'logs.open': async ({ target, options, maxStreams }, ctx) => {
      let id = ''
      const info = await logs.open(
        target,
        options,
        {
          lines: (lines) => ctx.emit('logs.lines', { id, lines }),
          sources: (sources) => ctx.emit('logs.sources', { id, sources })
        },
        { maxStreams, asker: askerOf(ctx) }
      )
      id = info.id
      owners.set(id, ctx.clientId)
      ctx.onDisconnect(() => {
        logs.close(id)
        owners.delete(id)
      })
      return info
    },
    'logs.ack': ({ id, units }, ctx) => {
      own(id, ctx)
      logs.acknowledge(id, units)
    },
    'logs.close': ({ id }, ctx) => {
      own(id, ctx)
      logs.close(id)
      owners.delete(id)
    },
    'logs.save': ({ id, path, timestamps, prefix, full }, ctx) => {
      own(id, ctx)
      return logs.save(id, path, { timestamps, prefix, full })
    },
    'logs.nodePods': ({ context, host }, ctx) => logs.nodePodLogs(host, { context: context?.name, asker: askerOf(ctx) })
  }
}
