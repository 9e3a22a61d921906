// The certificate wizard: the inventory of the context's cluster (hosts read over SSH, asking
// the calling window for host keys and passwords), and plans (renewal, kubelet rotation, CSR
// decisions) that run as operations (see contracts/operations).
import { z } from 'zod'
import { call } from './define'
import { contextRefSchema } from './kubeconfig'
import type { CertInventory } from '../model/certs'
import type { OperationDetail } from '../model/operations'

const names = z.array(z.string().min(1).max(253)).max(200)

export const certsCalls = {
  /** Reads every host of the cluster (or `hosts`, SSH names, when the API is down and none are remembered). */
  'certs.inventory': call<CertInventory>()(
    z.object({
      context: contextRefSchema,
      hosts: names.optional(),
      warnDays: z.number().int().min(0).max(3650).optional(),
      criticalDays: z.number().int().min(0).max(3650).optional()
    })
  ),
  /** The last inventory of the context (null before the first). */
  'certs.cached': call<CertInventory | null>()(z.object({ context: contextRefSchema })),
  /** Builds and journals a renewal plan (nothing runs until operations.run). */
  'certs.planRenew': call<OperationDetail>()(z.object({ context: contextRefSchema, hosts: names.optional(), only: names.optional(), updateKubeconfig: z.boolean().optional() })),
  'certs.planRotateKubelet': call<OperationDetail>()(z.object({ context: contextRefSchema, node: z.string().min(1).max(253) })),
  'certs.planCsr': call<OperationDetail>()(z.object({ context: contextRefSchema, name: z.string().min(1).max(253), decision: z.enum(['approve', 'deny']) }))
} as const
