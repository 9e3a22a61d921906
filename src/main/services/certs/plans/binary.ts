// Renewal on binary installs (systemd units, openssl-made PKI as the seed notes make it): each
// chosen certificate re-signed by its own CA keeping subject, key, SANs and usages, wherever
// that CA's key is kept (another host, a /root/TLS work folder), then the units that load it
// restarted and proved to serve it.
import type { PlanStep } from '../../../../shared/model/operations'
import { described, say, stepWords } from '../../../../shared/plan-messages'
import { AppError } from '../../../../shared/errors'
import { onHost } from '../../host-components'
import { script, sh } from '../../shell'
import { publicKeySha256, type ParsedCert } from '../entries'
import { certSteps } from '../steps'
import { resignExtfile } from '../x509'
import { validForCheck, backupDir, backupScript, preflightStep, servesFile, writableDirs, type PlanningHost, type PlanningInput } from './common'
import { t, type Sentence } from '../../../../shared/error-messages'

const DAY = 86400_000
/** Ports that prove a unit is up; the order units restart in (etcd first, kubelet last). */
const UNIT_PORTS: [string, number][] = [
  ['etcd', 2379],
  ['kube-apiserver', 6443],
  ['kube-controller-manager', 10257],
  ['kube-scheduler', 10259],
  ['kube-proxy', 10256],
  ['kubelet', 10250]
]

/** The key beside a certificate, by the naming the probe checked (`x.crt` → `x.key`, `x.pem` → `x-key.pem`). */
export const keyPathOf = (cert: string) => (cert.endsWith('.crt') ? cert.replace(/\.crt$/, '.key') : cert.replace(/\.pem$/, '-key.pem'))
const filePath = (c: ParsedCert) => c.entry.path.split(' → ')[0]

interface Signing {
  cert: ParsedCert
  caHost: string
  caCert: string
  caKey: string
  days: number
}

/** Where each certificate's CA key is (checked by its public key), or why it cannot be renewed. */
function signingFor(input: PlanningInput, h: PlanningHost, c: ParsedCert): Signing {
  const where = `${filePath(c)} on ${h.host.id}`
  const refuse = (message: Sentence, hint: Sentence): never => {
    throw new AppError({ code: 'certs.cannot-resign', message, host: h.host.id, file: filePath(c), hint })
  }
  if (c.entry.keyMatches !== true)
    refuse(
      t`${where}: its key ${keyPathOf(filePath(c))} is missing or is not its key, so the same key cannot be kept.`,
      t`Find the key the certificate was made for, or make a new certificate by hand.`
    )
  const ca = c.signer
  if (!ca) refuse(t`${where}: its CA (${c.entry.issuer}) was not found on any host read.`, t`Read the host that keeps the CA too (--host), or renew it by hand.`)
  const keyHash = publicKeySha256(ca!.x509.publicKey)
  const order = [h, ...input.hosts.filter((x) => x !== h)]
  for (const x of order) {
    const key = x.certs.caKeys.find((k) => k.publicKeySha256 === keyHash)
    if (!key) continue
    const caFile = x.certs.certs.find((y) => y.entry.source === 'file' && y.entry.sha256 === ca!.entry.sha256)
    if (!caFile) continue
    const caLeft = Date.parse(ca!.entry.notAfter) - Date.now()
    if (caLeft <= DAY)
      refuse(t`${where}: its CA ${filePath(ca!)} expires on ${ca!.entry.notAfter}.`, t`Renew the CA first (a CA rotation): a certificate cannot outlive the CA that signed it.`)
    const lifetime = Date.parse(c.entry.notAfter) - Date.parse(c.entry.notBefore)
    return { cert: c, caHost: x.host.id, caCert: filePath(caFile), caKey: key.path, days: Math.max(1, Math.floor(Math.min(lifetime, caLeft) / DAY)) }
  }
  return refuse(
    t`${where}: no host read has the key of its CA (${c.entry.issuer}) beside a copy of the CA certificate.`,
    t`Kubedeck looks beside the CA file, in /etc/kubernetes/pki, /opt/*/ssl, /etc/*/ssl and /root/TLS/*; read the host that keeps it (--host), or renew by hand.`
  )
}

export function binaryChoice(h: PlanningHost, only: string[] | undefined): ParsedCert[] {
  const files = h.certs.certs.filter((c) => c.entry.source === 'file' && !c.entry.isCA && c.entry.managedBy === 'manual')
  if (!only?.length) return files.filter((c) => c.entry.status === 'expired' || c.entry.status === 'expiring')
  return files.filter((c) => only.includes(c.entry.name) || only.includes(filePath(c)))
}

