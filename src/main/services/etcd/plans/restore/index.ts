// The restore plan, following the etcd and kubeadm procedures, phase by phase: pre-flight
// (snapshot, configuration, hosts, upload), stop the control plane, replace the data (move
// aside, restore), start it all again, verify. One builder covers kubeadm (1 or 3 stacked
// members) and binary installs.
import type { Plan } from '../../../../../shared/model/operations'
import type { SshHostTarget } from '../../../ssh'
import { restoreContext, type RestorePlanInput } from './context'
import { preflightSteps } from './preflight'
import { moveAsideSteps, restoreSteps } from './replace-data'
import { startControlPlaneSteps, startMemberSteps, waitHealthyStep } from './start'
import { stopSteps } from './stop'
import { verifySteps } from './verify'
import { dataDirPaths } from '../scripts'
import { say, sentences } from '../../../../../shared/plan-messages'

export { DEFAULT_BUMP_REVISION, type RestorePlanInput } from './context'

export function buildRestorePlan(input: RestorePlanInput): Plan<SshHostTarget> {
  const c = restoreContext(input)
  const { t, snapshot, stamp } = c
  const steps = [
    ...preflightSteps(c),
    ...stopSteps(c),
    ...moveAsideSteps(c),
    ...restoreSteps(c),
    ...startMemberSteps(c),
    waitHealthyStep(c),
    ...startControlPlaneSteps(c),
    ...verifySteps(c)
  ]
  const warnings = sentences([
    ...t.findings.filter((x) => x.blocksRestore).map((f) => say('restore.warn.refused', { finding: f.title })),
    ...c.warnings,
    say('restore.warn.dataLoss', { time: snapshot.createdAt ?? '—' }),
    say('restore.warn.aside', { stamp })
  ])
  const n = t.members.length
  const layout = t.layout === 'kubeadm' ? (n === 1 ? say('restore.layout.kubeadm1') : say('restore.layout.kubeadmN', { n })) : say('restore.layout.binary', { n })
  const title = say('restore.plan.title', { cluster: t.clusterName, file: snapshot.file.slice(snapshot.file.lastIndexOf('/') + 1) })
  const summary = say(snapshot.status ? 'restore.plan.summaryRevision' : 'restore.plan.summary', {
    n,
    layout,
    ...(snapshot.status ? { revision: snapshot.status.revision } : {}),
    initialCluster: c.initialCluster,
    token: c.token
  })
  const next = sentences([say('restore.next.check', { context: t.context.name }), say('restore.next.operators'), say('restore.next.backup')])
  return {
    domain: 'etcd',
    kind: 'etcd.restore',
    title: title.text,
    summary: summary.text,
    context: { file: t.context.file, name: t.context.name },
    confirmText: t.context.name,
    hosts: c.hosts,
    steps,
    warnings: warnings.texts,
    next: next.texts,
    says: { title: title.msg, summary: summary.msg, warnings: warnings.msgs, next: next.msgs },
    leftovers: t.members.map((m) => {
      const what = say('restore.leftover', { member: m.settings.name })
      return { host: m.host, path: dataDirPaths(m.hostDataDir, stamp).aside, what: what.text, says: what.msg }
    }),
    params: { stamp, snapshot: snapshot.file, sha256: snapshot.sha256, initialCluster: c.initialCluster, initialClusterToken: c.token, remoteSnapshot: c.remoteSnapshot },
    createdAt: new Date().toISOString()
  }
}
