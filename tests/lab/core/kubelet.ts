// Every node host's kubelet.service: the lab's kubelet stand-in (host/kubelet-standin.ts),
// which runs kwok for the node. Here: its unit, kwok's configuration (the upstream stages,
// ClusterLogs and ClusterExec) and the kubelet's self-signed serving certificate, as kubelet
// makes one in /var/lib/kubelet/pki when none is given.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { LAB_DIR, hostRun, writeHostFile } from './host'
import type { HostPlan } from './plan'
import { K8S_VERSION } from './versions'

/** Where kwok reads pod logs on each host: the demo deployment's, and every other pod's. */
export const DEMO_LOG = '/var/log/lab-pods/demo_web.log'
export const DEFAULT_POD_LOG = '/var/log/lab-pods/default.log'
/** kwok's credentials on each host (user kubedeck-lab:kwok:<node>, group kubedeck-lab:kwok). */
export const KWOK_KUBECONFIG = '/var/lib/kubelet/kwok.kubeconfig'
export const KWOK_GROUP = 'kubedeck-lab:kwok'

/** Per-pod logs added by addLoggingPod. */
export const POD_LOG_DIR = '/var/log/lab-pods'

const STAGES = ['node/fast/node-initialize.yaml', 'node/heartbeat-with-lease/node-heartbeat-with-lease.yaml', 'pod/fast/pod-ready.yaml', 'pod/fast/pod-complete.yaml', 'pod/fast/pod-delete.yaml']

export function kwokConfig(binDir: string): string {
  const stages = STAGES.map((s) => readFileSync(join(binDir, 'kwok-stages', s), 'utf8').trim())
  const logs = `apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: demo-web
spec:
  selector:
    matchNamespaces: [demo]
  logs:
  - containers: [web]
    logsFile: ${DEMO_LOG}
    follow: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterLogs
metadata:
  name: every-pod
spec:
  logs:
  - logsFile: ${DEFAULT_POD_LOG}
    follow: true
---
apiVersion: kwok.x-k8s.io/v1alpha1
kind: ClusterExec
metadata:
  name: every-pod
spec:
  execs:
  - local:
      workDir: /root`
  return `${[...stages, logs].join('\n---\n')}\n`
}

export async function kubeletKwokFiles(lab: { instance: string }, h: HostPlan, binDir: string): Promise<void> {
  writeHostFile(lab, h.name, '/var/lib/kubelet/kwok.yaml', kwokConfig(binDir))
  await hostRun(
    lab,
    h.name,
    `set -e; mkdir -p /var/lib/kubelet/pki ${POD_LOG_DIR}; cd /var/lib/kubelet/pki; ` +
      `openssl req -x509 -newkey rsa:2048 -nodes -days 365 -subj "/CN=${h.name}@$(date +%s)" ` +
      `-addext "subjectAltName=DNS:${h.name},IP:${h.address}" -keyout kubelet.key -out kubelet.crt 2>/dev/null; chmod 600 kubelet.key; ` +
      `[ -e ${DEFAULT_POD_LOG} ] || printf '%s stdout F %s\\n' "$(date -u +%Y-%m-%dT%H:%M:%S.000000000Z)" "container started on ${h.name} (lab pod; kwok serves this log)" > ${DEFAULT_POD_LOG}`,
    { what: `kubelet serving certificate on ${h.name}` }
  )
}

export function kubeletUnit(o: { h: HostPlan; binDir: string; kubeconfig: string; config: string; podCidr: string; imageBins: string[] }): string {
  const args = [
    `--node-name=${o.h.name}`,
    `--node-ip=${o.h.address}`,
    `--kubeconfig=${o.kubeconfig}`,
    `--config=${o.config}`,
    `--bin-dir=${o.binDir}`,
    `--kwok-config=/var/lib/kubelet/kwok.yaml`,
    `--kwok-kubeconfig=${KWOK_KUBECONFIG}`,
    `--pod-cidr=${o.podCidr}`,
    `--tls-cert-file=/var/lib/kubelet/pki/kubelet.crt`,
    `--tls-private-key-file=/var/lib/kubelet/pki/kubelet.key`,
    `--kubelet-version=${K8S_VERSION}`,
    ...o.imageBins.map((b) => `--image-bin=${b}`)
  ]
  return `[Unit]
Description=kubelet: The Kubernetes Node Agent (Kubedeck lab stand-in: static pods and kwok)
Documentation=file://${join(LAB_DIR, 'host', 'kubelet-standin.ts')}
After=network-online.target

[Service]
ExecStart=/usr/local/sbin/lab-kubelet \\
${args.map((a) => `  ${a}`).join(' \\\n')}
Restart=always
RestartSec=2

[Install]
WantedBy=multi-user.target
`
}