export function binarySteps(input: PlanningInput, h: PlanningHost, chosen: ParsedCert[]): { preflight: PlanStep[]; steps: PlanStep[] } {
  const id = h.host.id
  const label = h.host.nodeName ?? id
  const { stamp } = input
  const backup = backupDir('certs', stamp)
  const signings = chosen.map((c) => signingFor(input, h, c))
  const paths = chosen.map(filePath)
  const units = UNIT_PORTS.filter(([u]) => chosen.some((c) => c.entry.usedBy.includes(u)))
  const preflight: PlanStep[] = [
    preflightStep({
      id: `preflight:${id}`,
      host: id,
      title: say('binary.preflight.title', { host: label }),
      description: say('binary.preflight.description'),
      checks: [
        writableDirs([...new Set(paths.map((p) => p.slice(0, p.lastIndexOf('/')) || '/'))]),
        ...paths.map(
          (p) =>
            sh`a=$(openssl x509 -in ${p} -noout -pubkey | openssl sha256); b=$(openssl pkey -in ${keyPathOf(p)} -pubout 2>/dev/null | openssl sha256); [ -n "$b" ] && [ "$a" = "$b" ] || { echo ${`${keyPathOf(p)} is not the key of ${p}`} >&2; exit 1; }`
        )
      ]
    }),
    ...[...new Map(signings.map((s) => [`${s.caHost} ${s.caKey}`, s])).values()].map((s): PlanStep => ({
      id: `preflight-ca:${s.caHost}:${s.caKey}`,
      ...stepWords(
        say('binary.preflightCa.title', { key: s.caKey, host: s.caHost }),
        say('certs.preflight.nothingChanged', { what: say('binary.preflightCa.description', { cert: s.caCert }) })
      ),
      host: s.caHost,
      preflight: true,
      destructive: false,
      actions: [
        onHost(
          s.caHost,
          sh`a=$(openssl x509 -in ${s.caCert} -noout -pubkey | openssl sha256); b=$(openssl pkey -in ${s.caKey} -pubout 2>/dev/null | openssl sha256); if [ -n "$b" ] && [ "$a" = "$b" ]; then echo ready; else echo ${`${s.caKey} is not the key of ${s.caCert}: refusing to sign with it`} >&2; exit 1; fi`
        )
      ]
    }))
  ]
  const restartAll = units.map(([u]) => sh`systemctl restart --no-block ${u}`)
  const steps: PlanStep[] = [
    {
      id: `backup:${id}`,
      ...stepWords(say('binary.backup.title', { host: label }), say('binary.backup.description', { files: paths.join(', '), backup })),
      host: id,
      preflight: false,
      destructive: false,
      actions: [onHost(id, backupScript(backup, sh`${paths}`))],
      check: { ...described(say('binary.backup.check')), action: onHost(id, sh`${paths.map((p) => sh`test -f ${backup + p} &&`)} echo ok`), stdoutMatches: '^ok$' }
    }
  ]
  for (const s of signings) {
    const p = filePath(s.cert)
    steps.push({
      id: `resign:${id}:${p}`,
      ...stepWords(
        say('binary.resign.title', { file: p, host: label }),
        say('binary.resign.description', { ca: s.caCert, caHost: s.caHost, days: s.days, sans: s.cert.entry.sans.join(', ') || '—' })
      ),
      host: id,
      preflight: false,
      destructive: true,
      // The file now holds a certificate valid for the days it was signed for (less the day it may take to run).
      check: validForCheck(id, [{ path: p, kubeconfig: false }], Math.max(0, s.days - 1)),
      actions: [
        certSteps.resign.action(
          {
            host: id,
            cert: p,
            key: keyPathOf(p),
            caHost: s.caHost,
            caCert: s.caCert,
            caKey: s.caKey,
            days: s.days,
            extfile: resignExtfile(s.cert.x509.toString(), `${p} on ${id}`)
          },
          {
            host: id,
            display: [
              `[${id}] openssl x509 -x509toreq -in ${p} -signkey ${keyPathOf(p)} > req.pem`,
              `[${s.caHost}] openssl x509 -req -in req.pem -CA ${s.caCert} -CAkey ${s.caKey} -set_serial <random> -days ${s.days} -sha256 -extfile ext.cnf -extensions kubedeck > new.pem`,
              `[${id}] install new.pem as ${p} (same owner and mode)`
            ],
            timeoutMs: 180_000
          }
        )
      ],
      undo: {
        ...described(units.length ? say('binary.resign.undo', { file: p, units: units.map(([u]) => u).join(', ') }) : say('binary.resign.undoNoRestart', { file: p })),
        actions: [onHost(id, script(sh`set -eu; cp -a ${backup + p} ${p}`, ...restartAll))]
      }
    })
  }
  for (const [unit, port] of units) {
    const served = h.certs.served.find((x) => x.component === unit && x.file && paths.includes(filePath(x.file)))
    steps.push({
      id: `restart-${unit}:${id}`,
      ...stepWords(
        say('certs.restart.title', { component: unit, host: label }),
        say('binary.restart.description', {
          files: chosen
            .filter((c) => c.entry.usedBy.includes(unit))
            .map(filePath)
            .join(', ')
        })
      ),
      host: id,
      preflight: false,
      destructive: true,
      actions: [onHost(id, sh`systemctl restart --no-block ${unit}`)],
      check: served
        ? {
            ...described(say('certs.restart.serves', { component: unit, file: filePath(served.file!) })),
            action: onHost(id, servesFile(port, filePath(served.file!))),
            stdoutMatches: '^serves-file$',
            retry: { timeoutMs: 180_000, intervalMs: 2000 }
          }
        : {
            ...described(say('certs.unitActive', { unit })),
            action: onHost(id, sh`systemctl is-active ${unit}`),
            stdoutMatches: '^active$',
            retry: { timeoutMs: 120_000, intervalMs: 2000 }
          },
      undo: { ...described(say('certs.makeSureRuns', { unit })), actions: [onHost(id, sh`systemctl start --no-block ${unit}`)] }
    })
  }
  if (units.some(([u]) => u === 'kube-apiserver')) {
    steps.push({
      id: `verify:${id}`,
      ...stepWords(say('certs.verify.title', { host: label }), say('binary.verify.description')),
      host: id,
      preflight: false,
      destructive: false,
      actions: [
        certSteps.readyz.action(
          { context: input.context, server: h.address ? `https://${h.address}:6443` : undefined, timeoutMs: 180_000 },
          { host: id, displayOn: 'host', display: [`curl --cacert <cluster CA> https://${h.address ?? '<api server>'}:6443/readyz?verbose`], timeoutMs: 190_000 }
        )
      ]
    })
  }
  return { preflight, steps }
}
