// kubeadm topologies, made the way an admin makes them: the real kubeadm writes the PKI,
// kubeconfigs and static pod manifests (`kubeadm init phase …` on the first control plane;
// `kubeadm join phase control-plane-prepare …` and `etcd-join` on the others,
// after the shared CA is copied over, so their etcd members join the first), and the kubelet
// stand-in runs the manifests. Workers get a node kubeconfig and kubelet config as a join would.
import type { HostPaths, LabInfo } from '../index'
import { hostExec, hostRun, machinePath, writeHostFile } from './host'
import type { HostPlan, LabPlan } from './plan'
import { KWOK_GROUP, KWOK_KUBECONFIG, kubeletKwokFiles, kubeletUnit } from './kubelet'

import { K8S_VERSION } from './versions'
const CONFIG = '/etc/kubernetes/kubeadm-config.yaml'

export function kubeadmPaths(h: HostPlan): HostPaths {
  const cp = h.roles.includes('control-plane')
  return {
    ...(cp
      ? {
          etcdDataDir: '/var/lib/etcd',
          etcdCaFile: '/etc/kubernetes/pki/etcd/ca.crt',
          etcdCertFile: '/etc/kubernetes/pki/etcd/healthcheck-client.crt',
          etcdKeyFile: '/etc/kubernetes/pki/etcd/healthcheck-client.key',
          etcdManifest: '/etc/kubernetes/manifests/etcd.yaml',
          apiServerManifest: '/etc/kubernetes/manifests/kube-apiserver.yaml',
          adminKubeconfig: '/etc/kubernetes/admin.conf'
        }
      : {}),
    manifestsDir: '/etc/kubernetes/manifests',
    pkiDir: '/etc/kubernetes/pki',
    kubeadmConfig: CONFIG,
    kubeletDir: '/var/lib/kubelet',
    podLogDir: '/var/log/pods'
  }
}

interface Ctx {
  plan: LabPlan
  lab: Pick<LabInfo, 'instance'>
  binDir: string
  /** Debian's etcd 3.4 runs as the server (the manifest's image says 3.4). */
  etcd34Server: boolean
  etcdVersion: string
  logOf: (host: string) => string
}

function clusterConfig(ctx: Ctx, first: HostPlan): string {
  const multi = ctx.plan.hosts.filter((h) => h.roles.includes('control-plane')).length > 1
  return `apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
clusterName: lab-${ctx.plan.instance}
kubernetesVersion: ${K8S_VERSION}
${multi ? `controlPlaneEndpoint: "${first.address}:6443"\n` : ''}networking:
  serviceSubnet: 10.96.0.0/12
  podSubnet: 10.244.0.0/16
  dnsDomain: cluster.local
apiServer:
  certSANs: ["127.0.0.1", "localhost"]
etcd:
  local:
    dataDir: /var/lib/etcd
    imageTag: ${ctx.etcdVersion}-0
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: systemd
staticPodPath: /etc/kubernetes/manifests
`
}

function nodeRegistration(ctx: Ctx, h: HostPlan): string {
  // The control planes keep kubeadm's NoSchedule taint only when a worker is there for pods.
  const hasWorker = ctx.plan.hosts.some((x) => !x.roles.includes('control-plane'))
  return `nodeRegistration:
  name: ${h.name}
  criSocket: unix:///run/containerd/containerd.sock
  imagePullPolicy: IfNotPresent
  taints: ${hasWorker ? '[{key: node-role.kubernetes.io/control-plane, effect: NoSchedule}]' : '[]'}`
}

function initConfig(ctx: Ctx, h: HostPlan): string {
  return `apiVersion: kubeadm.k8s.io/v1beta4
kind: InitConfiguration
localAPIEndpoint:
  advertiseAddress: ${h.address}
  bindPort: 6443
${nodeRegistration(ctx, h)}
---
${clusterConfig(ctx, h)}`
}

function joinConfig(ctx: Ctx, h: HostPlan): string {
  return `apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
controlPlane:
  localAPIEndpoint:
    advertiseAddress: ${h.address}
    bindPort: 6443
discovery:
  file:
    kubeConfigPath: /etc/kubernetes/discovery.conf
${nodeRegistration(ctx, h)}
`
}

const kubeadm = (args: string) => `kubeadm ${args} --config ${CONFIG} -v=1 >>/var/log/kubeadm.log 2>&1 || { tail -n 20 /var/log/kubeadm.log >&2; exit 1; }`

