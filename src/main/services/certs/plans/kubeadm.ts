// Renewal on kubeadm control planes, one node at a time so etcd and the API keep quorum on
// three: /etc/kubernetes backed up, `kubeadm certs renew`, then the static pods that hold a
// renewed certificate restarted in an order that keeps the cluster reachable (etcd, the API
// server, the controller manager, the scheduler), each proved to serve the new file, and the
// node's API server asked /readyz with its certificate verified against the cluster CA.
import type { PlanStep } from '../../../../shared/model/operations'
import { described, say, stepWords } from '../../../../shared/plan-messages'
import { AppError } from '../../../../shared/errors'
import { kubeadmStaticPod, onHost, restartScript, runningCheck, startScript } from '../../host-components'
import { script, sh } from '../../shell'
import { RENEWABLE, kubeadmCert } from '../kubeadm-names'
import { certSteps } from '../steps'
import { backupDir, backupScript, preflightStep, servesFile, validForCheck, writableDirs, type PlanningHost, type PlanningInput } from './common'
import { t } from '../../../../shared/error-messages'

/** Components in the order they restart, with the ports that prove them up and the file each serves. */
const COMPONENTS: { name: string; ports: number[]; serves?: string }[] = [
  { name: 'etcd', ports: [2379], serves: '/etc/kubernetes/pki/etcd/server.crt' },
  { name: 'kube-apiserver', ports: [6443], serves: '/etc/kubernetes/pki/apiserver.crt' },
  { name: 'kube-controller-manager', ports: [10257] },
  { name: 'kube-scheduler', ports: [10259] }
]

const PKI = '/etc/kubernetes/pki'
const KEY_OF_CA: Record<string, string> = { ca: `${PKI}/ca`, 'etcd-ca': `${PKI}/etcd/ca`, 'front-proxy-ca': `${PKI}/front-proxy-ca` }

/** The names to renew on a host: the chosen ones kubeadm manages, or `all` that the host has. */
export function kubeadmNames(h: PlanningHost, only: string[] | undefined): string[] {
  const present = new Set(h.certs.certs.filter((c) => c.entry.managedBy === 'kubeadm' && c.entry.source !== 'served').map((c) => c.entry.name))
  if (!only?.length) return RENEWABLE.filter((n) => present.has(n))
  const unknown = only.filter((n) => !RENEWABLE.includes(n))
  if (unknown.length) {
    throw new AppError({
      code: 'certs.unknown-name',
      message: t`kubeadm does not renew ${unknown.map((n) => JSON.stringify(n)).join(', ')} on ${h.host.id}.`,
      hint: t`Names kubeadm renews: ${RENEWABLE.join(', ')}. CAs are not renewed by kubeadm; kubelet client certificates rotate (kubedeck certs rotate-kubelet).`
    })
  }
  return only.filter((n) => present.has(n))
}

