// binary-3, laid out as in the seed notes' binary (systemd) installs: three etcd members with
// /opt/etcd/{bin,cfg,ssl} (one openssl-made server certificate for all members, ETCD_*
// settings in /opt/etcd/cfg/etcd.conf read through the unit's EnvironmentFile, data in
// /var/lib/etcd/default.etcd), and on the first host kube-apiserver, kube-controller-manager and
// kube-scheduler from /opt/kubernetes/{bin,cfg,ssl} as units. Every host runs the kubelet
// stand-in for its node. Units live in /etc/systemd/system, run by the systemctl stand-in.
import { join } from 'node:path'
import type { HostPaths } from '../index'
import { clientFromKubeconfig } from '../host/kube-client'
import { run, waitFor } from './exec'
import { hostFile, hostRun, machinePath, writeHostFile } from './host'
import { installKwokApis } from './cluster'
import { KWOK_GROUP, KWOK_KUBECONFIG, kubeletKwokFiles, kubeletUnit } from './kubelet'
import type { HostPlan, LabPlan } from './plan'
import { readFileSync, writeFileSync } from 'node:fs'

export interface BinaryContext {
  lab: { instance: string }
  plan: LabPlan
  binDir: string
  stateDir: string
  /** Where to write the machine's admin kubeconfig, and the API server URL it uses. */
  kubeconfig: string
  apiServer: string
  log: (msg: string) => void
}

export const SERVICE_CIDR = '10.0.0.0/24'

export function binaryPaths(first: boolean): HostPaths {
  return {
    etcdDataDir: '/var/lib/etcd/default.etcd',
    etcdCaFile: '/opt/etcd/ssl/ca.pem',
    etcdCertFile: '/opt/etcd/ssl/server.pem',
    etcdKeyFile: '/opt/etcd/ssl/server-key.pem',
    etcdConf: '/opt/etcd/cfg/etcd.conf',
    etcdUnit: '/etc/systemd/system/etcd.service',
    etcdBinDir: '/opt/etcd/bin',
    etcdSslDir: '/opt/etcd/ssl',
    kubernetesSslDir: '/opt/kubernetes/ssl',
    kubernetesCfgDir: '/opt/kubernetes/cfg',
    ...(first ? { apiServerUnit: '/etc/systemd/system/kube-apiserver.service' } : {}),
    kubeletDir: '/var/lib/kubelet',
    podLogDir: '/var/log/pods'
  }
}

/** openssl, as an admin following the notes would run it on the first host (in /root/TLS). */
function certScript(plan: LabPlan): string {
  const ips = plan.hosts.map((h) => h.address)
  const names = plan.hosts.map((h) => h.name)
  const etcdSans = [...ips.map((a) => `IP:${a}`), 'IP:127.0.0.1', 'DNS:localhost', ...names.map((n) => `DNS:${n}`)].join(',')
  const apiSans = ['IP:10.0.0.1', 'IP:127.0.0.1', ...ips.map((a) => `IP:${a}`), 'DNS:localhost', 'DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc', 'DNS:kubernetes.default.svc.cluster', 'DNS:kubernetes.default.svc.cluster.local', ...names.map((n) => `DNS:${n}`)].join(',')
  const k8sCerts = [
    'server kubernetes "" "' + apiSans + '" serverAuth,clientAuth',
    'admin admin system:masters "" clientAuth',
    'kube-controller-manager system:kube-controller-manager "" "" clientAuth',
    'kube-scheduler system:kube-scheduler "" "" clientAuth',
    ...plan.hosts.flatMap((h) => [`kubelet-${h.name} system:node:${h.name} system:nodes "" clientAuth`, `kwok-${h.name} ${KWOK_GROUP}:${h.name} ${KWOK_GROUP} "" clientAuth`])
  ]
  const keys = (dir: string, certs: string[]) => [dir === 'etcd' ? 'etcd/ca' : 'k8s/ca', ...certs.map((c) => `${dir}/${c.split(' ')[0]}`)]
  return `set -e
mkdir -p /root/TLS/etcd /root/TLS/k8s && cd /root/TLS
# RSA keys take the time: make them all at once.
for k in ${[...keys('etcd', ['server']), ...keys('k8s', k8sCerts)].join(' ')}; do openssl genrsa -out "$k-key.pem" 2048 2>/dev/null & done
wait
ca() { openssl req -x509 -new -key ca-key.pem -out ca.pem -days 3650 -subj "/CN=$1" -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" 2>/dev/null; }
# cert NAME CN ORG SANS EKU
cert() {
  openssl req -new -key "$1-key.pem" -out "$1.csr" -subj "/CN=$2\${3:+/O=$3}" 2>/dev/null
  printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=%s\n%s\n' "$5" "\${4:+subjectAltName=$4}" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 3650 -sha256 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
cd /root/TLS/etcd
ca etcd-ca
cert server etcd "" "${etcdSans}" serverAuth,clientAuth
cd /root/TLS/k8s
ca kubernetes
${k8sCerts.map((c) => `cert ${c}`).join('\n')}
`
}

