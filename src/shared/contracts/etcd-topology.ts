// The etcd topology as the renderer sends it back after a person corrected it (`etcd.correct`):
// every field checked by the rules the rest of Kubedeck applies, so an edited topology cannot
// carry a host, path, URL or name that discovery would never produce and the plans would have
// to trust: hosts and users by ssh's rules, absolute single-line paths, plain URLs, member
// names that fit in --initial-cluster.
import { z } from 'zod'
import type { EtcdTopology } from '../model/etcd'
import { contextRefSchema } from './kubeconfig'
import { sshTargetSchema } from './ssh'

const line = z
  .string()
  .max(4096)
  .regex(/^[^\n\r\0]*$/, 'one line, no control characters')
const hostPath = line.regex(/^\//, 'an absolute path')
const optionalHostPath = z.union([z.literal(''), hostPath])
const url = z
  .string()
  .max(2048)
  .regex(/^https?:\/\/[^\s,'"`$\\;&|<>(){}]+$/, 'a plain http(s) URL')
const memberName = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[^=,\s\\\0-\x1f\x7f]+$/, 'a member name without "=", ",", "\\", spaces or control characters')
const id = z.string().min(1).max(253)
const unit = z.string().regex(/^[\w@.:-]+$/, 'a systemd unit name')

const settingSource = z.object({ kind: z.enum(['flag', 'env', 'config-file', 'default', 'user']), where: line, setting: line })

const componentSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('static-pod'), manifest: hostPath, manifestsDir: hostPath, image: line.optional() }),
  z.object({ kind: z.literal('systemd'), unit, unitFiles: z.array(hostPath), environmentFiles: z.array(hostPath) })
])

const settings = z.object({
  name: memberName,
  dataDir: hostPath,
  listenClientUrls: z.array(url),
  advertiseClientUrls: z.array(url),
  listenPeerUrls: z.array(url),
  initialAdvertisePeerUrls: z.array(url),
  initialCluster: line,
  initialClusterToken: line,
  initialClusterState: line,
  certFile: optionalHostPath,
  keyFile: optionalHostPath,
  trustedCaFile: optionalHostPath,
  clientCertAuth: z.boolean(),
  peerCertFile: optionalHostPath,
  peerKeyFile: optionalHostPath,
  peerTrustedCaFile: optionalHostPath,
  quotaBackendBytes: z.number().int().positive().optional(),
  sources: z.record(z.string(), settingSource)
})

const tool = z.object({ path: hostPath, version: line, bumpRevision: z.boolean().optional() })

const host = z.object({
  id,
  nodeName: id.optional(),
  address: line.optional(),
  ssh: sshTargetSchema,
  reachable: z.boolean(),
  error: z.object({ code: z.string(), message: z.string() }).passthrough().optional(),
  root: z.boolean(),
  tools: z.object({ etcdctl: tool.optional(), etcdutl: tool.optional(), sha256sum: z.boolean(), ss: z.boolean() }),
  clock: z.object({ offsetMs: z.number(), uncertaintyMs: z.number() }).optional()
})

const member = z.object({
  host: id,
  source: componentSource,
  settings,
  hostDataDir: hostPath,
  hostTls: z.object({ ca: optionalHostPath, cert: optionalHostPath, key: optionalHostPath }),
  dataDirStat: z
    .object({ exists: z.boolean(), uid: z.number(), gid: z.number(), mode: z.string(), mountpoint: z.boolean(), freeBytes: z.number(), sizeBytes: z.number() })
    .optional(),
  version: line.optional()
})

const port = z.number().int().min(1).max(65535)

export const etcdTopologySchema: z.ZodType<EtcdTopology> = z.object({
  context: contextRefSchema,
  clusterKey: line,
  clusterName: line,
  server: line,
  layout: z.enum(['kubeadm', 'binary']),
  hosts: z.array(host),
  members: z.array(member),
  apiservers: z.array(
    z.object({
      host: id,
      source: componentSource,
      securePort: port,
      etcdServers: z.array(url),
      etcdCafile: optionalHostPath,
      etcdCertfile: optionalHostPath,
      etcdKeyfile: optionalHostPath
    })
  ),
  components: z.array(z.object({ host: id, component: z.enum(['kube-controller-manager', 'kube-scheduler']), source: componentSource, securePort: port })),
  sshConfigFile: hostPath.optional(),
  findings: z.array(
    z.object({
      code: line,
      severity: z.enum(['error', 'warning', 'info']),
      host: z.string().optional(),
      member: z.string().optional(),
      title: z.string(),
      explanation: z.string(),
      values: z.record(z.string(), z.string()),
      blocksRestore: z.boolean()
    })
  ),
  checks: z.array(z.object({ id: line, title: z.string(), passed: z.boolean() })).optional(),
  discoveredAt: line,
  edited: z.boolean(),
  notes: z.array(z.string())
})
