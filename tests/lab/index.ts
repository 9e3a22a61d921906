// The lab's public face for tests, benchmarks and `npm run lab`: a real control plane (etcd,
// kube-apiserver, kube-controller-manager, kube-scheduler built from the upstream Go modules)
// on node hosts that are network + mount + UTS + PID namespaces reachable over real SSH, with
// kwok simulating one kubelet per host. Import from here only ('tests/lab'), never from the
// files behind it. Everything needs root; see `labSkipReason` for the fail-not-skip rule.

export type Topology = 'kubeadm-1' | 'kubeadm-3' | 'binary-3'
export const TOPOLOGIES: readonly Topology[] = ['kubeadm-1', 'kubeadm-3', 'binary-3']

/** Which etcd a lab runs: the upstream 3.6 build, or Debian's 3.4 (tools on the hosts). */
export type EtcdVariant = '3.6' | '3.4'

export interface LabOptions {
  /** Put the node hosts on a bridge reachable only through a `bastion` host (ProxyJump). */
  bastion?: boolean
  /** '3.4' (kubeadm-1 only): hosts carry Debian's etcdctl 3.4 and no etcdutl; see LabInfo.etcd. */
  etcd?: EtcdVariant
  /**
   * Which isolated lab to use: its own namespaces, bridge, addresses and state directory, so
   * several can run side by side. Default: env KUBEDECK_LAB_INSTANCE, else 'default'.
   * [a-z0-9-], at most 20 characters.
   */
  instance?: string
}

export type HostRole = 'control-plane' | 'etcd' | 'worker' | 'bastion'

/** How a host's Kubernetes pieces are installed: kubeadm static pods, seed-notes binaries + units, or none. */
export type HostLayout = 'kubeadm' | 'binary' | 'bastion'

/** Paths inside a host (as an SSH session on it sees them). Only those of the host's layout are set. */
export interface HostPaths {
  /** etcd's data directory (kubeadm: /var/lib/etcd; binary: /var/lib/etcd/default.etcd). */
  etcdDataDir?: string
  /** CA, client certificate and key an admin on this host gives etcdctl (--cacert/--cert/--key). */
  etcdCaFile?: string
  etcdCertFile?: string
  etcdKeyFile?: string
  /** kubeadm: /etc/kubernetes/manifests, watched by the kubelet stand-in. */
  manifestsDir?: string
  /** kubeadm: /etc/kubernetes/manifests/etcd.yaml. */
  etcdManifest?: string
  /** kubeadm: /etc/kubernetes/manifests/kube-apiserver.yaml. */
  apiServerManifest?: string
  /** kubeadm: /etc/kubernetes/pki (and pki/etcd). */
  pkiDir?: string
  /** kubeadm control plane: /etc/kubernetes/admin.conf. */
  adminKubeconfig?: string
  /** kubeadm: the InitConfiguration/ClusterConfiguration (or JoinConfiguration) the host was made from. */
  kubeadmConfig?: string
  /** binary: /opt/etcd/cfg/etcd.conf (ETCD_* settings read through EnvironmentFile). */
  etcdConf?: string
  /** binary: the etcd unit, /etc/systemd/system/etcd.service (run by the systemctl stand-in). */
  etcdUnit?: string
  /** binary: /opt/etcd/bin (etcd, etcdctl, etcdutl). */
  etcdBinDir?: string
  /** binary: /opt/etcd/ssl (ca.pem, server.pem, server-key.pem). */
  etcdSslDir?: string
  /** binary: /opt/kubernetes/ssl and /opt/kubernetes/cfg (the API server's certificates and config). */
  kubernetesSslDir?: string
  kubernetesCfgDir?: string
  /** binary, first host: /etc/systemd/system/kube-apiserver.service (EnvironmentFile /opt/kubernetes/cfg/kube-apiserver.conf). */
  apiServerUnit?: string
  /** Every node host: /var/lib/kubelet (config.yaml, pki/kubelet.crt). */
  kubeletDir?: string
  /** Every node host: /var/log/pods, CRI-format container logs of the static pods and kwok pods. */
  podLogDir?: string
}

export interface LabHost {
  /** Hostname inside the host, node name in the cluster, `Host` alias in the lab's ssh config. */
  name: string
  /** IPv4 address in 198.18.0.0/24: sshd :22, etcd :2379/:2380, kube-apiserver :6443, kubelet (kwok) :10250. */
  address: string
  roles: HostRole[]
  layout: HostLayout
  /** The host's etcd member, when it runs one. */
  etcdMember?: EtcdMember
  paths: HostPaths
  /** SHA256 fingerprint of the host's ed25519 host key, as the lab's known_hosts holds it. */
  hostKeyFingerprint: string
  /** Logs on the machine: the host's sshd and its kubelet stand-in (static pods, kwok). */
  logs: { sshd: string; kubelet?: string }
}

