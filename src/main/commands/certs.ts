// `kubedeck certs …`: the inventory of a cluster's certificates (kubeadm's names and dates, so it
// reads like `kubeadm certs check-expiration` across every host at once), renewal and kubelet
// rotation plans (`--dry-run` prints the plan; `--yes` confirms it), and CSR decisions.
import { parseArgs } from 'node:util'
import { unknownWord } from './usage-error'
import type { CertInventory } from '../../shared/model/certs'
import { AppError } from '../../shared/errors'
import { cliServices, resolveContext } from './cli-services'
import { runPlan } from './plans'
import type { CliCommand } from './types'
import { verbatim } from '../../shared/error-messages'

const usage = `Usage:
  kubedeck certs check  --context C [-F ssh_config] [--host H…] [-o json] [--warn-days 30] [--critical-days 7]
  kubedeck certs renew  --context C [-F ssh_config] [--host H…] [--only NAME…] [--update-kubeconfig]
                        [--dry-run] [--yes] [--json]
  kubedeck certs rotate-kubelet --context C --node NODE [-F ssh_config] [--dry-run] [--yes]
  kubedeck certs csr approve|deny NAME --context C [--dry-run] [--yes]

Reads every certificate that can take the cluster down, over SSH on each control-plane and
worker host: the kubeadm PKI and kubeconfigs, the kubelet's certificates, binary installs'
files (found from the systemd units), what the API server, etcd and kubelet actually serve,
and your own kubeconfigs' client certificates; plus pending CSRs.

  check           each certificate's host, name (kubeadm's name where kubeadm manages it),
                  expiry, issuer and status (ok, expiring, expired, missing, mismatch), and
                  findings in plain words; exits 1 when something needs doing now
  renew           kubeadm control planes one node at a time (backup, kubeadm certs renew,
                  static pods restarted, served certificates and /readyz checked); binary
                  hosts: each chosen file re-signed by its CA with the same key, subject, SANs
                  and usages, its units restarted. Default: everything kubeadm renews; on binary
                  hosts the expired and expiring files. --update-kubeconfig also gives your
                  context a new client certificate (key made here, signed by the cluster CA)
  rotate-kubelet  a new kubelet client certificate through the API (key made on the node),
                  kubelet.conf pointed at kubelet-client-current.pem, kubelet restarted
  csr             approve or deny a CertificateSigningRequest

Options:
  --context C     kubeconfig context (as kubectl names it)
  -F FILE         ssh config for the hosts (like ssh -F)
  --host H        read these hosts (SSH names) instead of asking the API which nodes there are
                  (the API is often down when certificates expired; otherwise the hosts of the
                  last check are used)
  -o json         {"certificates": […], "findings": […], "hosts": […], "csrs": […]}
Interrupted operations: kubedeck operations list | resume ID | rollback ID`

const days = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined
  const n = Number(v)
  if (!Number.isInteger(n) || n < 0 || n > 3650) throw new AppError({ code: 'input.invalid', message: verbatim(`${flag} takes a whole number of days (0–3650), got "${v}".`) })
  return n
}

