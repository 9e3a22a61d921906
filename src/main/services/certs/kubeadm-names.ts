// kubeadm's names for the certificates it manages (as `kubeadm certs check-expiration` prints
// them), where each lives, which CA signs it and which component holds it (restarted after a
// renewal). Everything else is named by its file.
export interface KubeadmCert {
  name: string
  /** Absolute path of the .crt, or of the kubeconfig that embeds it. */
  path: string
  kind: 'cert' | 'kubeconfig' | 'ca'
  /** kubeadm's caName. */
  ca?: string
  /** Static pods that load it. */
  usedBy: string[]
}

const PKI = '/etc/kubernetes/pki'

export const KUBEADM_CERTS: KubeadmCert[] = [
  { name: 'admin.conf', path: '/etc/kubernetes/admin.conf', kind: 'kubeconfig', ca: 'ca', usedBy: [] },
  { name: 'apiserver', path: `${PKI}/apiserver.crt`, kind: 'cert', ca: 'ca', usedBy: ['kube-apiserver'] },
  { name: 'apiserver-etcd-client', path: `${PKI}/apiserver-etcd-client.crt`, kind: 'cert', ca: 'etcd-ca', usedBy: ['kube-apiserver'] },
  { name: 'apiserver-kubelet-client', path: `${PKI}/apiserver-kubelet-client.crt`, kind: 'cert', ca: 'ca', usedBy: ['kube-apiserver'] },
  { name: 'controller-manager.conf', path: '/etc/kubernetes/controller-manager.conf', kind: 'kubeconfig', ca: 'ca', usedBy: ['kube-controller-manager'] },
  { name: 'etcd-healthcheck-client', path: `${PKI}/etcd/healthcheck-client.crt`, kind: 'cert', ca: 'etcd-ca', usedBy: [] },
  { name: 'etcd-peer', path: `${PKI}/etcd/peer.crt`, kind: 'cert', ca: 'etcd-ca', usedBy: ['etcd'] },
  { name: 'etcd-server', path: `${PKI}/etcd/server.crt`, kind: 'cert', ca: 'etcd-ca', usedBy: ['etcd'] },
  { name: 'front-proxy-client', path: `${PKI}/front-proxy-client.crt`, kind: 'cert', ca: 'front-proxy-ca', usedBy: ['kube-apiserver'] },
  { name: 'scheduler.conf', path: '/etc/kubernetes/scheduler.conf', kind: 'kubeconfig', ca: 'ca', usedBy: ['kube-scheduler'] },
  { name: 'super-admin.conf', path: '/etc/kubernetes/super-admin.conf', kind: 'kubeconfig', ca: 'ca', usedBy: [] },
  { name: 'ca', path: `${PKI}/ca.crt`, kind: 'ca', usedBy: ['kube-apiserver', 'kube-controller-manager'] },
  { name: 'etcd-ca', path: `${PKI}/etcd/ca.crt`, kind: 'ca', usedBy: ['etcd', 'kube-apiserver'] },
  { name: 'front-proxy-ca', path: `${PKI}/front-proxy-ca.crt`, kind: 'ca', usedBy: ['kube-apiserver'] }
]

const byPath = new Map(KUBEADM_CERTS.map((c) => [c.path, c]))
export const kubeadmCertAt = (path: string): KubeadmCert | undefined => byPath.get(path)
export const kubeadmCert = (name: string): KubeadmCert | undefined => KUBEADM_CERTS.find((c) => c.name === name)

/** The names `kubeadm certs renew` takes (every managed certificate but the CAs). */
export const RENEWABLE = KUBEADM_CERTS.filter((c) => c.kind !== 'ca').map((c) => c.name)

/** The kubelet's own files: the serving certificate it made, and its rotating client certificate. */
export const KUBELET_PKI = '/var/lib/kubelet/pki'
export function kubeletName(path: string): string | undefined {
  if (path === `${KUBELET_PKI}/kubelet.crt`) return 'kubelet'
  if (path.startsWith(`${KUBELET_PKI}/kubelet-client-`)) return 'kubelet-client'
  if (path.startsWith(`${KUBELET_PKI}/kubelet-server-`)) return 'kubelet-server'
  if (path === '/etc/kubernetes/kubelet.conf') return 'kubelet.conf'
  return undefined
}

/** The component a served port belongs to. */
export const SERVED_BY: Record<string, { name: string; component: string }> = {
  '6443': { name: 'apiserver', component: 'kube-apiserver' },
  '2379': { name: 'etcd-server', component: 'etcd' },
  '2380': { name: 'etcd-peer', component: 'etcd' },
  '10250': { name: 'kubelet', component: 'kubelet' }
}
