// CertificateSigningRequests through the API: the pending ones the inventory shows (a kubelet
// serving CSR nobody approved breaks `kubectl logs` and `exec` on that node), approval and
// denial as a confirmed step, and the CSR a kubelet rotation submits and waits on.
import type { KubeConfig, V1CertificateSigningRequest } from '@kubernetes/client-node'
import type { CsrEntry } from '../../../shared/model/certs'
import { clientNode } from '../kube'
import { csrSubject } from './x509'

const KIND: Record<string, CsrEntry['kind']> = {
  'kubernetes.io/kubelet-serving': 'kubelet-serving',
  'kubernetes.io/kube-apiserver-client-kubelet': 'kubelet-client'
}

export function csrEntry(c: V1CertificateSigningRequest): CsrEntry {
  const conditions = c.status?.conditions ?? []
  const decided = conditions.find((x) => x.type === 'Denied' || x.type === 'Failed') ?? conditions.find((x) => x.type === 'Approved')
  const requestor = c.spec.username ?? ''
  const cn = csrSubject(c.spec.request)?.match(/CN=system:node:([^,]+)/)?.[1]
  return {
    name: c.metadata?.name ?? '',
    signerName: c.spec.signerName,
    requestor,
    usages: c.spec.usages ?? [],
    condition: (decided?.type as CsrEntry['condition']) ?? 'Pending',
    issued: !!c.status?.certificate,
    createdAt: c.metadata?.creationTimestamp ? new Date(c.metadata.creationTimestamp).toISOString() : '',
    node: requestor.startsWith('system:node:') ? requestor.slice('system:node:'.length) : cn,
    kind: KIND[c.spec.signerName] ?? 'other'
  }
}

export async function listCsrs(kc: KubeConfig): Promise<CsrEntry[]> {
  const { CertificatesV1Api } = await clientNode()
  const list = await kc.makeApiClient(CertificatesV1Api).listCertificateSigningRequest()
  return list.items.map(csrEntry).sort((a, b) => b.createdAt.localeCompare(a.createdAt))
}

/** Sets the Approved or Denied condition, as `kubectl certificate approve|deny` does. */
export async function decideCsr(kc: KubeConfig, name: string, decision: 'approve' | 'deny', message: string): Promise<CsrEntry> {
  const { CertificatesV1Api } = await clientNode()
  const api = kc.makeApiClient(CertificatesV1Api)
  const csr = await api.readCertificateSigningRequest({ name })
  const type = decision === 'approve' ? 'Approved' : 'Denied'
  const conditions = (csr.status?.conditions ?? []).filter((c) => c.type !== type)
  conditions.push({ type, status: 'True', reason: decision === 'approve' ? 'KubedeckApprove' : 'KubedeckDeny', message, lastUpdateTime: new Date() })
  csr.status = { ...csr.status, conditions }
  return csrEntry(await api.replaceCertificateSigningRequestApproval({ name, body: csr }))
}

/** Submits a CSR (PEM) for a signer; returns its name. */
export async function submitCsr(kc: KubeConfig, o: { name: string; pem: string; signerName: string; usages: string[]; expirationSeconds?: number }): Promise<string> {
  const { CertificatesV1Api } = await clientNode()
  const created = await kc.makeApiClient(CertificatesV1Api).createCertificateSigningRequest({
    body: {
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name: o.name, labels: { 'app.kubernetes.io/managed-by': 'kubedeck' } },
      spec: { request: Buffer.from(o.pem).toString('base64'), signerName: o.signerName, usages: o.usages, ...(o.expirationSeconds ? { expirationSeconds: o.expirationSeconds } : {}) }
    }
  })
  return created.metadata!.name!
}

/** The issued certificate (PEM), once the signer has written it; null while it has not. */
export async function issuedCertificate(kc: KubeConfig, name: string): Promise<{ pem: string | null; condition: CsrEntry['condition'] }> {
  const { CertificatesV1Api } = await clientNode()
  const csr = await kc.makeApiClient(CertificatesV1Api).readCertificateSigningRequest({ name })
  const e = csrEntry(csr)
  return { pem: csr.status?.certificate ? Buffer.from(csr.status.certificate, 'base64').toString('utf8') : null, condition: e.condition }
}
