// `kubedeck doctor --context C [-F ssh_config] [--host H…] [-o json]`: every check of a
// self-run cluster, API and hosts, worst first, each with its fix; exits 0 when nothing is above
// info, 1 with warnings, 2 with errors. `kubedeck join-command --context C [--control-plane]
// [--ttl D]`: kubeadm's join command with a new bootstrap token; `--list` shows the tokens.
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import { verbatim } from '../../shared/error-messages'
import type { DoctorFix, DoctorReport } from '../../shared/model/doctor'
import { cliServices, requireContext, resolveContext } from './cli-services'
import { parseDuration } from './logs'
import { runPlan } from './plans'
import type { CliCommand } from './types'

const doctorUsage = `Usage:
  kubedeck doctor --context C [-F ssh_config] [--host H…] [-o json]

Checks the API server (through the kubeconfig and on each control-plane host), etcd, the control
plane (manifests or units, leader election), nodes, CoreDNS and kube-proxy, each host's clock,
certificates and workloads stuck or crashing; hosts are read over SSH (--host names them instead
of the nodes the API lists). Exit status: 0 nothing above info, 1 warnings, 2 errors.`

const joinUsage = `Usage:
  kubedeck join-command --context C [--control-plane] [--ttl D] [-F ssh_config] [--host H]
  kubedeck join-command --context C --list
  kubedeck join-command --context C --revoke ID [--dry-run] [--yes]

Prints kubeadm join with a new bootstrap token (TTL default 24h, as kubeadm) and the CA's key
hash; --control-plane adds a certificate key from kubeadm init phase upload-certs, run on a
control-plane host over SSH (--host picks it). --list shows the bootstrap tokens (ids only);
--revoke deletes one (kubeadm token delete) as a plan.`

export function fixText(f: DoctorFix | undefined, context: string): string {
  if (!f) return ''
  switch (f.kind) {
    case 'command':
      return f.command
    case 'page':
      return `Kubedeck: the ${f.page} page of ${context}`
    case 'plan':
      return f.plan === 'namespace-unstick'
        ? `kubedeck namespace unstick ${f.namespace} --context ${context}`
        : f.plan === 'uncordon'
          ? `kubedeck uncordon ${f.node} --context ${context}`
          : `kubedeck certs csr approve ${f.name} --context ${context}`
  }
}

export function formatReport(r: DoctorReport): string {
  const out = [`doctor: ${r.context.name}, ${r.checks.length} checks in ${(r.durationMs / 1000).toFixed(1)} s`]
  for (const f of r.findings) {
    out.push(`${f.severity.toUpperCase().padEnd(8)}${f.area.padEnd(15)}${f.subject}`, `        ${f.message}`)
    const fix = fixText(f.fix, r.context.name)
    if (fix) out.push(`        fix: ${fix}`)
  }
  for (const u of r.unknown) out.push(`UNKNOWN ${u.area.padEnd(15)}${u.subject}`, `        could not be checked: ${u.reason}`)
  if (!r.findings.length && !r.unknown.length) out.push('no findings')
  return out.join('\n') + '\n'
}

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: 'Check a cluster as an experienced admin would: API, etcd, control plane, nodes, time, certificates',
  usage: doctorUsage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: { context: { type: 'string' }, F: { type: 'string', short: 'F' }, host: { type: 'string', multiple: true }, output: { type: 'string', short: 'o' } }
    })
    if (values.output !== undefined && values.output !== 'json') throw new AppError({ code: 'input.invalid', message: verbatim(`-o takes "json", got "${values.output}".`) })
    const svc = await cliServices(io, { uses: ['doctor'], sshConfigFile: values.F })
    try {
      const context = await resolveContext(svc, requireContext('kubedeck doctor', values.context))
      const report = await svc.doctor.run(context, { hosts: values.host })
      io.stdout.write(
        values.output === 'json'
          ? `${JSON.stringify({ findings: report.findings, unknown: report.unknown, checks: report.checks, durationMs: report.durationMs }, null, 2)}\n`
          : formatReport(report)
      )
      return report.worst === 'error' ? 2 : report.worst === 'warning' ? 1 : 0
    } finally {
      await svc.close()
    }
  }
}

export const joinCommandCommand: CliCommand = {
  name: 'join-command',
  summary: 'kubeadm join for a worker or control plane, with a new bootstrap token',
  usage: joinUsage,
  async run(argv, io) {
    const { values } = parseArgs({
      args: argv,
      options: {
        context: { type: 'string' },
        'control-plane': { type: 'boolean' },
        ttl: { type: 'string' },
        F: { type: 'string', short: 'F' },
        host: { type: 'string' },
        list: { type: 'boolean' },
        revoke: { type: 'string' },
        'dry-run': { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        output: { type: 'string', short: 'o' }
      }
    })
    const ttlSeconds = values.ttl !== undefined ? parseDuration(values.ttl, '--ttl') : 24 * 3600
    if (!(ttlSeconds >= 60)) throw new AppError({ code: 'input.invalid', message: verbatim(`--ttl ${values.ttl}: a bootstrap token lives at least 1m.`) })
    const svc = await cliServices(io, { uses: ['doctor'], sshConfigFile: values.F })
    try {
      const context = await resolveContext(svc, requireContext('kubedeck join-command', values.context))
      if (values.revoke !== undefined) return await runPlan(io, svc.operations, await svc.cluster.planRevokeToken(context, values.revoke), values)
      if (values.list) {
        const tokens = await svc.doctor.tokens(context)
        for (const tk of tokens) io.stdout.write(`${tk.id.padEnd(8)}${(tk.expires ?? '<forever>').padEnd(22)}${tk.usages.join(',').padEnd(28)}${tk.groups.join(',')}\n`)
        return 0
      }
      const j = await svc.doctor.joinCommand(context, { ttlSeconds, controlPlane: values['control-plane'], host: values.host })
      io.stdout.write(values.output === 'json' ? `${JSON.stringify(j, null, 2)}\n` : `${j.command}\n`)
      io.stderr.write(`The token expires at ${j.expires}.\n`)
      return 0
    } finally {
      await svc.close()
    }
  }
}
