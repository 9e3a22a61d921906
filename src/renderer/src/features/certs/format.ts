// Pure helpers of the Certificates page: how long until a certificate expires in words a table
// cell can hold, where it sits on the timeline, and the rows grouped the way the page shows them.
import type { CertificateEntry, CertInventory } from '@shared/model/certs'

/** `-35d`, `12d`, `11mo`, `9y` — the table's "expires in" column. */
export function expiresIn(daysLeft: number): string {
  if (daysLeft < 0) return `${daysLeft}d`
  if (daysLeft < 60) return `${daysLeft}d`
  if (daysLeft < 730) return `${Math.floor(daysLeft / 30)}mo`
  return `${Math.floor(daysLeft / 365)}y`
}

export interface TimelinePoint {
  entry: CertificateEntry
  /** 0..1 along the timeline (0: already expired). */
  at: number
}

/**
 * Certificates placed on a timeline from `pastDays` ago to `futureDays` ahead: everything
 * expired sits at the start, everything beyond the end is counted, not drawn. Served copies
 * and missing entries are left out (their files are drawn).
 */
export function timeline(entries: CertificateEntry[], now: number, futureDays = 400): { points: TimelinePoint[]; beyond: number } {
  const points: TimelinePoint[] = []
  let beyond = 0
  for (const e of entries) {
    if (e.source === 'served' || !e.notAfter) continue
    const days = (Date.parse(e.notAfter) - now) / 86400_000
    if (days > futureDays) beyond++
    else points.push({ entry: e, at: Math.max(0, days) / futureDays })
  }
  return { points: points.sort((a, b) => a.at - b.at), beyond }
}

/** Rows by host, hosts in inventory order, then this machine's. */
export function byHost(inv: CertInventory): { host: string; rows: CertificateEntry[] }[] {
  const order = [...inv.hosts.map((h) => h.id), 'this machine']
  const groups = new Map<string, CertificateEntry[]>()
  for (const c of inv.certificates) groups.set(c.host, [...(groups.get(c.host) ?? []), c])
  return [...groups.entries()].sort((a, b) => order.indexOf(a[0]) - order.indexOf(b[0])).map(([host, rows]) => ({ host, rows }))
}

/**
 * How many certificates are in each status. A served copy is the same certificate as its file,
 * so it counts only when it differs from the file (a component not restarted).
 */
export function statusCounts(inv: CertInventory): Record<CertificateEntry['status'], number> {
  const out = { ok: 0, expiring: 0, expired: 0, missing: 0, mismatch: 0 }
  for (const c of inv.certificates) if (c.source !== 'served' || c.status === 'mismatch') out[c.status]++
  return out
}

/** The issuer's common name, or the whole issuer. */
export const issuerName = (e: CertificateEntry) => e.issuer.match(/CN=([^,]+)/)?.[1] ?? e.issuer

/** The chain above a certificate, by the names of the CAs that signed each link (on the same host first). */
export function chainOf(e: CertificateEntry, all: CertificateEntry[]): CertificateEntry[] {
  const out: CertificateEntry[] = []
  let cur: CertificateEntry | undefined = e
  while (cur?.signedBy && out.length < 5) {
    const by: string = cur.signedBy
    const host: string = cur.host
    const next: CertificateEntry | undefined = all.find((c) => c.isCA && c.name === by && c.host === host) ?? all.find((c) => c.isCA && c.name === by)
    if (!next || next === cur || out.includes(next)) break
    out.push(next)
    cur = next
  }
  return out
}
