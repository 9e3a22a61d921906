// What the inventory means, in plain words, each with its fix: certificates that expired or
// soon will, a server still presenting the certificate its file no longer holds, a kubelet.conf
// whose embedded client certificate never rotates, a CA that expires before what it signed, a
// key that is not the certificate's, and CSRs nobody approved.
import type { CertFinding, CertificateEntry, CertThresholds, CsrEntry } from '../../../shared/model/certs'
import type { HostCerts } from './host-certs'

const restartCommand = (component: string) =>
  component === 'kubelet'
    ? 'systemctl restart kubelet'
    : `mv /etc/kubernetes/manifests/${component}.yaml /tmp/ && sleep 20 && mv /tmp/${component}.yaml /etc/kubernetes/manifests/   # or: systemctl restart ${component}`

export function certFindings(entries: CertificateEntry[], hosts: Map<string, HostCerts>, csrs: CsrEntry[], t: CertThresholds): CertFinding[] {
  const out: CertFinding[] = []
  const renew = (e: CertificateEntry): CertFinding['fix'] =>
    e.host === 'this machine'
      ? { kind: 'command', command: `kubedeck certs renew --context … (then update ${e.path.split('#')[0]})` }
      : e.name === 'kubelet-client' || e.name === 'kubelet.conf'
        ? { kind: 'rotate-kubelet', node: e.host }
        : { kind: 'renew', host: e.host, names: [e.name] }
  for (const e of entries) {
    if (e.source === 'served') continue
    const where = e.host === 'this machine' ? e.path : `${e.host}: ${e.path}`
    if (e.status === 'expired') {
      out.push({
        code: 'expired',
        severity: 'error',
        host: e.host,
        subject: e.name,
        message: `${e.name} (${where}) ${e.statusReason ?? 'has expired'}.`,
        params: { name: e.name, where, date: e.notAfter },
        fix: renew(e)
      })
    } else if (e.status === 'expiring') {
      const critical = e.daysLeft <= t.criticalDays
      out.push({
        code: 'expiring',
        severity: critical ? 'error' : 'warning',
        host: e.host,
        subject: e.name,
        message: `${e.name} (${where}) expires on ${e.notAfter}, in ${e.daysLeft} days.`,
        params: { name: e.name, where, date: e.notAfter, days: e.daysLeft },
        fix: renew(e)
      })
    } else if (e.status === 'missing') {
      // super-admin.conf is made on the first control plane only: its absence elsewhere is by design.
      const byDesign = e.name === 'super-admin.conf'
      out.push({
        code: byDesign ? 'missing-by-design' : 'missing',
        severity: byDesign ? 'info' : 'warning',
        host: e.host,
        subject: e.name,
        params: { name: e.name, host: e.host, path: e.path },
        message: byDesign ? `${e.host} has no super-admin.conf (kubeadm writes it on the first control plane only).` : `${e.name} is missing on ${e.host}: ${e.statusReason}.`
      })
    } else if (e.keyMatches === false) {
      out.push({
        code: 'key-mismatch',
        severity: 'error',
        host: e.host,
        subject: e.name,
        params: { where },
        message: `The private key beside ${where} is not this certificate's: whatever loads the pair fails with "private key does not match public key".`
      })
    } else if (e.chainOk === false) {
      out.push({
        code: 'chain-broken',
        severity: 'error',
        host: e.host,
        subject: e.name,
        params: { where, issuer: e.issuer },
        message: `${where} names ${e.issuer} as its issuer, but that CA's key did not sign it: it will not verify.`
      })
    }
  }
  for (const [host, h] of hosts) {
    for (const s of h.served) {
      if (!s.differs || !s.file) continue
      out.push({
        code: 'served-differs',
        severity: 'warning',
        host,
        subject: s.cert.entry.name,
        params: { component: s.component, host, path: s.file.entry.path, served: s.cert.entry.notAfter, file: s.file.entry.notAfter },
        message: `${s.component} on ${host} serves a certificate that differs from ${s.file.entry.path} (served expires ${s.cert.entry.notAfter}, the file ${s.file.entry.notAfter}): restart ${s.component}.`,
        fix: { kind: 'command', command: restartCommand(s.component) }
      })
    }
    for (const k of h.kubeconfigs) {
      if (k.path.endsWith('/kubelet.conf') && k.embedded) {
        out.push({
          code: 'kubelet-conf-embedded',
          severity: 'warning',
          host,
          subject: 'kubelet.conf',
          params: { path: k.path, host },
          message: `${k.path} on ${host} embeds a client certificate that never rotates: when it expires, the node goes NotReady. Point it at /var/lib/kubelet/pki/kubelet-client-current.pem.`,
          fix: { kind: 'rotate-kubelet', node: host }
        })
      }
    }
  }
  // A CA that expires before what it signed takes them all down first.
  for (const ca of entries.filter((e) => e.isCA && e.notAfter)) {
    const leaves = entries.filter((e) => !e.isCA && e.signedBy === ca.name && e.host === ca.host && e.notAfter > ca.notAfter)
    if (leaves.length) {
      out.push({
        code: 'ca-expires-first',
        severity: 'warning',
        host: ca.host,
        subject: ca.name,
        params: { ca: ca.name, host: ca.host, date: ca.notAfter, leaves: leaves.map((l) => l.name).join(', ') },
        message: `The CA ${ca.name} on ${ca.host} expires on ${ca.notAfter}, before what it signed (${leaves.map((l) => l.name).join(', ')}): those stop verifying when it does.`,
        fix: { kind: 'command', command: 'kubeadm does not renew CAs: plan a CA rotation (https://kubernetes.io/docs/tasks/tls/manual-rotation-of-ca-certificates/)' }
      })
    }
  }
  for (const c of csrs.filter((x) => x.condition === 'Pending')) {
    out.push({
      code: c.kind === 'kubelet-serving' ? 'csr-pending-serving' : 'csr-pending',
      severity: c.kind === 'kubelet-serving' ? 'warning' : 'info',
      subject: c.name,
      host: c.node,
      params: { name: c.name, node: c.node ?? '?', requestor: c.requestor },
      message:
        c.kind === 'kubelet-serving'
          ? `The kubelet serving CSR ${c.name}${c.node ? ` of ${c.node}` : ''} is pending: until it is approved, kubectl logs and exec to that node fail ("tls: internal error").`
          : `The CSR ${c.name} from ${c.requestor} is pending.`,
      fix: { kind: 'csr', name: c.name }
    })
  }
  const order = { error: 0, warning: 1, info: 2 }
  return out.sort((a, b) => order[a.severity] - order[b.severity])
}
