// What every etcd plan checks before it builds a command from values it read off the hosts
// (member names, URLs and paths in manifests, units and EnvironmentFiles, some of them on
// *other* hosts): values that could not be written safely where the plan puts them are refused,
// naming the member and what to fix, before there is a plan to confirm.
import type { EtcdMember, EtcdTopology } from '../../../../shared/model/etcd'
import type { PlanHost } from '../../../../shared/model/operations'
import { AppError } from '../../../../shared/errors'
import type { SshHostTarget } from '../../ssh'
import { urlHostPort } from '../discovery/flags'
import { t } from '../../../../shared/error-messages'

/** A plan host: where it is reached, and how (the SSH target and the ssh config of the plan). */
export const planHost = (h: { id: string; nodeName?: string; ssh: SshHostTarget['ssh']; root: boolean }, sshConfigFile?: string): PlanHost<SshHostTarget> => ({
  label: h.nodeName && h.nodeName !== h.id ? `${h.id} (${h.nodeName})` : h.id,
  target: { ssh: h.ssh, ...(sshConfigFile ? { configFile: sshConfigFile } : {}) },
  root: h.root
})

function refuse(m: EtcdMember | undefined, what: string, value: string, why: string): never {
  const source = m ? (m.source.kind === 'static-pod' ? m.source.manifest : m.source.unit) : undefined
  throw new AppError({
    code: 'etcd.unsafe-value',
    message: t`${what}${m ? t` of member ${JSON.stringify(m.settings.name)} on ${m.host}` : ''} is ${JSON.stringify(value.length > 120 ? value.slice(0, 120) + '…' : value)}: ${why}. No plan was made.`,
    host: m?.host,
    file: source,
    hint: t`Correct it in the member's configuration${source ? ` (${source})` : ''} or in the topology, then discover again.`
  })
}

/** A path a plan acts on: absolute, one line, no NUL (so no command can read it as an option or a second line). */
export function checkHostPath(m: EtcdMember | undefined, what: string, path: string): void {
  if (!path.startsWith('/')) refuse(m, what, path, 'it is not an absolute path')
  if (/[\0\n\r]/.test(path)) refuse(m, what, path, 'it holds a line break or NUL')
}

/**
 * Member names and peer URLs go into --initial-cluster (`name=url,…`): a name with `=` or `,`
 * (or a URL that is no URL) would make etcd read another cluster than the one planned.
 */
export function checkMemberValues(t: EtcdTopology): void {
  for (const m of t.members) {
    const name = m.settings.name
    if (!name || /[=,\s\\]/.test(name) || /[\u0000-\u001f\u007f]/.test(name)) {
      refuse(m, 'The name', name, 'etcd names go into --initial-cluster as name=url, so a name cannot hold "=", ",", "\\", spaces or control characters')
    }
    for (const u of [...m.settings.initialAdvertisePeerUrls, ...m.settings.advertiseClientUrls, ...m.settings.listenClientUrls]) {
      if (!urlHostPort(u) || /[,\s\0'"`$\\;&|<>(){}]/.test(u)) refuse(m, 'A URL', u, 'it is not a plain http(s)://host:port URL')
    }
    checkHostPath(m, 'The data dir', m.hostDataDir)
    for (const f of [m.hostTls.ca, m.hostTls.cert, m.hostTls.key]) if (f) checkHostPath(m, 'A TLS file', f)
    if (m.source.kind === 'static-pod') {
      checkHostPath(m, 'The manifest', m.source.manifest)
      checkHostPath(m, 'The manifests folder', m.source.manifestsDir)
    } else if (!/^[\w@.:-]+$/.test(m.source.unit)) refuse(m, 'The unit', m.source.unit, 'it is not a systemd unit name')
    if (/[\0\n\r]/.test(m.settings.initialClusterToken)) refuse(m, 'The cluster token', m.settings.initialClusterToken, 'it holds a line break or NUL')
  }
}