/** A kubeconfig as `kubectl config set-cluster/set-credentials/set-context --embed-certs` writes it (as the notes make them). */
function kubeconfig(server: string, user: string, ca: Buffer, cert: Buffer, key: Buffer): string {
  const b64 = (b: Buffer) => b.toString('base64')
  return `apiVersion: v1
clusters:
- cluster:
    certificate-authority-data: ${b64(ca)}
    server: ${server}
  name: kubernetes
contexts:
- context:
    cluster: kubernetes
    user: ${user}
  name: default
current-context: default
kind: Config
preferences: {}
users:
- name: ${user}
  user:
    client-certificate-data: ${b64(cert)}
    client-key-data: ${b64(key)}
`
}

function etcdConf(plan: LabPlan, h: HostPlan, i: number): string {
  const cluster = plan.hosts.filter((x) => x.roles.includes('etcd')).map((x, j) => `etcd-${j + 1}=https://${x.address}:2380`)
  return `#[Member]
ETCD_NAME="etcd-${i + 1}"
ETCD_DATA_DIR="/var/lib/etcd/default.etcd"
ETCD_LISTEN_PEER_URLS="https://${h.address}:2380"
ETCD_LISTEN_CLIENT_URLS="https://${h.address}:2379,https://127.0.0.1:2379"

#[Clustering]
ETCD_INITIAL_ADVERTISE_PEER_URLS="https://${h.address}:2380"
ETCD_ADVERTISE_CLIENT_URLS="https://${h.address}:2379"
ETCD_INITIAL_CLUSTER="${cluster.join(',')}"
ETCD_INITIAL_CLUSTER_TOKEN="etcd-cluster"
ETCD_INITIAL_CLUSTER_STATE="new"
`
}

const ETCD_UNIT = `[Unit]
Description=Etcd Server
After=network.target
After=network-online.target
Wants=network-online.target

[Service]
Type=notify
EnvironmentFile=/opt/etcd/cfg/etcd.conf
ExecStart=/opt/etcd/bin/etcd \\
--cert-file=/opt/etcd/ssl/server.pem \\
--key-file=/opt/etcd/ssl/server-key.pem \\
--peer-cert-file=/opt/etcd/ssl/server.pem \\
--peer-key-file=/opt/etcd/ssl/server-key.pem \\
--trusted-ca-file=/opt/etcd/ssl/ca.pem \\
--peer-trusted-ca-file=/opt/etcd/ssl/ca.pem \\
--logger=zap
Restart=on-failure
LimitNOFILE=65536

[Install]
WantedBy=multi-user.target
`

