// One cluster's certificate inventory from what each host's probe returned, the user's own
// kubeconfigs and the API's CSRs: chains resolved across every CA found, each certificate
// classified against the thresholds, and the findings that say what to do.
import type { CertHost, CertInventory, CertThresholds, CsrEntry } from '../../../shared/model/certs'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { classify, resolveChains, rfc3339, type ParsedCert } from './entries'
import { certFindings } from './findings'
import type { HostCerts } from './host-certs'

export interface ProbedHost {
  host: CertHost
  certs?: HostCerts
}

const SOURCE_ORDER = { file: 0, kubeconfig: 1, served: 2, local: 3 }

export function buildInventory(o: {
  context: ContextRef
  thresholds: CertThresholds
  hosts: ProbedHost[]
  local: ParsedCert[]
  csrs: CsrEntry[]
  csrError?: string
  notes: string[]
  now?: number
}): CertInventory {
  const now = o.now ?? Date.now()
  const parsed: ParsedCert[] = [...o.hosts.flatMap((h) => h.certs?.certs ?? []), ...o.local]
  resolveChains(parsed)
  const byHost = new Map(o.hosts.filter((h) => h.certs).map((h) => [h.host.id, h.certs!]))
  const stale = new Map<ParsedCert, string>()
  for (const h of byHost.values()) {
    for (const s of h.served) if (s.differs && s.file) stale.set(s.cert, `${s.component} still serves an older certificate than ${s.file.entry.path}: restart it`)
  }
  for (const p of parsed) classify(p.entry, o.thresholds, now, stale.get(p))
  const certificates = [...parsed.map((p) => p.entry), ...o.hosts.flatMap((h) => h.certs?.missing ?? [])].sort(
    (a, b) => a.host.localeCompare(b.host) || SOURCE_ORDER[a.source] - SOURCE_ORDER[b.source] || a.name.localeCompare(b.name)
  )
  return {
    context: o.context,
    checkedAt: rfc3339(now),
    thresholds: o.thresholds,
    hosts: o.hosts.map((h) => h.host),
    certificates,
    findings: certFindings(certificates, byHost, o.csrs, o.thresholds),
    csrs: o.csrs,
    ...(o.csrError ? { csrError: o.csrError } : {}),
    notes: o.notes
  }
}
