// A kubelet client certificate rotated by hand, the day it expired (the node is NotReady and
// the kubelet logs "x509: certificate has expired"): a key and CSR made on the node, the CSR
// approved and signed through the API, installed as kubelet would (kubelet-client-<date>.pem,
// the `current` link moved), kubelet.conf pointed at that link so it rotates from then on.
import type { PlanStep } from '../../../../shared/model/operations'
import { described, say, stepWords } from '../../../../shared/plan-messages'
import { AppError } from '../../../../shared/errors'
import { onHost } from '../../host-components'
import { script, sh } from '../../shell'
import { KUBELET_PKI } from '../kubeadm-names'
import { certSteps } from '../steps'
import { backupDir, backupScript, preflightStep, writableDirs, type PlanningHost, type PlanningInput } from './common'
import { t } from '../../../../shared/error-messages'

const KUBELET_CONF = '/etc/kubernetes/kubelet.conf'
const CURRENT = `${KUBELET_PKI}/kubelet-client-current.pem`
/** A node name as the API allows it (RFC 1123 subdomain): it goes into an openssl -subj. */
const NODE_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/

export function kubeletSteps(input: PlanningInput, h: PlanningHost): PlanStep[] {
  const id = h.host.id
  const node = h.host.nodeName ?? id
  if (!NODE_NAME.test(node) || node.length > 253) {
    throw new AppError({
      code: 'certs.bad-node-name',
      message: t`${JSON.stringify(node)} is not a Kubernetes node name.`,
      host: id,
      hint: t`Name the node as \`kubectl get nodes\` shows it.`
    })
  }
  if (!h.certs.kubeconfigs.some((k) => k.path === KUBELET_CONF)) {
    throw new AppError({
      code: 'certs.no-kubelet-conf',
      message: t`${id} has no ${KUBELET_CONF}: Kubedeck rotates the kubelet client certificate of kubeadm-style nodes only.`,
      host: id,
      hint: t`On a binary install, approve the node’s CSR (kubedeck certs check lists them) or re-issue its certificate by hand.`
    })
  }
  const { stamp } = input
  const backup = backupDir('kubelet', stamp)
  const restoreConf = sh`set -eu; cp -a ${backup + '/files' + KUBELET_CONF} ${KUBELET_CONF}; systemctl restart kubelet`
  // The node's own view of the API: its kubeconfig's server and CA, its new certificate.
  const verify = script(
    sh`set -eu; T=$(mktemp -d); trap 'rm -rf "$T"' EXIT`,
    sh`S=$(sed -n 's/^ *server: *//p' ${KUBELET_CONF} | head -1)`,
    sh`d=$(sed -n 's/^ *certificate-authority-data: *//p' ${KUBELET_CONF} | head -1); if [ -n "$d" ]; then printf '%s' "$d" | base64 -d > "$T/ca.crt"; else cp "$(sed -n 's/^ *certificate-authority: *//p' ${KUBELET_CONF} | head -1)" "$T/ca.crt"; fi`,
    sh`curl -sS -o /dev/null -w '%{http_code}\n' --cacert "$T/ca.crt" --cert ${CURRENT} --key ${CURRENT} "$S/api/v1/nodes/"${node}`
  )
  return [
    preflightStep({
      id: `preflight:${id}`,
      host: id,
      title: say('kubelet.preflight.title', { node }),
      description: say('kubelet.preflight.description', { conf: KUBELET_CONF, dir: KUBELET_PKI }),
      checks: [sh`test -f ${KUBELET_CONF} || { echo ${`${KUBELET_CONF} is missing`} >&2; exit 1; }; mkdir -p ${KUBELET_PKI}`, writableDirs([KUBELET_PKI])]
    }),
    {
      id: `backup:${id}`,
      ...stepWords(say('kubelet.backup.title', { node }), say('kubelet.backup.description', { conf: KUBELET_CONF, current: CURRENT, backup })),
      host: id,
      preflight: false,
      destructive: false,
      actions: [
        onHost(
          id,
          script(
            sh`set -eu; [ -e ${backup + '/current-link'} ] || { mkdir -p -m 700 ${backup}; readlink ${CURRENT} > ${backup + '/current-link.partial'} || true; mv ${backup + '/current-link.partial'} ${backup + '/current-link'}; }`,
            backupScript(backup + '/files', sh`${KUBELET_CONF}`)
          )
        )
      ],
      check: { ...described(say('kubelet.backup.check')), action: onHost(id, sh`test -f ${backup + '/files' + KUBELET_CONF} && echo ok`), stdoutMatches: '^ok$' }
    },
    {
      id: `new-client-certificate:${id}`,
      ...stepWords(say('kubelet.new.title', { node }), say('kubelet.new.description', { node, current: CURRENT })),
      host: id,
      preflight: false,
      destructive: true,
      actions: [
        certSteps.kubeletClient.action(
          { context: input.context, host: id, node, pkiDir: KUBELET_PKI, stamp },
          {
            host: id,
            display: [
              `[${node}] openssl ecparam -name prime256v1 -genkey -noout -out ${KUBELET_PKI}/kubedeck-${stamp}.key`,
              `[${node}] openssl req -new -key ${KUBELET_PKI}/kubedeck-${stamp}.key -subj /O=system:nodes/CN=system:node:${node} > csr.pem`,
              `kubectl create -f - <<< CertificateSigningRequest kubedeck-${node}-${stamp} (signer kubernetes.io/kube-apiserver-client-kubelet)`,
              `kubectl certificate approve kubedeck-${node}-${stamp}`,
              `[${node}] cat signed.pem key > ${KUBELET_PKI}/kubelet-client-<date>.pem; ln -sfn … ${CURRENT}`
            ],
            timeoutMs: 180_000
          }
        )
      ],
      check: {
        ...described(say('kubelet.new.check', { current: CURRENT, node })),
        action: onHost(
          id,
          sh`openssl x509 -in ${CURRENT} -noout -subject -nameopt RFC2253 | grep -qF ${`CN=system:node:${node}`} && openssl x509 -in ${CURRENT} -noout -checkend 86400 >/dev/null && echo ok`
        ),
        stdoutMatches: '^ok$'
      },
      undo: {
        ...described(say('kubelet.new.undo', { current: CURRENT })),
        actions: [onHost(id, sh`set -eu; p=$(cat ${backup + '/current-link'} 2>/dev/null || true); if [ -n "$p" ]; then ln -sfn "$p" ${CURRENT}; else rm -f ${CURRENT}; fi`)]
      }
    },
    {
      id: `kubelet-conf:${id}`,
      ...stepWords(say('kubelet.conf.title', { node }), say('kubelet.conf.description', { conf: KUBELET_CONF, current: CURRENT })),
      host: id,
      preflight: false,
      destructive: true,
      actions: [
        onHost(
          id,
          script(
            sh`set -eu; umask 077`,
            sh`P=${CURRENT} awk '{ if ($1 == "client-certificate-data:") { sub(/client-certificate-data:.*/, "client-certificate: " ENVIRON["P"]) } else if ($1 == "client-key-data:") { sub(/client-key-data:.*/, "client-key: " ENVIRON["P"]) } print }' ${KUBELET_CONF} > ${KUBELET_CONF + '.kubedeck-new'}`,
            sh`chmod --reference=${KUBELET_CONF} ${KUBELET_CONF + '.kubedeck-new'}; mv -f ${KUBELET_CONF + '.kubedeck-new'} ${KUBELET_CONF}`
          )
        )
      ],
      check: {
        ...described(say('kubelet.conf.check')),
        action: onHost(
          id,
          sh`grep -q ${`client-certificate: ${CURRENT}`} ${KUBELET_CONF} && grep -q ${`client-key: ${CURRENT}`} ${KUBELET_CONF} && ! grep -q client-certificate-data: ${KUBELET_CONF} && echo ok`
        ),
        stdoutMatches: '^ok$'
      },
      undo: { ...described(say('kubelet.conf.undo')), actions: [onHost(id, restoreConf)] }
    },
    {
      id: `restart-kubelet:${id}`,
      ...stepWords(say('certs.restart.title', { component: 'kubelet', host: node }), say('kubelet.restart.description')),
      host: id,
      preflight: false,
      destructive: true,
      actions: [onHost(id, sh`systemctl restart kubelet`)],
      check: {
        ...described(say('certs.unitActive', { unit: 'kubelet' })),
        action: onHost(id, sh`systemctl is-active kubelet`),
        stdoutMatches: '^active$',
        retry: { timeoutMs: 60_000, intervalMs: 2000 }
      },
      undo: { ...described(say('certs.makeSureRuns', { unit: 'kubelet' })), actions: [onHost(id, sh`systemctl start kubelet`)] }
    },
    {
      id: `verify:${id}`,
      ...stepWords(say('kubelet.verify.title', { node }), say('kubelet.verify.description', { node, current: CURRENT, conf: KUBELET_CONF })),
      host: id,
      preflight: false,
      destructive: false,
      actions: [onHost(id, verify)],
      check: {
        ...described(say('kubelet.verify.check')),
        action: onHost(id, verify),
        stdoutMatches: '^200$',
        retry: { timeoutMs: 60_000, intervalMs: 2000 }
      }
    }
  ]
}