function apiServerConf(plan: LabPlan, first: HostPlan): string {
  const etcdServers = plan.hosts.filter((h) => h.roles.includes('etcd')).map((h) => `https://${h.address}:2379`)
  return `KUBE_APISERVER_OPTS="--v=2 \\
--etcd-servers=${etcdServers.join(',')} \\
--bind-address=0.0.0.0 \\
--secure-port=6443 \\
--advertise-address=${first.address} \\
--allow-privileged=true \\
--service-cluster-ip-range=${SERVICE_CIDR} \\
--enable-admission-plugins=NodeRestriction \\
--authorization-mode=RBAC,Node \\
--enable-bootstrap-token-auth=true \\
--service-node-port-range=30000-32767 \\
--kubelet-client-certificate=/opt/kubernetes/ssl/server.pem \\
--kubelet-client-key=/opt/kubernetes/ssl/server-key.pem \\
--kubelet-preferred-address-types=InternalIP,Hostname \\
--tls-cert-file=/opt/kubernetes/ssl/server.pem  \\
--tls-private-key-file=/opt/kubernetes/ssl/server-key.pem \\
--client-ca-file=/opt/kubernetes/ssl/ca.pem \\
--service-account-key-file=/opt/kubernetes/ssl/ca-key.pem \\
--service-account-issuer=https://kubernetes.default.svc.cluster.local \\
--service-account-signing-key-file=/opt/kubernetes/ssl/ca-key.pem \\
--etcd-cafile=/opt/etcd/ssl/ca.pem \\
--etcd-certfile=/opt/etcd/ssl/server.pem \\
--etcd-keyfile=/opt/etcd/ssl/server-key.pem \\
--requestheader-client-ca-file=/opt/kubernetes/ssl/ca.pem \\
--proxy-client-cert-file=/opt/kubernetes/ssl/server.pem \\
--proxy-client-key-file=/opt/kubernetes/ssl/server-key.pem \\
--requestheader-allowed-names=kubernetes \\
--requestheader-extra-headers-prefix=X-Remote-Extra- \\
--requestheader-group-headers=X-Remote-Group \\
--requestheader-username-headers=X-Remote-User \\
--enable-aggregator-routing=true \\
--audit-log-maxage=30 \\
--audit-log-maxbackup=3 \\
--audit-log-maxsize=100 \\
--audit-log-path=/opt/kubernetes/logs/k8s-audit.log"
`
}

const CONTROLLER_MANAGER_CONF = `KUBE_CONTROLLER_MANAGER_OPTS="--v=2 \\
--leader-elect=true \\
--kubeconfig=/opt/kubernetes/cfg/kube-controller-manager.kubeconfig \\
--bind-address=127.0.0.1 \\
--allocate-node-cidrs=true \\
--cluster-cidr=10.244.0.0/16 \\
--service-cluster-ip-range=${SERVICE_CIDR} \\
--cluster-signing-cert-file=/opt/kubernetes/ssl/ca.pem \\
--cluster-signing-key-file=/opt/kubernetes/ssl/ca-key.pem  \\
--root-ca-file=/opt/kubernetes/ssl/ca.pem \\
--service-account-private-key-file=/opt/kubernetes/ssl/ca-key.pem \\
--use-service-account-credentials=true \\
--cluster-signing-duration=87600h0m0s"
`

const SCHEDULER_CONF = `KUBE_SCHEDULER_OPTS="--v=2 \\
--leader-elect \\
--kubeconfig=/opt/kubernetes/cfg/kube-scheduler.kubeconfig \\
--bind-address=127.0.0.1"
`

function unit(description: string, envFile: string, exec: string, env: string): string {
  return `[Unit]
Description=${description}
Documentation=https://github.com/kubernetes/kubernetes
After=etcd.service

[Service]
EnvironmentFile=${envFile}
ExecStart=${exec} $${env}
Restart=on-failure

[Install]
WantedBy=multi-user.target
`
}

const KUBELET_CONFIG = `kind: KubeletConfiguration
apiVersion: kubelet.config.k8s.io/v1beta1
address: 0.0.0.0
port: 10250
cgroupDriver: systemd
clusterDNS:
- 10.0.0.2
clusterDomain: cluster.local
authentication:
  x509:
    clientCAFile: /opt/kubernetes/ssl/ca.pem
`

