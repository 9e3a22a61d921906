// etcdctl inside an etcd static pod, through the API server (the `kubectl exec` of hosts
// without etcd tools).
import { PassThrough } from 'node:stream'
import type { KubeConfig, V1Status } from '@kubernetes/client-node'
import { clientNode } from '../kube'
import type { EtcdctlRunner } from './health'
import { sh } from '../shell'

/** etcdctl inside the etcd static pod of a node, through the API server (client-node Exec). */
export function podEtcdctlRunner(kc: KubeConfig, namespace: string, pod: string, tls: { ca: string; cert: string; key: string }): EtcdctlRunner {
  const tlsArgs = [`--cacert=${tls.ca}`, `--cert=${tls.cert}`, `--key=${tls.key}`]
  // etcd images from 3.5 on carry etcdutl beside etcdctl.
  const argv = (args: string[], tool: 'etcdctl' | 'etcdutl' = 'etcdctl') => (tool === 'etcdutl' ? ['etcdutl', ...args] : ['etcdctl', ...tlsArgs, ...args])
  return {
    describe: { kind: 'pod', namespace, pod },
    tools: { etcdctl: true, etcdutl: true },
    commandLine: (args, tool) => sh`kubectl exec -n ${namespace} ${pod} -c etcd -- ${argv(args, tool)}`.text,
    run: (args, opts = {}) => podExec(kc, namespace, pod, 'etcd', argv(args, opts.tool), opts.timeoutMs ?? 60_000)
  }
}

export async function podExec(
  kc: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  command: string[],
  timeoutMs: number
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  const out = new PassThrough()
  const err = new PassThrough()
  let stdout = ''
  let stderr = ''
  out.setEncoding('utf8').on('data', (d: string) => (stdout += d))
  err.setEncoding('utf8').on('data', (d: string) => (stderr += d))
  let status: V1Status | undefined
  const { Exec } = await clientNode()
  const ws = await new Exec(kc).exec(namespace, pod, container, command, out, err, null, false, (s) => (status = s))
  await new Promise<void>((resolve) => {
    const t = setTimeout(() => ws.close(), timeoutMs)
    ws.on('close', () => {
      clearTimeout(t)
      resolve()
    })
  })
  if (!status) return { exitCode: null, stdout, stderr: stderr || `no status from the exec in ${namespace}/${pod}` }
  if (status.status === 'Success') return { exitCode: 0, stdout, stderr }
  const code = status.details?.causes?.find((c) => c.reason === 'ExitCode')?.message
  return { exitCode: code ? Number(code) : 1, stdout, stderr: stderr || status.message || '' }
}
