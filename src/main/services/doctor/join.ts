// `kubeadm token create --print-join-command`, without kubeadm on this machine: a bootstrap
// token (a Secret in kube-system the API server's bootstrap authenticator accepts until it
// expires), the CA's public key hash from the cluster-info ConfigMap kubeadm publishes, and the
// control-plane endpoint from it. For a control plane, the certificate key comes from
// `kubeadm init phase upload-certs --upload-certs` run on a control-plane host.
import { X509Certificate, createHash, randomInt } from 'node:crypto'
import type { KubeConfig } from '@kubernetes/client-node'
import { parse } from 'yaml'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'
import { apiRequest, statusMessage } from '../cluster/raw'

export interface JoinCommand {
  /** What to run on the new node (as root). */
  command: string
  token: string
  /** ISO time the token stops working. */
  expires: string
  /** sha256:<hex> of the CA certificate's SubjectPublicKeyInfo, as kubeadm prints it. */
  caCertHash: string
  endpoint: string
  certificateKey?: string
}

export interface BootstrapToken {
  id: string
  expires?: string
  usages: string[]
  groups: string[]
  description?: string
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
const pick = (n: number) => Array.from({ length: n }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')

/** kubeadm's --discovery-token-ca-cert-hash: sha256 over the CA's public key (DER SubjectPublicKeyInfo). */
export function caCertHash(caPem: string): string {
  const spki = new X509Certificate(caPem).publicKey.export({ type: 'spki', format: 'der' })
  return `sha256:${createHash('sha256').update(spki).digest('hex')}`
}

/** The CA and endpoint kubeadm published in kube-public/cluster-info (what a joining node trusts). */
async function clusterInfo(kc: KubeConfig): Promise<{ caPem: string; endpoint: string }> {
  const r = await apiRequest(kc, 'GET', '/api/v1/namespaces/kube-public/configmaps/cluster-info')
  if (r.status === 404)
    throw new AppError({
      code: 'doctor.no-cluster-info',
      message: t`This cluster has no kube-public/cluster-info ConfigMap: it was not made with kubeadm, so kubeadm join cannot discover it.`,
      hint: t`Join nodes the way this cluster was installed (its own bootstrap kubeconfig).`
    })
  if (r.status !== 200) throw new AppError({ code: 'cluster.api', message: t`Could not read kube-public/cluster-info: ${statusMessage(r)}` })
  const cfg = parse((r.body as { data?: { kubeconfig?: string } }).data?.kubeconfig ?? '') as {
    clusters?: { cluster?: { server?: string; 'certificate-authority-data'?: string } }[]
  }
  const cluster = cfg?.clusters?.[0]?.cluster
  if (!cluster?.server || !cluster['certificate-authority-data'])
    throw new AppError({ code: 'doctor.no-cluster-info', message: t`kube-public/cluster-info holds no server or CA: kubeadm join cannot discover this cluster.` })
  return { caPem: Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8'), endpoint: new URL(cluster.server).host }
}

/** A new bootstrap token, as `kubeadm token create` makes it (same groups and usages). */
async function createToken(kc: KubeConfig, ttlSeconds: number, description: string): Promise<{ token: string; expires: string }> {
  const id = pick(6)
  const secret = pick(16)
  const expires = new Date(Date.now() + ttlSeconds * 1000).toISOString().replace(/\.\d+Z$/, 'Z')
  const r = await apiRequest(kc, 'POST', '/api/v1/namespaces/kube-system/secrets', {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'bootstrap.kubernetes.io/token',
    metadata: { name: `bootstrap-token-${id}`, namespace: 'kube-system' },
    stringData: {
      'token-id': id,
      'token-secret': secret,
      expiration: expires,
      description,
      'usage-bootstrap-authentication': 'true',
      'usage-bootstrap-signing': 'true',
      'auth-extra-groups': 'system:bootstrappers:kubeadm:default-node-token'
    }
  })
  if (r.status >= 300) throw new AppError({ code: 'cluster.api', message: t`Could not create the bootstrap token: ${statusMessage(r)}` })
  return { token: `${id}.${secret}`, expires }
}

export async function joinCommand(kc: KubeConfig, o: { ttlSeconds: number; certificateKey?: () => Promise<string> }): Promise<JoinCommand> {
  const { caPem, endpoint } = await clusterInfo(kc)
  const hash = caCertHash(caPem)
  const certificateKey = o.certificateKey ? await o.certificateKey() : undefined
  const { token, expires } = await createToken(kc, o.ttlSeconds, certificateKey ? 'Kubedeck: join a control-plane node' : 'Kubedeck: join a node')
  const command = [
    `kubeadm join ${endpoint} --token ${token}`,
    `--discovery-token-ca-cert-hash ${hash}`,
    ...(certificateKey ? ['--control-plane', `--certificate-key ${certificateKey}`] : [])
  ].join(' ')
  return { command, token, expires, caCertHash: hash, endpoint, ...(certificateKey ? { certificateKey } : {}) }
}

/** The bootstrap tokens in kube-system (ids, expiry, usages; never their secrets). */
export async function listTokens(kc: KubeConfig): Promise<BootstrapToken[]> {
  const r = await apiRequest(kc, 'GET', `/api/v1/namespaces/kube-system/secrets?fieldSelector=${encodeURIComponent('type=bootstrap.kubernetes.io/token')}`)
  if (r.status !== 200) throw new AppError({ code: 'cluster.api', message: t`Could not list bootstrap tokens: ${statusMessage(r)}` })
  const text = (v: string | undefined) => (v ? Buffer.from(v, 'base64').toString('utf8') : undefined)
  return ((r.body as { items?: { data?: Record<string, string> }[] }).items ?? []).map((s) => {
    const d = s.data ?? {}
    return {
      id: text(d['token-id']) ?? '',
      expires: text(d.expiration),
      usages: Object.keys(d)
        .filter((k) => k.startsWith('usage-bootstrap-') && text(d[k]) === 'true')
        .map((k) => k.slice('usage-bootstrap-'.length)),
      groups: (text(d['auth-extra-groups']) ?? '').split(',').filter(Boolean),
      description: text(d.description)
    }
  })
}

/** The certificate key's line in `kubeadm init phase upload-certs --upload-certs` output (64 hex characters). */
export function certificateKeyFrom(output: string): string | undefined {
  return output.match(/^([0-9a-f]{64})\s*$/m)?.[1]
}

/**
 * The config `kubeadm init phase upload-certs --config` reads: the cluster's ClusterConfiguration
 * from kube-system/kubeadm-config (what kubeadm init stored), and an InitConfiguration naming
 * this node's address (without one, kubeadm guesses it from the default route, and a host
 * without one refuses).
 */
export async function uploadCertsConfig(kc: KubeConfig, address: string | undefined): Promise<string> {
  const r = await apiRequest(kc, 'GET', '/api/v1/namespaces/kube-system/configmaps/kubeadm-config')
  if (r.status !== 200) throw new AppError({ code: 'cluster.api', message: t`Could not read kube-system/kubeadm-config: ${statusMessage(r)}` })
  const cluster = (r.body as { data?: { ClusterConfiguration?: string } }).data?.ClusterConfiguration ?? ''
  const apiVersion = (parse(cluster) as { apiVersion?: string } | null)?.apiVersion ?? 'kubeadm.k8s.io/v1beta4'
  const init = [`apiVersion: ${apiVersion}`, 'kind: InitConfiguration', ...(address ? ['localAPIEndpoint:', `  advertiseAddress: ${JSON.stringify(address)}`] : [])].join('\n')
  return `${init}\n---\n${cluster.trim()}`
}