export async function bringUpBinary(ctx: BinaryContext): Promise<void> {
  const { lab, plan, binDir } = ctx
  const first = plan.hosts[0]
  const etcdHosts = plan.hosts.filter((h) => h.roles.includes('etcd'))
  await hostRun(lab, first.name, certScript(plan), { what: `making the PKI with openssl on ${first.name}`, timeoutMs: 120_000 })
  const tls = (path: string) => readFileSync(hostFile(lab, first.name, `/root/TLS/${path}`))
  const server = `https://${first.address}:6443`

  const ca = tls('k8s/ca.pem')
  await Promise.all(
    plan.hosts.map(async (h, i) => {
      await hostRun(
        lab,
        h.name,
        `mkdir -p /opt/etcd/bin /opt/etcd/cfg /opt/etcd/ssl /opt/kubernetes/bin /opt/kubernetes/cfg /opt/kubernetes/ssl /opt/kubernetes/logs /var/lib/kubelet && ` +
          ['etcd', 'etcdctl', 'etcdutl'].map((b) => `ln -sf ${join(binDir, b)} /opt/etcd/bin/${b}`).join(' && ') +
          ` && ln -sf ${join(binDir, 'kubectl')} /opt/kubernetes/bin/kubectl`,
        { what: `making /opt/etcd and /opt/kubernetes on ${h.name}` }
      )
      // etcd: certificates, settings, unit.
      for (const f of ['ca.pem', 'server.pem', 'server-key.pem']) writeHostFile(lab, h.name, `/opt/etcd/ssl/${f}`, tls(`etcd/${f}`), f.endsWith('key.pem') ? 0o600 : 0o644)
      writeHostFile(lab, h.name, '/opt/etcd/cfg/etcd.conf', etcdConf(plan, h, i))
      writeHostFile(lab, h.name, '/etc/systemd/system/etcd.service', ETCD_UNIT)
      // The node's kubelet (stand-in) and kwok credentials.
      const kubeletCert = tls(`k8s/kubelet-${h.name}.pem`)
      const kubeletKey = tls(`k8s/kubelet-${h.name}-key.pem`)
      writeHostFile(lab, h.name, '/opt/kubernetes/ssl/ca.pem', ca)
      writeHostFile(lab, h.name, '/opt/kubernetes/ssl/kubelet-client-current.pem', Buffer.concat([kubeletCert, kubeletKey]), 0o600)
      writeHostFile(lab, h.name, '/opt/kubernetes/cfg/kubelet.kubeconfig', kubeconfig(server, `system:node:${h.name}`, ca, kubeletCert, kubeletKey), 0o600)
      writeHostFile(lab, h.name, '/opt/kubernetes/cfg/kubelet-config.yml', KUBELET_CONFIG)
      writeHostFile(lab, h.name, KWOK_KUBECONFIG, kubeconfig(server, `${KWOK_GROUP}:${h.name}`, ca, tls(`k8s/kwok-${h.name}.pem`), tls(`k8s/kwok-${h.name}-key.pem`)), 0o600)
    })
  )

  // The control plane's files on the first host.
  for (const f of ['ca.pem', 'ca-key.pem', 'server.pem', 'server-key.pem', 'kube-controller-manager.pem', 'kube-controller-manager-key.pem', 'kube-scheduler.pem', 'kube-scheduler-key.pem', 'admin.pem', 'admin-key.pem'])
    writeHostFile(lab, first.name, `/opt/kubernetes/ssl/${f}`, tls(`k8s/${f}`), f.endsWith('key.pem') ? 0o600 : 0o644)
  writeHostFile(lab, first.name, '/opt/kubernetes/cfg/kube-apiserver.conf', apiServerConf(plan, first))
  writeHostFile(lab, first.name, '/opt/kubernetes/cfg/kube-controller-manager.conf', CONTROLLER_MANAGER_CONF)
  writeHostFile(lab, first.name, '/opt/kubernetes/cfg/kube-scheduler.conf', SCHEDULER_CONF)
  writeHostFile(lab, first.name, '/etc/systemd/system/kube-apiserver.service', unit('Kubernetes API Server', '/opt/kubernetes/cfg/kube-apiserver.conf', '/opt/kubernetes/bin/kube-apiserver', 'KUBE_APISERVER_OPTS'))
  writeHostFile(lab, first.name, '/etc/systemd/system/kube-controller-manager.service', unit('Kubernetes Controller Manager', '/opt/kubernetes/cfg/kube-controller-manager.conf', '/opt/kubernetes/bin/kube-controller-manager', 'KUBE_CONTROLLER_MANAGER_OPTS'))
  writeHostFile(lab, first.name, '/etc/systemd/system/kube-scheduler.service', unit('Kubernetes Scheduler', '/opt/kubernetes/cfg/kube-scheduler.conf', '/opt/kubernetes/bin/kube-scheduler', 'KUBE_SCHEDULER_OPTS'))
  const cfg = (user: string, name: string) => kubeconfig(server, user, ca, tls(`k8s/${name}.pem`), tls(`k8s/${name}-key.pem`))
  writeHostFile(lab, first.name, '/opt/kubernetes/cfg/kube-controller-manager.kubeconfig', cfg('kube-controller-manager', 'kube-controller-manager'), 0o600)
  writeHostFile(lab, first.name, '/opt/kubernetes/cfg/kube-scheduler.kubeconfig', cfg('kube-scheduler', 'kube-scheduler'), 0o600)
  writeHostFile(lab, first.name, '/root/.kube/config', cfg('cluster-admin', 'admin'), 0o600)
  await hostRun(lab, first.name, ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'].map((b) => `ln -sf ${join(binDir, b)} /opt/kubernetes/bin/${b}`).join(' && '), {
    what: `installing the control plane binaries on ${first.name}`
  })

  // etcd members start together (a lone member waits for its peers).
  await Promise.all(etcdHosts.map((h) => hostRun(lab, h.name, 'systemctl daemon-reload && systemctl enable --now etcd >/dev/null', { what: `starting etcd on ${h.name}`, logPath: journal(ctx, h, 'etcd') })))
  const etcdPki = { ca: hostFile(lab, first.name, '/opt/etcd/ssl/ca.pem'), cert: hostFile(lab, first.name, '/opt/etcd/ssl/server.pem'), key: hostFile(lab, first.name, '/opt/etcd/ssl/server-key.pem') }
  let etcdState = ''
  await waitFor(
    'the etcd cluster to be healthy',
    async () => {
      const r = await run(join(binDir, 'etcdctl'), ['--endpoints', etcdHosts.map((h) => `https://${h.address}:2379`).join(','), '--cacert', etcdPki.ca, '--cert', etcdPki.cert, '--key', etcdPki.key, '--command-timeout=2s', 'endpoint', 'health'], { allowFailure: true, timeoutMs: 10_000 })
      etcdState = r.stderr || r.stdout
      return r.code === 0
    },
    { timeoutMs: 60_000, intervalMs: 300, component: 'etcd', logPath: journal(ctx, first, 'etcd'), detail: () => etcdState }
  )
  ctx.log('etcd cluster healthy')

  await hostRun(lab, first.name, 'systemctl enable --now kube-apiserver kube-controller-manager kube-scheduler >/dev/null', { what: `starting the control plane on ${first.name}` })
  writeMachineAdminKubeconfig(ctx, tls('k8s/ca.pem'), tls('k8s/admin.pem'), tls('k8s/admin-key.pem'))
  const client = clientFromKubeconfig(ctx.kubeconfig)
  await waitFor('the API server to become ready', () => client.call('GET', '/readyz').then(() => true, () => false), {
    timeoutMs: 90_000,
    intervalMs: 250,
    component: 'kube-apiserver',
    logPath: journal(ctx, first, 'kube-apiserver')
  })
  ctx.log(`control plane on ${first.name} ready`)
  await installKwokApis({ binDir, kubeconfig: ctx.kubeconfig })

  await Promise.all(
    plan.hosts.map(async (h, i) => {
      await kubeletKwokFiles(lab, h, binDir)
      writeHostFile(
        lab,
        h.name,
        '/etc/systemd/system/kubelet.service',
        kubeletUnit({ h, binDir, kubeconfig: '/opt/kubernetes/cfg/kubelet.kubeconfig', config: '/opt/kubernetes/cfg/kubelet-config.yml', podCidr: `10.244.${i + 1}.0/24`, imageBins: [] })
      )
      await hostRun(lab, h.name, 'systemctl daemon-reload && systemctl enable --now kubelet >/dev/null', { what: `starting kubelet.service on ${h.name}` })
    })
  )
}

function journal(ctx: BinaryContext, h: HostPlan, unitName: string): string {
  return machinePath(ctx.stateDir, h.name, `/var/log/journal-standin/${unitName}.service.log`)
}

function writeMachineAdminKubeconfig(ctx: BinaryContext, ca: Buffer, cert: Buffer, key: Buffer): void {
  const name = `lab-${ctx.plan.instance}`
  const b64 = (b: Buffer) => b.toString('base64')
  writeFileSync(
    ctx.kubeconfig,
    `apiVersion: v1
kind: Config
clusters:
- name: ${name}
  cluster:
    certificate-authority-data: ${b64(ca)}
    server: ${ctx.apiServer}
users:
- name: ${name}-admin
  user:
    client-certificate-data: ${b64(cert)}
    client-key-data: ${b64(key)}
contexts:
- name: ${name}
  context:
    cluster: ${name}
    user: ${name}-admin
current-context: ${name}
`,
    { mode: 0o600 }
  )
}

