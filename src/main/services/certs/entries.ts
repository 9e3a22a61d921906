// A certificate as the inventory shows it: read with node's X509Certificate (subject, issuer,
// SANs, dates, fingerprint, whether it is a CA), its chain resolved against the CAs found, and
// its status against the thresholds.
import { X509Certificate, createHash, type KeyObject } from 'node:crypto'
import type { CertificateEntry, CertThresholds } from '../../../shared/model/certs'

const DAY = 24 * 3600 * 1000

export const DEFAULT_THRESHOLDS: CertThresholds = { warnDays: 30, criticalDays: 7 }

/** A certificate read from PEM, with what the inventory needs of it (kept beside its entry). */
export interface ParsedCert {
  x509: X509Certificate
  entry: CertificateEntry
  /** The CA certificate that signed it (set by resolveChains). */
  signer?: ParsedCert
}

/** `CN=a\nO=b` → `CN=a, O=b` (openssl's one-line order). */
const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ')
/** RFC 3339 to the second, as kubeadm prints expiration dates. */
export const rfc3339 = (d: string | number | Date) => new Date(d).toISOString().replace(/\.\d{3}Z$/, 'Z')

function sans(x: X509Certificate): string[] {
  if (!x.subjectAltName) return []
  return x.subjectAltName.split(', ').map((s) => s.replace(/^IP Address:/, 'IP:'))
}

/** SHA-256 of a public key's DER SubjectPublicKeyInfo, as `openssl pkey -pubout -outform DER | openssl sha256` prints it. */
export const publicKeySha256 = (key: KeyObject) => createHash('sha256').update(key.export({ type: 'spki', format: 'der' })).digest('hex')

/** The first certificate of a PEM text, or null when there is none. */
export function readPem(pem: string): X509Certificate | null {
  const m = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)
  if (!m) return null
  try {
    return new X509Certificate(m[0])
  } catch {
    return null
  }
}

export function parsedEntry(x: X509Certificate, base: Pick<CertificateEntry, 'host' | 'name' | 'source' | 'path' | 'managedBy' | 'usedBy'> & { keyMatches?: boolean | null }, now = Date.now()): ParsedCert {
  const notAfter = Date.parse(x.validTo)
  return {
    x509: x,
    entry: {
      ...base,
      isCA: x.ca,
      subject: oneLine(x.subject),
      issuer: oneLine(x.issuer),
      sans: sans(x),
      serial: x.serialNumber,
      notBefore: rfc3339(x.validFrom),
      notAfter: rfc3339(notAfter),
      daysLeft: Math.floor((notAfter - now) / DAY),
      sha256: x.fingerprint256,
      keyMatches: base.keyMatches ?? null,
      status: 'ok'
    }
  }
}

/** An entry for a certificate that should be there and is not. */
export function missingEntry(base: Pick<CertificateEntry, 'host' | 'name' | 'source' | 'path' | 'managedBy' | 'usedBy' | 'isCA'>, reason: string): CertificateEntry {
  return { ...base, subject: '', issuer: '', sans: [], serial: '', notBefore: '', notAfter: '', daysLeft: 0, sha256: '', keyMatches: null, status: 'missing', statusReason: reason }
}

/** Finds the CA among `cas` that signed each certificate (signature checked), preferring the same host's. */
export function resolveChains(certs: ParsedCert[]): void {
  const cas = certs.filter((c) => c.entry.isCA)
  for (const c of certs) {
    const candidates = [...cas.filter((ca) => ca.entry.host === c.entry.host), ...cas.filter((ca) => ca.entry.host !== c.entry.host)]
    const signer = candidates.find((ca) => {
      try {
        return c.x509.checkIssued(ca.x509) && c.x509.verify(ca.x509.publicKey)
      } catch {
        return false
      }
    })
    if (signer) {
      c.signer = signer
      c.entry.signedBy = signer.entry.name
      c.entry.chainOk = true
    } else if (cas.some((ca) => c.x509.checkIssued(ca.x509))) {
      // Issued by a CA of that name, but its signature does not verify: a different key.
      c.entry.chainOk = false
    }
  }
}

/**
 * ok | expiring | expired | mismatch (missing entries keep theirs), with why. `mismatch` is a
 * reason found elsewhere (a served certificate that differs from its file).
 */
export function classify(e: CertificateEntry, t: CertThresholds, now = Date.now(), mismatch?: string): void {
  if (e.status === 'missing') return
  const before = Date.parse(e.notBefore)
  const after = Date.parse(e.notAfter)
  if (now >= after) {
    e.status = 'expired'
    e.statusReason = `expired on ${e.notAfter}`
  } else if (now < before) {
    e.status = 'expired'
    e.statusReason = `not valid before ${e.notBefore} (a clock ahead, or a certificate from the future)`
  } else if (e.keyMatches === false) {
    e.status = 'mismatch'
    e.statusReason = 'the private key beside it belongs to another certificate'
  } else if (e.chainOk === false) {
    e.status = 'mismatch'
    e.statusReason = `its issuer (${e.issuer}) is here, but its signature does not verify against that CA`
  } else if (mismatch) {
    e.status = 'mismatch'
    e.statusReason = mismatch
  } else if (after - now <= t.warnDays * DAY) {
    e.status = 'expiring'
    e.statusReason = `expires in ${Math.max(0, e.daysLeft)} days`
  } else e.status = 'ok'
}