/** The first control plane: PKI, kubeconfigs, etcd and control-plane manifests, kubelet stand-in. */
export async function initFirstControlPlane(ctx: Ctx, first: HostPlan): Promise<void> {
  writeHostFile(ctx.lab, first.name, CONFIG, initConfig(ctx, first), 0o600)
  await hostRun(ctx.lab, first.name, ['set -e', kubeadm('init phase certs all'), kubeadm('init phase kubeconfig all')].join('\n'), {
    what: `kubeadm init phase certs/kubeconfig on ${first.name}`,
    logPath: ctx.logOf(first.name),
    timeoutMs: 120_000
  })
  // The unit exists before kubelet-start, which (re)starts it as on a real node.
  await writeKubeletUnit(ctx, first, '/etc/kubernetes/kubelet.conf')
  await hostRun(
    ctx.lab,
    first.name,
    [
      'set -e',
      kubeadm('init phase etcd local'),
      // kubeadm 1.34 probes etcd's /readyz and /livez (etcd 3.5.11+); Debian's etcd 3.4 serves /health only.
      ...(ctx.etcd34Server ? ["sed -i -e 's#path: /readyz#path: /health#' -e 's#path: /livez#path: /health#' /etc/kubernetes/manifests/etcd.yaml"] : []),
      kubeadm('init phase control-plane all'),
      kubeadm('init phase kubelet-start'),
      'systemctl enable kubelet >/dev/null && systemctl start kubelet'
    ].join('\n'),
    { what: `kubeadm init phases on ${first.name}`, logPath: ctx.logOf(first.name), timeoutMs: 120_000 }
  )
}

/** After the API server answers: the cluster-side phases kubeadm init ends with. */
export async function finishInit(ctx: Ctx, first: HostPlan): Promise<void> {
  await hostRun(
    ctx.lab,
    first.name,
    ['set -e', kubeadm('init phase upload-config all'), kubeadm('init phase bootstrap-token'), kubeadm('init phase addon all')].join('\n'),
    { what: `kubeadm init upload-config/bootstrap-token/addon on ${first.name}`, logPath: ctx.logOf(first.name), timeoutMs: 120_000 }
  )
}

export async function markControlPlane(ctx: Ctx, h: HostPlan, joined: boolean): Promise<void> {
  const cmd = joined ? 'join phase control-plane-join mark-control-plane' : 'init phase mark-control-plane'
  await hostRun(ctx.lab, h.name, kubeadm(cmd), { what: `kubeadm ${cmd} on ${h.name}`, logPath: ctx.logOf(h.name), timeoutMs: 120_000 })
}

/** The files a control-plane join needs that `kubeadm init phase upload-certs` would carry: the shared CA and keys. */
const SHARED_PKI = ['ca.crt', 'ca.key', 'sa.key', 'sa.pub', 'front-proxy-ca.crt', 'front-proxy-ca.key', 'etcd/ca.crt', 'etcd/ca.key']

async function readHostFile(ctx: Ctx, host: string, path: string): Promise<string> {
  return hostRun(ctx.lab, host, `cat ${path}`, { what: `reading ${path} on ${host}` })
}

/** Another stacked control plane: shared CA copied in, certs/kubeconfigs/manifests by kubeadm join phases, etcd member added to the first. */
export async function joinControlPlane(ctx: Ctx, first: HostPlan, h: HostPlan): Promise<void> {
  for (const f of SHARED_PKI) writeHostFile(ctx.lab, h.name, `/etc/kubernetes/pki/${f}`, await readHostFile(ctx, first.name, `/etc/kubernetes/pki/${f}`), f.endsWith('.key') ? 0o600 : 0o644)
  writeHostFile(ctx.lab, h.name, '/etc/kubernetes/discovery.conf', await readHostFile(ctx, first.name, '/etc/kubernetes/admin.conf'), 0o600)
  writeHostFile(ctx.lab, h.name, CONFIG, joinConfig(ctx, h), 0o600)
  await hostRun(
    ctx.lab,
    h.name,
    [
      'set -e',
      kubeadm('join phase control-plane-prepare certs'),
      kubeadm('join phase control-plane-prepare kubeconfig'),
      kubeadm('join phase control-plane-prepare control-plane')
    ].join('\n'),
    { what: `kubeadm join control-plane-prepare on ${h.name}`, logPath: ctx.logOf(h.name), timeoutMs: 120_000 }
  )
  // kubelet's TLS bootstrap is not simulated: the node kubeconfig is made from the shared CA.
  await nodeKubeletFiles(ctx, first, h)
  await writeKubeletUnit(ctx, h, '/etc/kubernetes/kubelet.conf')
  await hostRun(ctx.lab, h.name, 'systemctl enable kubelet >/dev/null && systemctl start kubelet', { what: `starting kubelet.service on ${h.name}` })
  // Adds this member through the cluster's etcd (endpoints from the etcd mirror pods' annotations),
  // writes etcd.yaml with --initial-cluster-state=existing and waits until the member is healthy.
  // (kubeadm 1.34's default ControlPlaneKubeletLocalMode runs this as `etcd-join`, after kubelet-start.)
  await hostRun(ctx.lab, h.name, kubeadm('join phase etcd-join'), { what: `kubeadm join phase etcd-join on ${h.name}`, logPath: ctx.logOf(h.name), timeoutMs: 240_000 })
}