export interface EtcdMember {
  /** Member name: the node name with kubeadm (node-1), etcd-N with the binary layout (etcd-1). */
  name: string
  /** The host it runs on. */
  host: string
  /** https://<host address>:2379 and :2380 (on the node network; see LabInfo.etcd.endpoints for the machine). */
  clientURL: string
  peerURL: string
}

export interface LabInfo {
  instance: string
  topology: Topology
  /** The options the lab was built with, defaults filled in. */
  options: Required<Pick<LabOptions, 'bastion' | 'etcd'>> & { instance: string }
  /** Node hosts in order (node-1, node-2, …); the bastion is not among them. */
  hosts: LabHost[]
  bastion?: LabHost
  /** Admin kubeconfig on the machine, reaching `apiServer`. */
  kubeconfig: string
  /** Its current context. */
  context: string
  /** ssh config with a Host entry per host (HostName, User root, IdentityFile, UserKnownHostsFile, ProxyJump with a bastion). */
  sshConfig: string
  /** The private key every host's root accepts (ed25519, no passphrase). */
  identityFile: string
  /** known_hosts with every host's key under its name and address. */
  knownHosts: string
  /** The lab's binaries (kube-apiserver, kubectl 1.34, etcd 3.6, kwok, ...). */
  binDir: string
  /** This instance's state: hosts' private files, logs, ssh material, lab.json. */
  stateDir: string
  /**
   * Hosts' files on the machine: <logDir>/<host>/fs/var/log is that host's /var/log, with
   * journal-standin/<unit>.service.log (sshd, kubelet, etcd, kube-apiserver units), pods/<ns>_<pod>_<uid>/<container>/N.log
   * (static pods, CRI format), kubeadm.log and kwok.log. Kept when a bring-up fails.
   */
  logDir: string
  /** kube-apiserver URL reachable from the machine. */
  apiServer: string
  /** The host that also accepts password and keyboard-interactive (PAM) logins for `user`. */
  passwordHost: { host: string; address: string; user: string; password: string }
  etcd: {
    /** Client URLs reachable from the machine. */
    endpoints: string[]
    /** Client credentials on the machine for etcdctl --cacert/--cert/--key. */
    caFile: string
    certFile: string
    keyFile: string
    members: EtcdMember[]
    /** Version the etcd server reports: '3.6.16', or '3.4.23' with --etcd 3.4 (Debian's server). */
    serverVersion: string
    /** etcdctl/etcdutl on the hosts' PATH: '3.6' (both), or '3.4' (Debian etcdctl only). */
    hostTools: EtcdVariant
    /** How a snapshot is restored on this lab's hosts: `etcdutl snapshot restore` (3.6) or `etcdctl snapshot restore` (3.4). */
    restoreWith: 'etcdutl' | 'etcdctl'
  }
  /** When this bring-up finished (ISO 8601); changes whenever ensureLab rebuilt the instance. */
  createdAt: string
}

export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

/** A lab component failed: names it and the log to read. */
export { LabError } from './core/errors'

/** Reuse a healthy running instance built with these options, else (re)build it. */
export { ensureLab, labUp } from './core/lifecycle'
/** Remove one instance (default: the selected one) or, with labDownAll, everything the lab made. */
export { labDown, labDownAll, leftovers } from './core/teardown'
/** The lab.json of an instance, or undefined when it is not up; and instance names in use. */
export { readLab, listInstances, selectedInstance } from './core/state'
/** Health of a running lab: each host, the API server, etcd. */
export { labStatus, type LabStatus } from './core/status'
/** Run a command inside a host's namespaces (as an SSH session there would, as root). */
export { hostExec, hostFile, hostRun } from './core/host'
/** Test gates: the fail-not-skip rule. */
export { labSkipReason, requireLab } from './core/gate'
/** Helpers for SSH tests: rotate/restore a host key, cut a host's link, restart its sshd. */
export { replaceHostKey, restoreHostKey, setLinkState, restartSshd } from './core/ssh-helpers'
/** Helpers for cluster tests: kubectl against the lab, a pod whose log grows, waiting for readiness. */
export { kubectl, addLoggingPod, criLine, removeLoggingPod, waitForApiServer, type LoggingPod } from './core/cluster'
/** Shell lines for `eval`: KUBECONFIG, LAB_SSH_CONFIG, ... */
export { labEnv } from './core/env'
/** The lab's binary folder (KUBEDECK_LAB_BIN, else tests/lab/build-binaries.sh). */
export { labBinDir } from './core/binaries'

/** Many pods (kwok runs them) for scale tests and benchmarks, and their removal. */
export { loadPods, unloadPods, MAX_LOADED_PODS, type LoadedPods } from './core/load'

export { ageCertificate, unageCertificate, kubeadmPki, opensslTime, type AgeOptions } from './core/certs'
