// The certificate domain's built-in steps, declared once: plans build their actions from these
// and builtins.ts implements each against the same declaration (see operations/builtins.ts).
import { z } from 'zod'
import { contextRefSchema } from '../../../shared/contracts/kubeconfig'
import { defineBuiltin } from '../operations'

export const certSteps = {
  /**
   * Re-signs a certificate with its CA, keeping subject, key, SANs and usages: the request is
   * made from the certificate and its key on `host`, signed on `caHost` (where the CA key is),
   * checked here, and installed atomically. No private key leaves its host.
   */
  resign: defineBuiltin(
    'certs.resign',
    z.object({
      host: z.string(),
      cert: z.string(),
      key: z.string(),
      caHost: z.string(),
      caCert: z.string(),
      caKey: z.string(),
      days: z.number().int().min(1).max(36500),
      /** The extensions to keep, as an openssl extfile (section `kubedeck`), made from the certificate. */
      extfile: z.string()
    })
  ),
  /** GET /readyz without client credentials, verifying the server against the context's CA (an expired client certificate cannot hide a good server). */
  readyz: defineBuiltin('certs.readyz', z.object({ context: contextRefSchema, server: z.string().optional(), timeoutMs: z.number().default(180_000) })),
  /**
   * A new kubelet client certificate: key and CSR made on the node, the CSR submitted through the
   * API, approved, signed by the controller manager, then installed beside the old ones with the
   * `current` link moved. The key never leaves the node.
   */
  kubeletClient: defineBuiltin(
    'certs.kubeletClient',
    z.object({ context: contextRefSchema, host: z.string(), node: z.string(), pkiDir: z.string(), stamp: z.string(), timeoutMs: z.number().default(120_000) })
  ),
  /** Approves or denies a CertificateSigningRequest (as `kubectl certificate approve|deny`). */
  csrDecision: defineBuiltin('certs.csrDecision', z.object({ context: contextRefSchema, name: z.string(), decision: z.enum(['approve', 'deny']) })),
  /**
   * A new client certificate for the user's own kubeconfig context: the key made on this machine,
   * its CSR signed by the cluster CA on `host`, both written into the kubeconfig (atomic, undoable).
   */
  localClientCert: defineBuiltin(
    'certs.localClientCert',
    z.object({ context: contextRefSchema, host: z.string(), caCert: z.string(), caKey: z.string(), subject: z.string(), days: z.number().int().min(1), reason: z.string() })
  ),
  /** The context's client certificate is valid for at least `days` more days and the API server accepts it. */
  contextWorks: defineBuiltin('certs.contextWorks', z.object({ context: contextRefSchema, days: z.number().int().min(0) })),
  /** Puts back the kubeconfig as it was before `localClientCert` wrote it (found by the write's reason). */
  restoreLocalKubeconfig: defineBuiltin('certs.restoreLocalKubeconfig', z.object({ context: contextRefSchema, reason: z.string() }))
}
