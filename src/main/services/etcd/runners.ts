// etcdctl on a host over SSH, with the member's TLS files (read as root when the SSH user is not).
import type { EtcdHost, EtcdMember } from '../../../shared/model/etcd'
import type { RemoteHost } from '../operations'
import { sh, type ShellCommand } from '../shell'
import type { EtcdctlRunner } from './health'
import { tlsFlags } from './etcdctl'

export function hostEtcdctlRunner(session: RemoteHost, host: EtcdHost, tls: EtcdMember['hostTls'], context?: string): EtcdctlRunner {
  const etcdctl = host.tools.etcdctl?.path ?? 'etcdctl'
  const command = (args: string[], tool: 'etcdctl' | 'etcdutl' = 'etcdctl'): ShellCommand =>
    tool === 'etcdutl' ? sh`${host.tools.etcdutl?.path ?? 'etcdutl'} ${args}` : sh`ETCDCTL_API=3 ${etcdctl} ${tlsFlags(tls)} ${args}`
  return {
    describe: { kind: 'host', host: host.id, tool: `etcdctl ${host.tools.etcdctl?.version ?? ''}`.trim() },
    tools: { etcdctl: Boolean(host.tools.etcdctl), etcdutl: Boolean(host.tools.etcdutl) },
    commandLine: (args, tool) => command(args, tool).text,
    run: async (args, opts = {}) => {
      const r = await session.run(command(args, opts.tool), {
        sudo: !host.root,
        timeoutMs: opts.timeoutMs ?? 60_000,
        signal: opts.signal,
        audit: { context, purpose: `etcd: etcdctl ${args.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}` }
      })
      return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }
    }
  }
}
