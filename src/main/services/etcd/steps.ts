// The etcd domain's built-in steps, declared once: plans build their actions from these, and
// builtins.ts implements each against the same declaration (see operations/builtins.ts).
import { z } from 'zod'
import { contextRefSchema } from '../../../shared/contracts/kubeconfig'
import { defineBuiltin } from '../operations'

const tls = z.object({ ca: z.string(), cert: z.string(), key: z.string() })
const restoreTool = z.object({ path: z.string(), kind: z.enum(['etcdutl', 'etcdctl']) })

export const etcdSteps = {
  /** The snapshot file on this machine: SHA-256 as recorded and etcd's own trailer checksum. */
  verifySnapshot: defineBuiltin('etcd.verifySnapshot', z.object({ file: z.string(), sha256: z.string() })),
  /** Every member's configuration read again and compared with what the plan was built from. */
  verifyConfiguration: defineBuiltin(
    'etcd.verifyConfiguration',
    z.object({
      members: z.array(z.object({ host: z.string(), name: z.string(), dataDir: z.string(), peerUrls: z.array(z.string()) })),
      /** Problems on hosts the plan cannot re-read: only discovering again fixes them. */
      unresolved: z.array(z.string()).default([])
    })
  ),
  /** SFTP upload checked by SHA-256 on the host, then read with the host's own etcd tool. */
  upload: defineBuiltin(
    'etcd.upload',
    z.object({ host: z.string(), localPath: z.string(), remotePath: z.string(), sha256: z.string(), tool: restoreTool.nullable() })
  ),
  /** Polls health and the member list until every expected member is healthy. */
  waitHealthy: defineBuiltin(
    'etcd.waitHealthy',
    z.object({
      host: z.string(),
      etcdctl: z.string().nullable(),
      endpoints: z.array(z.string()),
      tls,
      expectedMembers: z.array(z.object({ name: z.string(), peerUrls: z.array(z.string()) })),
      timeoutMs: z.number().default(240_000)
    })
  ),
  /** GET /readyz through the context's API server until it answers ok. */
  readyz: defineBuiltin('etcd.readyz', z.object({ context: contextRefSchema, timeoutMs: z.number().default(240_000) }))
}
