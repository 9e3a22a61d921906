// The operations calls: run, resume and roll back ask the calling window for host keys and
// passwords; everything else reads or closes journals.
import type { operationsCalls } from '../../shared/contracts/operations'
import type { CallContext, HandlersFor } from '../dispatch'
import type { OperationsService } from '../services/operations'
import type { SshInteraction } from '../services/ssh'

export function operationsHandlers(ops: OperationsService<SshInteraction>, askerOf: (ctx: CallContext) => SshInteraction): HandlersFor<typeof operationsCalls> {
  return {
    'operations.list': () => ops.list(),
    'operations.get': ({ id }) => ops.get(id),
    'operations.run': ({ id, confirm }, ctx) => ops.start(id, 'run', confirm, askerOf(ctx)),
    'operations.resume': ({ id, confirm }, ctx) => ops.start(id, 'resume', confirm, askerOf(ctx)),
    'operations.rollback': ({ id, confirm }, ctx) => ops.start(id, 'rollback', confirm, askerOf(ctx)),
    'operations.cancel': ({ id }) => ops.cancel(id),
    'operations.abandon': ({ id }) => ops.abandon(id),
    'operations.planLeftovers': ({ id }) => ops.planLeftovers(id),
    'operations.delete': ({ id }) => ops.delete(id)
  }
}
