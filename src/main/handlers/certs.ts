// The certificate calls: the inventory asks the calling window for host keys and passwords;
// plans go to the operations engine.
import type { certsCalls } from '../../shared/contracts/certs'
import { AppError } from '../../shared/errors'
import type { CallContext, HandlersFor } from '../dispatch'
import type { CertsService } from '../services/certs'
import type { SshInteraction } from '../services/ssh'
import { t } from '../../shared/error-messages'

export function certsHandlers(certs: CertsService, askerOf: (ctx: CallContext) => SshInteraction): HandlersFor<typeof certsCalls> {
  return {
    'certs.inventory': ({ context, hosts, warnDays, criticalDays }, ctx) =>
      certs.inventory(context, {
        hosts,
        asker: askerOf(ctx),
        thresholds: { ...(warnDays !== undefined ? { warnDays } : {}), ...(criticalDays !== undefined ? { criticalDays } : {}) }
      }),
    'certs.cached': ({ context }) => certs.cached(context) ?? null,
    'certs.planRenew': async ({ context, hosts, only, updateKubeconfig }, ctx) => {
      let update: { subject: string } | undefined
      if (updateKubeconfig) {
        if (!certs.cached(context)) await certs.inventory(context, { asker: askerOf(ctx) })
        const subject = certs.adminSubject(context)
        if (!subject)
          throw new AppError({ code: 'certs.no-subject', message: t`Context ${context.name} has no client certificate to replace, and admin.conf none to copy the subject from.` })
        update = { subject }
      }
      return certs.planRenew(context, { hosts, only, updateKubeconfig: update, asker: askerOf(ctx) })
    },
    'certs.planRotateKubelet': ({ context, node }, ctx) => certs.planRotateKubelet(context, node, { asker: askerOf(ctx) }),
    'certs.planCsr': ({ context, name, decision }) => certs.planCsr(context, name, decision)
  }
}
