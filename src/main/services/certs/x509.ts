// What node's X509Certificate cannot read (key usage, extended key usage, basic constraints,
// CSRs) and cannot make (a CSR), through @peculiar/x509: the extensions a re-signed certificate
// must keep exactly, as an openssl extfile, and the CSR for a key made on this machine.
import 'reflect-metadata'
import { webcrypto } from 'node:crypto'
import * as x509 from '@peculiar/x509'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'

x509.cryptoProvider.set(webcrypto as never)

const KEY_USAGES: [x509.KeyUsageFlags, string][] = [
  [x509.KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [x509.KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [x509.KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [x509.KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [x509.KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [x509.KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [x509.KeyUsageFlags.cRLSign, 'cRLSign'],
  [x509.KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [x509.KeyUsageFlags.decipherOnly, 'decipherOnly']
]
const EXTENDED: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning'
}
const SAN_TYPE: Record<string, string> = { dns: 'DNS', ip: 'IP', email: 'email', url: 'URI' }
/** Characters a SAN value may have to be written into an openssl config file as is. */
const PLAIN_SAN = /^[A-Za-z0-9.*:_@/%+=-]+$/

/** The extensions a renewal must keep, in one comparable form. */
export interface KeptExtensions {
  keyUsage: string[]
  keyUsageCritical: boolean
  extendedKeyUsage: string[]
  sans: string[]
  ca: boolean | null
  pathLength?: number
  subjectKeyId: boolean
  authorityKeyId: boolean
}

export function keptExtensions(pem: string): KeptExtensions {
  const c = new x509.X509Certificate(pem)
  const ku = c.getExtension(x509.KeyUsagesExtension)
  const eku = c.getExtension(x509.ExtendedKeyUsageExtension)
  const san = c.getExtension(x509.SubjectAlternativeNameExtension)
  const bc = c.getExtension(x509.BasicConstraintsExtension)
  return {
    keyUsage: ku ? KEY_USAGES.filter(([f]) => ku.usages & f).map(([, n]) => n) : [],
    keyUsageCritical: !!ku?.critical,
    extendedKeyUsage: (eku?.usages ?? []).map((u) => EXTENDED[String(u)] ?? String(u)),
    sans: (san?.names.toJSON() ?? []).map((n) => `${SAN_TYPE[n.type] ?? n.type}:${n.value}`),
    ca: bc ? bc.ca : null,
    pathLength: bc?.pathLength,
    subjectKeyId: !!c.getExtension(x509.SubjectKeyIdentifierExtension),
    authorityKeyId: !!c.getExtension(x509.AuthorityKeyIdentifierExtension)
  }
}

/** Why two certificates' kept extensions differ (empty when they agree). */
export function extensionDifferences(a: KeptExtensions, b: KeptExtensions): string[] {
  const out: string[] = []
  const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y)
  if (!same(a.keyUsage, b.keyUsage) || a.keyUsageCritical !== b.keyUsageCritical) out.push(`key usage ${a.keyUsage.join(',')} became ${b.keyUsage.join(',')}`)
  if (!same(a.extendedKeyUsage, b.extendedKeyUsage)) out.push(`extended key usage ${a.extendedKeyUsage.join(',')} became ${b.extendedKeyUsage.join(',')}`)
  if (!same([...a.sans].sort(), [...b.sans].sort())) out.push(`SANs ${a.sans.join(', ')} became ${b.sans.join(', ')}`)
  if (a.ca !== b.ca) out.push(`CA:${a.ca} became CA:${b.ca}`)
  return out
}

/**
 * An openssl extfile (section `kubedeck`) that gives a re-signed certificate exactly the
 * extensions of `pem`. Refuses SAN values that a config file could not hold as written.
 */
export function resignExtfile(pem: string, where: string): string {
  const e = keptExtensions(pem)
  const lines = ['[kubedeck]']
  if (e.ca !== null) lines.push(`basicConstraints = critical, CA:${e.ca ? 'TRUE' : 'FALSE'}${e.pathLength !== undefined ? `, pathlen:${e.pathLength}` : ''}`)
  if (e.keyUsage.length) lines.push(`keyUsage = ${e.keyUsageCritical ? 'critical, ' : ''}${e.keyUsage.join(', ')}`)
  if (e.extendedKeyUsage.length) lines.push(`extendedKeyUsage = ${e.extendedKeyUsage.join(', ')}`)
  if (e.subjectKeyId) lines.push('subjectKeyIdentifier = hash')
  if (e.authorityKeyId) lines.push('authorityKeyIdentifier = keyid')
  if (e.sans.length) {
    const bad = e.sans.find((s) => !PLAIN_SAN.test(s))
    if (bad) {
      throw new AppError({
        code: 'certs.unusual-san',
        message: t`${where} has a SAN Kubedeck cannot copy into an openssl config as written: ${JSON.stringify(bad)}.`,
        hint: t`Re-sign this certificate by hand with an extfile you check yourself.`
      })
    }
    lines.push('subjectAltName = @kubedeck_sans', '[kubedeck_sans]')
    const n: Record<string, number> = {}
    for (const s of e.sans) {
      const i = s.indexOf(':')
      const type = s.slice(0, i)
      n[type] = (n[type] ?? 0) + 1
      lines.push(`${type}.${n[type]} = ${s.slice(i + 1)}`)
    }
  }
  return lines.join('\n') + '\n'
}

/** The subject of a CSR (base64 of its PEM, as a CertificateSigningRequest holds it), openssl-style; undefined when unreadable. */
export function csrSubject(base64Pem: string): string | undefined {
  try {
    return new x509.Pkcs10CertificateRequest(Buffer.from(base64Pem, 'base64').toString('utf8')).subject
  } catch {
    return undefined
  }
}

/** A new P-256 key (PKCS#8 PEM) and a CSR for `subject` (`CN=…, O=…`), both made here. */
export async function newKeyAndCsr(subject: string): Promise<{ keyPem: string; csrPem: string }> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair
  const csr = await x509.Pkcs10CertificateRequestGenerator.create({ name: subject, keys: keys as never, signingAlgorithm: alg })
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey))
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n?$/, '\n')}-----END PRIVATE KEY-----\n`
  return { keyPem, csrPem: csr.toString('pem') + '\n' }
}