export function kubeadmSteps(input: PlanningInput, h: PlanningHost, names: string[]): { preflight: PlanStep; steps: PlanStep[] } {
  const id = h.host.id
  const label = h.host.nodeName ?? id
  const { stamp } = input
  const backup = backupDir('kubernetes', stamp)
  const certs = names.map((n) => kubeadmCert(n)!)
  const soleApiServer = input.hosts.filter((x) => x.host.layout === 'kubeadm').length === 1
  const cas = [...new Set(certs.map((c) => c.ca!).filter(Boolean))]
  const preflight = preflightStep({
    id: `preflight:${id}`,
    host: id,
    title: say('kubeadm.preflight.title', { host: label }),
    description: say('kubeadm.preflight.description', { cas: cas.join(', ') }),
    checks: [
      sh`command -v kubeadm >/dev/null || { echo "kubeadm is not installed on this host (PATH: $PATH)" >&2; exit 1; }`,
      writableDirs(['/etc/kubernetes', PKI]),
      ...cas.map(
        (ca) =>
          sh`c=$(openssl x509 -in ${KEY_OF_CA[ca] + '.crt'} -noout -pubkey 2>/dev/null | openssl sha256); k=$(openssl pkey -in ${KEY_OF_CA[ca] + '.key'} -pubout 2>/dev/null | openssl sha256); if [ -z "$k" ] || [ "$c" != "$k" ]; then echo ${`${KEY_OF_CA[ca]}.key is missing or is not the key of ${KEY_OF_CA[ca]}.crt: kubeadm would sign with the wrong CA (or cannot sign). Put the CA's own key back first.`} >&2; exit 1; fi`
      )
    ]
  })
  const steps: PlanStep[] = []
  steps.push({
    id: `backup:${id}`,
    ...stepWords(say('kubeadm.backup.title', { host: label }), say('kubeadm.backup.description', { backup })),
    host: id,
    preflight: false,
    destructive: false,
    actions: [onHost(id, backupScript(backup, sh`/etc/kubernetes/pki $(ls /etc/kubernetes/*.conf)`))],
    check: { ...described(say('kubeadm.backup.check')), action: onHost(id, sh`test -f ${backup + PKI + '/ca.crt'} && echo ok`), stdoutMatches: '^ok$' }
  })
  const holders = COMPONENTS.filter((c) => certs.some((k) => k.usedBy.includes(c.name)))
  const restoreAll = script(
    sh`set -eu; test -d ${backup + PKI}`,
    sh`cp -a ${backup + PKI}/. ${PKI}/`,
    sh`for f in ${backup}/etc/kubernetes/*.conf; do cp -a "$f" /etc/kubernetes/; done`,
    ...holders.map((c) => restartScript(kubeadmStaticPod(c.name), `undo-${stamp}`, c.ports, c.name))
  )
  steps.push({
    id: `renew:${id}`,
    ...stepWords(say('kubeadm.renew.title', { n: names.length, host: label }), say('kubeadm.renew.description', { names: names.join(', ') })),
    host: id,
    preflight: false,
    destructive: true,
    actions: [onHost(id, sh`set -e; for n in ${names}; do kubeadm certs renew "$n"; done`, 180_000)],
    check: validForCheck(
      id,
      certs.filter((c) => h.certs.certs.some((x) => x.entry.name === c.name)).map((c) => ({ path: c.path, kubeconfig: c.kind === 'kubeconfig' })),
      300
    ),
    undo: {
      ...described(holders.length ? say('kubeadm.renew.undo', { components: holders.map((c) => c.name).join(', ') }) : say('kubeadm.renew.undoNoRestart')),
      actions: [onHost(id, restoreAll, 600_000)]
    }
  })
  for (const c of holders) {
    const src = kubeadmStaticPod(c.name)
    const holds = certs.filter((k) => k.usedBy.includes(c.name)).map((k) => k.name)
    steps.push({
      id: `restart-${c.name}:${id}`,
      // With one API server, the API is away while it restarts (until the verify step below).
      ...(c.name === 'kube-apiserver' && soleApiServer ? { api: 'down' as const } : {}),
      expectedMs: 30_000,
      ...stepWords(say('certs.restart.title', { component: c.name, host: label }), say('kubeadm.restart.description', { certs: holds.join(', '), dir: src.manifestsDir })),
      host: id,
      preflight: false,
      destructive: true,
      actions: [onHost(id, restartScript(src, stamp, c.ports, c.name), 240_000)],
      check: c.serves
        ? {
            ...described(say('certs.restart.serves', { component: c.name, file: c.serves })),
            action: onHost(id, servesFile(c.ports[0], c.serves)),
            stdoutMatches: '^serves-file$',
            retry: { timeoutMs: 240_000, intervalMs: 2000 }
          }
        : runningCheck(id, undefined, c.name, c.ports, c.name, 240_000),
      undo: { ...described(say('kubeadm.restart.undo', { component: c.name })), actions: [onHost(id, startScript(src, stamp))] }
    })
  }
  {
    steps.push({
      id: `verify:${id}`,
      ...(soleApiServer ? { api: 'up' as const } : {}),
      ...stepWords(say('certs.verify.title', { host: label }), say('kubeadm.verify.description', { host: label })),
      host: id,
      preflight: false,
      destructive: false,
      actions: [
        certSteps.readyz.action(
          { context: input.context, server: h.address ? `https://${h.address.includes(':') ? `[${h.address}]` : h.address}:6443` : undefined, timeoutMs: 240_000 },
          { host: id, displayOn: 'host', display: [`curl --cacert /etc/kubernetes/pki/ca.crt https://${h.address ?? '<api server>'}:6443/readyz?verbose`], timeoutMs: 250_000 }
        )
      ]
    })
  }
  return { preflight, steps }
}