export const certsCommand: CliCommand = {
  name: 'certs',
  summary: 'Certificate expiry across the cluster, guided renewal and kubelet rotation',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    if (!sub || !['check', 'renew', 'rotate-kubelet', 'csr'].includes(sub))
      return unknownWord(io, 'kubedeck certs', 'subcommand', sub, ['check', 'renew', 'rotate-kubelet', 'csr'], usage)
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: sub === 'csr',
      options: {
        context: { type: 'string' },
        F: { type: 'string', short: 'F' },
        host: { type: 'string', multiple: true },
        only: { type: 'string', multiple: true },
        node: { type: 'string' },
        output: { type: 'string', short: 'o' },
        json: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        'update-kubeconfig': { type: 'boolean' },
        'warn-days': { type: 'string' },
        'critical-days': { type: 'string' }
      }
    })
    if (!values.context)
      throw new AppError({
        code: 'input.invalid',
        message: verbatim(`kubedeck certs ${sub}: --context is required.`),
        hint: verbatim('Name the kubeconfig context of the cluster, as kubectl would (kubectl config get-contexts).')
      })
    if (values.output !== undefined && values.output !== 'json') throw new AppError({ code: 'input.invalid', message: verbatim(`-o takes "json", got "${values.output}".`) })
    const warnDays = days(values['warn-days'], '--warn-days')
    const criticalDays = days(values['critical-days'], '--critical-days')
    const svc = await cliServices(io, { uses: ['certs'], sshConfigFile: values.F })
    try {
      const context = await resolveContext(svc, values.context)
      const inv = { hosts: values.host, thresholds: { ...(warnDays !== undefined ? { warnDays } : {}), ...(criticalDays !== undefined ? { criticalDays } : {}) } }
      switch (sub) {
        case 'check': {
          io.stderr.write(`Reading the certificates of ${context.name} over SSH…\n`)
          const inventory = await svc.certs.inventory(context, inv)
          if (values.output === 'json' || values.json) io.stdout.write(JSON.stringify(inventory, null, 2) + '\n')
          else io.stdout.write(formatInventory(inventory))
          const urgent = inventory.findings.some((f) => f.severity === 'error') || inventory.hosts.some((h) => !h.reachable)
          return urgent ? 1 : 0
        }
        case 'renew': {
          io.stderr.write(`Reading the certificates of ${context.name} over SSH…\n`)
          let updateKubeconfig: { subject: string } | undefined
          if (values['update-kubeconfig']) {
            await svc.certs.inventory(context, inv)
            const subject = svc.certs.adminSubject(context)
            if (!subject)
              throw new AppError({
                code: 'certs.no-subject',
                message: verbatim(`Neither context ${context.name} nor admin.conf has a client certificate to take the subject from.`),
                hint: verbatim('Drop --update-kubeconfig: your context does not use a client certificate.')
              })
            updateKubeconfig = { subject }
          }
          const op = await svc.certs.planRenew(context, { ...inv, only: values.only, updateKubeconfig })
          return await runPlan(io, svc.operations, op, values)
        }
        case 'rotate-kubelet': {
          if (!values.node)
            throw new AppError({
              code: 'input.invalid',
              message: verbatim('kubedeck certs rotate-kubelet: --node NODE is required.'),
              hint: verbatim('The node as kubectl get nodes shows it.')
            })
          return await runPlan(io, svc.operations, await svc.certs.planRotateKubelet(context, values.node, inv), values)
        }
        case 'csr': {
          const [decision, name] = positionals
          if ((decision !== 'approve' && decision !== 'deny') || !name) {
            io.stderr.write(`kubedeck certs csr: say approve or deny, and the CSR's name\n\n${usage}\n`)
            return 2
          }
          return await runPlan(io, svc.operations, await svc.certs.planCsr(context, name, decision), values)
        }
      }
      return 2
    } finally {
      await svc.close()
    }
  }
}

const inDays = (d: number) => (d < 0 ? `${d}d` : d >= 365 ? `${Math.floor(d / 365)}y${d % 365 ? ` ${d % 365}d` : ''}` : `${d}d`)

export function formatInventory(inv: CertInventory): string {
  const out: string[] = []
  for (const h of inv.hosts) {
    if (!h.reachable) out.push(`warning: ${h.id} could not be read: ${h.error?.message ?? 'unknown error'}${h.error?.hint ? `\n  ${h.error.hint}` : ''}`)
    else if (h.error) out.push(`warning: ${h.error.message}`)
  }
  for (const n of inv.notes) out.push(`note: ${n}`)
  if (out.length) out.push('')
  const rows = inv.certificates.map((c) => [
    c.host,
    c.name,
    c.source,
    c.notAfter ? c.notAfter.replace('T', ' ').replace('Z', '') : '',
    c.notAfter ? inDays(c.daysLeft) : '',
    c.isCA ? '(CA)' : (c.issuer.match(/CN=([^,]+)/)?.[1] ?? c.issuer),
    c.status
  ])
  const head = ['HOST', 'NAME', 'SOURCE', 'EXPIRES (UTC)', 'LEFT', 'ISSUER', 'STATUS']
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  for (const r of [head, ...rows]) out.push(r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]))).join('  '))
  out.push('', inv.findings.length ? 'findings:' : 'findings: none')
  for (const f of inv.findings)
    out.push(
      `  [${f.severity}] ${f.message}${f.fix?.kind === 'command' ? `\n      fix: ${f.fix.command}` : f.fix?.kind === 'renew' ? `\n      fix: kubedeck certs renew --context ${inv.context.name} --host ${f.fix.host} --only ${f.fix.names.join(' --only ')}` : f.fix?.kind === 'rotate-kubelet' ? `\n      fix: kubedeck certs rotate-kubelet --context ${inv.context.name} --node ${f.fix.node}` : f.fix?.kind === 'csr' ? `\n      fix: kubedeck certs csr approve ${f.fix.name} --context ${inv.context.name}` : ''}`
    )
  if (inv.csrError) out.push(`CSRs: not listed (${inv.csrError})`)
  return out.join('\n') + '\n'
}
