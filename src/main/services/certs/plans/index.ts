// The certificate plans: renewal (kubeadm control planes one node at a time, binary hosts'
// chosen files, and optionally the user's own kubeconfig), a kubelet client rotation, and a CSR
// decision. Each is built from the last inventory, pre-flight first.
import type { Plan, PlanLeftover, PlanStep } from '../../../../shared/model/operations'
import { described, leftover, planWords, say, stepWords, type Said } from '../../../../shared/plan-messages'
import { AppError } from '../../../../shared/errors'
import type { SshHostTarget } from '../../ssh'
import { certSteps } from '../steps'
import { binaryChoice, binarySteps } from './binary'
import { backupDir, planHosts, type PlanningHost, type PlanningInput } from './common'
import { kubeadmNames, kubeadmSteps } from './kubeadm'
import { kubeletSteps } from './kubelet'
import { t } from '../../../../shared/error-messages'

export { utcStamp, type PlanningHost, type PlanningInput } from './common'

export interface RenewOptions {
  /** Host ids to renew on (default: every control-plane host with something to renew). */
  hosts?: string[]
  /** Certificate names (kubeadm's names; file names or paths on binary hosts). */
  only?: string[]
  /** Also give the user's context a new client certificate signed by the renewed cluster's CA. */
  updateKubeconfig?: { subject: string }
}

/** Each host's backup folder stays after a success: the outcome offers to remove it. */
const backupsOf = (steps: PlanStep[], dirOf: (host: string) => string | undefined): PlanLeftover[] =>
  steps
    .filter((s) => s.id.startsWith('backup:'))
    .flatMap((s) => {
      const path = dirOf(s.host)
      return path ? [leftover(s.host, path, say('certs.leftover'))] : []
    })

const plan = (
  input: PlanningInput,
  kind: string,
  title: Said,
  summary: Said,
  hostIds: string[],
  steps: PlanStep[],
  warnings: Said[],
  params: Record<string, unknown>,
  leftovers: PlanLeftover[] = []
): Plan<SshHostTarget> => ({
  domain: 'certs',
  kind,
  ...planWords(title, summary, warnings),
  context: input.context,
  confirmText: input.context.name,
  hosts: planHosts(input, hostIds),
  steps,
  ...(leftovers.length ? { leftovers } : {}),
  params,
  createdAt: new Date().toISOString()
})

