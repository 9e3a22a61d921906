// The certificate wizard's data: every certificate that can take a cluster down (control-plane
// PKI, etcd PKI, kubeconfig client certificates, kubelet certificates, what the API server and
// etcd actually serve, the user's own kubeconfigs), each with its expiry, its chain and what to
// do about it. Certificates only: private keys stay on their hosts and are never shown.
import type { ContextRef } from './kubeconfig'

export type CertStatus = 'ok' | 'expiring' | 'expired' | 'missing' | 'mismatch'

/** Where a certificate was found. */
export type CertSource =
  /** A file on a host (a PEM, a kubeadm .crt). */
  | 'file'
  /** Embedded in a kubeconfig on a host (admin.conf, kubelet.conf, …). */
  | 'kubeconfig'
  /** What a server presents in a TLS handshake (apiserver :6443, etcd :2379, kubelet :10250). */
  | 'served'
  /** A kubeconfig on this machine (the user's own contexts). */
  | 'local'

export interface CertificateEntry {
  /** Host id, or `this machine` for the user's kubeconfigs. */
  host: string
  /** kubeadm's name where kubeadm manages it (`apiserver`, `admin.conf`, `etcd-server`, CAs `ca`, `etcd-ca`, `front-proxy-ca`), else the file's name. */
  name: string
  source: CertSource
  /** File path; for a kubeconfig, `path#user`; for a served certificate, `address:port`. */
  path: string
  isCA: boolean
  subject: string
  issuer: string
  /** `DNS:…`, `IP:…`. */
  sans: string[]
  serial: string
  /** RFC 3339, to the second. */
  notBefore: string
  notAfter: string
  /** Whole days left (negative once expired). */
  daysLeft: number
  sha256: string
  /** The entry (name) of the CA that signed it, when one was found. */
  signedBy?: string
  /** The chain up to a CA found in the inventory verifies (signature and dates). */
  chainOk?: boolean
  /** The private key beside it belongs to it (checked on the host); null when no key was checked. */
  keyMatches?: boolean | null
  /** kubeadm (renews it), kubelet (rotates it), or nobody. */
  managedBy: 'kubeadm' | 'kubelet' | 'manual'
  /** The systemd units or static pods that use the file (who to restart after a renewal). */
  usedBy: string[]
  status: CertStatus
  /** Why the status is what it is, in words (for mismatch and missing). */
  statusReason?: string
}

export type FindingSeverity = 'error' | 'warning' | 'info'

export interface CertFinding {
  /** Stable code, e.g. `served-differs`, `kubelet-conf-embedded`, `ca-expires-first`, `csr-pending`. */
  code: string
  severity: FindingSeverity
  host?: string
  /** The certificate (or CSR) it is about. */
  subject: string
  /** In English, for the CLI and logs; the app words it from `code` and `params` in the user's language. */
  message: string
  /** The values the message names (host, name, path, dates, days, component, …). */
  params: Record<string, string | number>
  /** What fixes it: a plan Kubedeck makes, or the command to run. */
  fix?: { kind: 'renew'; host: string; names: string[] } | { kind: 'rotate-kubelet'; node: string } | { kind: 'csr'; name: string } | { kind: 'command'; command: string }
}

export interface CertHost {
  id: string
  nodeName?: string
  /** kubeadm (static pods, /etc/kubernetes/pki), binary (systemd units), or worker (kubelet only). */
  layout: 'kubeadm' | 'binary' | 'worker' | 'unknown'
  roles: string[]
  reachable: boolean
  error?: import('../errors').ErrorInfo
}

export interface CsrEntry {
  name: string
  signerName: string
  /** Who asked (system:node:…, system:bootstrap:…). */
  requestor: string
  usages: string[]
  condition: 'Pending' | 'Approved' | 'Denied' | 'Failed'
  /** Signed (a certificate was issued). */
  issued: boolean
  createdAt: string
  /** The node it is for, from the requestor or the CSR's subject. */
  node?: string
  /** kubelet serving CSRs are not approved automatically: logs and exec fail until they are. */
  kind: 'kubelet-serving' | 'kubelet-client' | 'other'
}

export interface CertThresholds {
  /** Expiring (warning) within this many days. */
  warnDays: number
  /** Critical within this many days. */
  criticalDays: number
}

export interface CertInventory {
  context: ContextRef
  checkedAt: string
  thresholds: CertThresholds
  hosts: CertHost[]
  certificates: CertificateEntry[]
  findings: CertFinding[]
  csrs: CsrEntry[]
  /** Why pending CSRs could not be listed (the API did not answer). */
  csrError?: string
  /** How the hosts were found, and what could not be done, in words. */
  notes: string[]
}
