import type { operationsCalls } from '../../../shared/contracts/operations'
import type { CallContext, HandlersFor } from '../../dispatch'
import type { OperationsService } from './operations-service'

/** `requester(ctx)` turns a call's context into what domains need to ask that window (host keys, passwords). */
export function operationsHandlers(ops: OperationsService, requester: (ctx: CallContext) => unknown = () => undefined): HandlersFor<typeof operationsCalls> {
  return {
    'operations.list': () => ops.list(),
    'operations.get': ({ id }) => ops.get(id),
    'operations.run': ({ id, confirm }, ctx) => ops.start(id, 'run', confirm, requester(ctx)),
    'operations.resume': ({ id, confirm }, ctx) => ops.start(id, 'resume', confirm, requester(ctx)),
    'operations.rollback': ({ id, confirm }, ctx) => ops.start(id, 'rollback', confirm, requester(ctx)),
    'operations.cancel': ({ id }) => ops.cancel(id),
    'operations.abandon': ({ id }) => ops.abandon(id)
  }
}
