// One host's certificates from its probe output: every file (named as kubeadm names it, or by
// its file), the kubeconfigs' embedded client certificates, what its servers present, the
// kubeadm certificates that should be there and are not, and which units use which file.
import type { CertHost, CertificateEntry } from '../../../shared/model/certs'
import { KUBEADM_CERTS, SERVED_BY, kubeadmCertAt, kubeletName } from './kubeadm-names'
import { createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto'
import { missingEntry, parsedEntry, publicKeySha256, readPem, type ParsedCert } from './entries'
import { probeSections } from './probe'

export interface HostCerts {
  layout: CertHost['layout']
  certs: ParsedCert[]
  /** Expected and absent (kubeadm's list on a control plane; files units name). */
  missing: CertificateEntry[]
  /** kubeconfigs whose client certificate is embedded (never rotates) or a file (rotates). */
  kubeconfigs: { path: string; embedded: boolean; file?: string }[]
  /** Served certificate → the file it should be (same key), and whether they are the same. */
  served: { cert: ParsedCert; file?: ParsedCert; differs: boolean; component: string }[]
  /** CA keys found on the host, by the SHA-256 of their public key (DER SubjectPublicKeyInfo). */
  caKeys: { path: string; publicKeySha256: string }[]
  noOpenssl: boolean
}

const base = (p: string) => p.slice(p.lastIndexOf('/') + 1)

function publicKeyOf(pem: string): KeyObject | null {
  const m = /-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/.exec(pem)
  if (!m) return null
  try {
    return createPublicKey(m[0])
  } catch {
    return null
  }
}

export function hostCerts(host: string, output: string, now = Date.now()): HostCerts {
  const sections = probeSections(output)
  const layoutLines = sections.find((s) => s.kind === 'layout')?.body.split('\n') ?? []
  const kubeadmCp = layoutLines.includes('kubeadm-control-plane')
  const units = new Map<string, string[]>()
  for (const line of sections.find((s) => s.kind === 'units')?.body.split('\n') ?? []) {
    const [unit, path] = line.split(' ')
    if (!unit || unit === 'unit' || !path) continue
    units.set(path, [...(units.get(path) ?? []), unit])
  }
  const binary = [...units.values()].some((u) => u.includes('kube-apiserver') || u.includes('etcd'))
  const layout: CertHost['layout'] = kubeadmCp ? 'kubeadm' : binary ? 'binary' : layoutLines.includes('kubelet') ? 'worker' : 'unknown'
  // The public half of each key beside a certificate (the private key stayed on the host).
  const publicKeys = new Map<string, KeyObject>()
  for (const s of sections.filter((x) => x.kind === 'pubkey')) {
    const k = publicKeyOf(s.body)
    if (k) publicKeys.set(s.arg, k)
  }
  const matches = (path: string, x: X509Certificate) => (publicKeys.has(path) ? publicKeys.get(path)!.equals(x.publicKey) : null)
  const links = new Map(sections.filter((s) => s.kind === 'link').map((s) => [s.arg, s.body.trim()]))

  const certs: ParsedCert[] = []
  const missing: CertificateEntry[] = []
  // kubelet keeps every certificate it rotated to (kubelet-client-<date>.pem) and links the one in
  // use as `…-current.pem`: only that link counts, shown with its target.
  const rotatedKind = (path: string) => /\/kubelet-(client|server)-(?!current\.pem$)[^/]+\.pem$/.exec(path)?.[1]
  const hasCurrent = (kind: string) => [...links.keys()].some((l) => l.endsWith(`/kubelet-${kind}-current.pem`))
  for (const s of sections) {
    const kind = s.kind === 'cert' ? rotatedKind(s.arg) : undefined
    if (kind && hasCurrent(kind)) continue
    if (s.kind === 'cert') {
      const x = readPem(s.body)
      if (!x) continue
      const kubeadm = kubeadmCertAt(s.arg)
      const kubelet = kubeletName(s.arg)
      certs.push(
        parsedEntry(
          x,
          {
            host,
            name: kubeadm?.name ?? kubelet ?? base(s.arg),
            source: 'file',
            path: links.get(s.arg) ? `${s.arg} → ${links.get(s.arg)}` : s.arg,
            managedBy: kubeadm ? 'kubeadm' : kubelet ? 'kubelet' : 'manual',
            usedBy: kubeadm?.usedBy ?? units.get(s.arg) ?? (kubelet ? ['kubelet'] : []),
            keyMatches: matches(s.arg, x)
          },
          now
        )
      )
    } else if (s.kind === 'kubeconfig') {
      const x = readPem(s.body)
      if (!x) continue
      const kubeadm = kubeadmCertAt(s.arg)
      certs.push(
        parsedEntry(
          x,
          {
            host,
            name: kubeadm?.name ?? kubeletName(s.arg) ?? base(s.arg),
            source: 'kubeconfig',
            path: s.arg,
            managedBy: kubeadm ? 'kubeadm' : 'manual',
            usedBy: kubeadm?.usedBy ?? (s.arg.endsWith('/kubelet.conf') ? ['kubelet'] : []),
            keyMatches: matches(s.arg, x)
          },
          now
        )
      )
    } else if (s.kind === 'absent') {
      missing.push(
        missingEntry(
          { host, name: base(s.arg), source: 'file', path: s.arg, managedBy: 'manual', usedBy: units.get(s.arg) ?? [], isCA: false },
          `named by ${(units.get(s.arg) ?? []).join(', ')} but not on the host`
        )
      )
    }
  }
  if (kubeadmCp) {
    for (const k of KUBEADM_CERTS) {
      if (certs.some((c) => c.entry.name === k.name)) continue
      missing.push(
        missingEntry(
          { host, name: k.name, source: k.kind === 'kubeconfig' ? 'kubeconfig' : 'file', path: k.path, managedBy: 'kubeadm', usedBy: k.usedBy, isCA: k.kind === 'ca' },
          `${k.path} is not on the host`
        )
      )
    }
  }

  const kubeconfigs = [
    ...sections.filter((s) => s.kind === 'kubeconfig').map((s) => ({ path: s.arg, embedded: true })),
    ...sections.filter((s) => s.kind === 'kubeconfig-file').map((s) => ({ path: s.arg, embedded: false, file: s.body.trim() }))
  ]

  const served: HostCerts['served'] = []
  for (const s of sections.filter((x) => x.kind === 'served')) {
    const x = readPem(s.body)
    if (!x) continue
    const port = s.arg.slice(s.arg.lastIndexOf(':') + 1)
    const by = SERVED_BY[port] ?? { name: `:${port}`, component: `the server on :${port}` }
    // The file it should be: the one kubeadm keeps for that server, else the file with the same
    // key, else the same subject and issuer (kubeadm's renewal makes a new key, and a server not
    // restarted since still presents the old certificate of the old key).
    // (kubelet's self-made serving certificate says CA:TRUE; it is still the one served.)
    const files = certs.filter((c) => c.entry.source === 'file' && (!c.entry.isCA || c.entry.managedBy === 'kubelet'))
    const file =
      files.find((c) => c.entry.name === by.name && c.entry.managedBy !== 'manual') ??
      files.find((c) => c.x509.publicKey.equals(x.publicKey)) ??
      files.find((c) => c.x509.subject === x.subject && c.x509.issuer === x.issuer && (c.x509.subjectAltName ?? '') === (x.subjectAltName ?? ''))
    const cert = parsedEntry(x, { host, name: `${by.name} (served)`, source: 'served', path: s.arg, managedBy: file?.entry.managedBy ?? 'manual', usedBy: [by.component] }, now)
    served.push({ cert, file, differs: !!file && file.entry.sha256 !== cert.entry.sha256, component: by.component })
    certs.push(cert)
  }
  const caKeys = sections
    .filter((s) => s.kind === 'cakey')
    .map((s) => ({ path: s.arg, key: publicKeyOf(s.body) }))
    .filter((k): k is { path: string; key: KeyObject } => !!k.key)
    .map((k) => ({ path: k.path, publicKeySha256: publicKeySha256(k.key) }))
  return { layout, certs, missing, kubeconfigs, served, caKeys, noOpenssl: sections.some((s) => s.kind === 'no-openssl') }
}