export function buildRenewPlan(input: PlanningInput, o: RenewOptions): Plan<SshHostTarget> {
  const chosen = o.hosts?.length ? input.hosts.filter((h) => o.hosts!.includes(h.host.id) || o.hosts!.includes(h.host.nodeName ?? '')) : input.hosts
  const unknown = (o.hosts ?? []).filter((x) => !input.hosts.some((h) => h.host.id === x || h.host.nodeName === x))
  if (unknown.length) {
    throw new AppError({
      code: 'certs.unknown-host',
      message: unknown.length === 1 ? t`${unknown[0]} was not in the inventory.` : t`${unknown.join(', ')} were not in the inventory.`,
      hint: t`Hosts read: ${input.hosts.map((h) => h.host.id).join(', ')}.`
    })
  }
  const preflight: PlanStep[] = []
  const steps: PlanStep[] = []
  const used: string[] = []
  const renewed: string[] = []
  for (const h of chosen) {
    if (h.host.layout === 'kubeadm') {
      const names = kubeadmNames(h, o.only)
      if (!names.length) continue
      const s = kubeadmSteps(input, h, names)
      preflight.push(s.preflight)
      steps.push(...s.steps)
      used.push(h.host.id)
      renewed.push(`${h.host.id}: ${names.join(', ')}`)
    } else if (h.host.layout === 'binary') {
      const certs = binaryChoice(h, o.only)
      if (!certs.length) continue
      const s = binarySteps(input, h, certs)
      // Hosts whose certificates share a CA share its pre-flight check: once is enough.
      preflight.push(...s.preflight.filter((p) => !preflight.some((q) => q.id === p.id)))
      steps.push(...s.steps)
      used.push(h.host.id, ...s.preflight.map((p) => p.host))
      renewed.push(`${h.host.id}: ${certs.map((c) => c.entry.name).join(', ')}`)
    }
  }
  if (!steps.length) {
    throw new AppError({
      code: 'certs.nothing-to-renew',
      message: t`Nothing to renew on ${chosen.map((h) => h.host.id).join(', ') || t`any host`}${o.only?.length ? t` named ${o.only.join(', ')}` : ''}.`,
      hint: o.only?.length
        ? t`Names are as \`kubedeck certs check\` shows them (kubeadm names on kubeadm hosts, file names on binary hosts).`
        : t`On binary hosts only expired or expiring certificates are renewed by default; name others with --only. Kubelet client certificates rotate: kubedeck certs rotate-kubelet.`
    })
  }
  const warnings = [say('certs.warn.oneAtATime'), say('certs.warn.copiedKubeconfigs')]
  if (o.updateKubeconfig) {
    const first = input.hosts.find((h) => used.includes(h.host.id) && h.host.layout === 'kubeadm')
    if (!first)
      throw new AppError({ code: 'certs.no-ca-host', message: t`A new client certificate for your kubeconfig is signed on a kubeadm control plane, and this plan renews none.` })
    const reason = `kubedeck certs renew ${input.stamp}: new client certificate for context ${input.context.name}`
    steps.push({
      id: 'update-kubeconfig',
      ...stepWords(
        say('certs.updateKubeconfig.title', { context: input.context.name }),
        say('certs.updateKubeconfig.description', { subject: o.updateKubeconfig.subject, host: first.host.id, file: input.context.file })
      ),
      host: '',
      preflight: false,
      destructive: true,
      actions: [
        certSteps.localClientCert.action(
          {
            context: input.context,
            host: first.host.id,
            caCert: '/etc/kubernetes/pki/ca.crt',
            caKey: '/etc/kubernetes/pki/ca.key',
            subject: o.updateKubeconfig.subject,
            days: 365,
            reason
          },
          {
            host: first.host.id,
            display: [
              `[this machine] a new P-256 key and a CSR for ${o.updateKubeconfig.subject}`,
              `[${first.host.id}] openssl x509 -req -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -days 365 (clientAuth)`,
              `[this machine] kubectl config set-credentials … --embed-certs (in ${input.context.file})`
            ]
          }
        )
      ],
      check: {
        ...described(say('certs.updateKubeconfig.check', { context: input.context.name })),
        action: certSteps.contextWorks.action(
          { context: input.context, days: 300 },
          { display: [`kubectl --context ${input.context.name} get namespaces --limit 1    # with the new client certificate`] }
        )
      },
      undo: {
        ...described(say('certs.updateKubeconfig.undo', { file: input.context.file })),
        actions: [
          certSteps.restoreLocalKubeconfig.action({ context: input.context, reason }, { display: [`kubedeck config restore ${input.context.file} <version before this write>`] })
        ]
      }
    })
  }
  return plan(
    input,
    'certs.renew',
    say('certs.renew.title', { context: input.context.name }),
    say('certs.renew.summary', { list: renewed.join('; ') }),
    [...new Set(used)],
    [...preflight, ...steps],
    warnings,
    {
      stamp: input.stamp,
      renewed
    },
    backupsOf(steps, (host) => {
      const layout = input.hosts.find((h) => h.host.id === host)?.host.layout
      return layout === 'kubeadm' ? backupDir('kubernetes', input.stamp) : layout === 'binary' ? backupDir('certs', input.stamp) : undefined
    })
  )
}

export function buildKubeletPlan(input: PlanningInput, hostOrNode: string): Plan<SshHostTarget> {
  const h: PlanningHost | undefined = input.hosts.find((x) => x.host.id === hostOrNode || x.host.nodeName === hostOrNode)
  if (!h)
    throw new AppError({ code: 'certs.unknown-host', message: t`${hostOrNode} was not in the inventory.`, hint: t`Hosts read: ${input.hosts.map((x) => x.host.id).join(', ')}.` })
  const steps = kubeletSteps(input, h)
  return plan(
    input,
    'certs.rotate-kubelet',
    say('certs.rotate.title', { node: h.host.nodeName ?? h.host.id }),
    say('certs.rotate.summary', { node: h.host.nodeName ?? h.host.id }),
    [h.host.id],
    steps,
    [],
    { stamp: input.stamp },
    backupsOf(steps, () => backupDir('kubelet', input.stamp))
  )
}

export function buildCsrPlan(input: Pick<PlanningInput, 'context'>, name: string, decision: 'approve' | 'deny'): Plan<SshHostTarget> {
  return {
    domain: 'certs',
    kind: `certs.csr-${decision}`,
    ...planWords(
      say(decision === 'approve' ? 'csr.approve.title' : 'csr.deny.title', { name }),
      say(decision === 'approve' ? 'csr.approve.summary' : 'csr.deny.summary', { name })
    ),
    context: input.context,
    confirmText: input.context.name,
    hosts: {},
    steps: [
      {
        id: `csr-${decision}`,
        ...stepWords(
          say(decision === 'approve' ? 'csr.approve.step' : 'csr.deny.step', { name }),
          say(decision === 'approve' ? 'csr.approve.description' : 'csr.deny.description')
        ),
        host: '',
        preflight: false,
        destructive: false,
        actions: [certSteps.csrDecision.action({ context: input.context, name, decision }, { display: [`kubectl certificate ${decision} ${name}`] })]
      }
    ],
    params: {},
    createdAt: new Date().toISOString()
  }
}