async function nodeKubeletFiles(ctx: Ctx, first: HostPlan, h: HostPlan): Promise<void> {
  const kubeconfig = await hostRun(ctx.lab, first.name, `kubeadm kubeconfig user --config ${CONFIG} --client-name system:node:${h.name} --org system:nodes`, {
    what: `making ${h.name}'s kubelet kubeconfig on ${first.name}`
  })
  writeHostFile(ctx.lab, h.name, '/etc/kubernetes/kubelet.conf', kubeconfig, 0o600)
  writeHostFile(ctx.lab, h.name, '/etc/kubernetes/pki/ca.crt', await readHostFile(ctx, first.name, '/etc/kubernetes/pki/ca.crt'))
  writeHostFile(ctx.lab, h.name, '/var/lib/kubelet/config.yaml', await readHostFile(ctx, first.name, '/var/lib/kubelet/config.yaml'))
}

/** A worker: what `kubeadm join` leaves on a node (kubelet.conf, the CA, kubelet config), without TLS bootstrap. */
export async function joinWorker(ctx: Ctx, first: HostPlan, h: HostPlan): Promise<void> {
  await nodeKubeletFiles(ctx, first, h)
  writeHostFile(ctx.lab, h.name, CONFIG, joinConfig(ctx, h), 0o600)
  await writeKubeletUnit(ctx, h, '/etc/kubernetes/kubelet.conf')
  await hostRun(ctx.lab, h.name, 'mkdir -p /etc/kubernetes/manifests && systemctl enable kubelet >/dev/null && systemctl start kubelet', { what: `starting kubelet.service on ${h.name}` })
}

async function writeKubeletUnit(ctx: Ctx, h: HostPlan, kubeconfig: string): Promise<void> {
  const index = ctx.plan.hosts.indexOf(h)
  const first = ctx.plan.hosts[0]
  const kwokConf = await hostRun(ctx.lab, first.name, `kubeadm kubeconfig user --config ${CONFIG} --client-name ${KWOK_GROUP}:${h.name} --org ${KWOK_GROUP}`, { what: `making kwok's kubeconfig for ${h.name}` })
  writeHostFile(ctx.lab, h.name, KWOK_KUBECONFIG, kwokConf, 0o600)
  await kubeletKwokFiles(ctx.lab, h, ctx.binDir)
  writeHostFile(
    ctx.lab,
    h.name,
    '/etc/systemd/system/kubelet.service',
    kubeletUnit({
      h,
      binDir: ctx.binDir,
      kubeconfig,
      config: '/var/lib/kubelet/config.yaml',
      podCidr: `10.244.${index + 1}.0/24`,
      imageBins: ctx.etcd34Server ? ['etcd:3.4=/usr/bin/etcd'] : []
    })
  )
}

/** Why a kubeadm control plane is not up, for an error message: the last lines of its static pods' logs. */
export async function staticPodDiagnosis(ctx: Ctx, h: HostPlan): Promise<string> {
  const r = await hostExec(ctx.lab, h.name, 'for f in /var/log/pods/kube-system_*/*/current.log; do [ -e "$f" ] && { echo "== $f"; tail -n 5 "$f"; }; done; echo "== kubelet"; journalctl -u kubelet -n 15 -o cat', { timeoutMs: 10_000 })
  return r.stdout
}

export function kubeadmLogPath(stateDir: string, host: string): string {
  return machinePath(stateDir, host, '/var/log/kubeadm.log')
}

export type { Ctx as KubeadmContext }
