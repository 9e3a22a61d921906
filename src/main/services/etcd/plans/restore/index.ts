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
  const warnings = c.warnings
  for (const f of t.findings.filter((x) => x.blocksRestore)) warnings.unshift(`Pre-flight will refuse this plan: ${f.title}.`)
  const layout =
    t.layout === 'kubeadm'
      ? `kubeadm, ${t.members.length === 1 ? 'single control plane' : `${t.members.length} stacked members`}`
      : `binary (systemd), ${t.members.length} member${t.members.length > 1 ? 's' : ''}`
  warnings.push(
    `Everything written to the cluster after the snapshot (${snapshot.createdAt ?? 'its time'}) is lost; the API is down from the first stop until /readyz answers.`,
    `The old data dirs stay on the hosts as *.kubedeck-aside-${stamp}; once the cluster is verified, the outcome offers a plan that removes them.`
  )
  return {
    domain: 'etcd',
    kind: 'etcd.restore',
    title: `Restore etcd of ${t.clusterName} from ${snapshot.file.slice(snapshot.file.lastIndexOf('/') + 1)}`,
    summary: `Restores ${t.members.length} member${t.members.length > 1 ? 's' : ''} (${layout}) from the snapshot${snapshot.status ? ` at revision ${snapshot.status.revision}` : ''}, with --initial-cluster ${c.initialCluster} and token ${c.token}.`,
    context: { file: t.context.file, name: t.context.name },
    confirmText: t.context.name,
    hosts: c.hosts,
    steps,
    warnings,
    next: [
      `Check what runs: kubectl --context ${t.context.name} get nodes, and get pods -A (workloads created after the snapshot are gone; controllers recreate the rest).`,
      'Restart operators and controllers that keep their own watch caches if they act on stale objects.',
      'Take a new backup of the restored cluster.'
    ],
    leftovers: t.members.map((m) => ({ host: m.host, path: dataDirPaths(m.hostDataDir, stamp).aside, what: `${m.settings.name}’s data before the restore` })),
    params: { stamp, snapshot: snapshot.file, sha256: snapshot.sha256, initialCluster: c.initialCluster, initialClusterToken: c.token, remoteSnapshot: c.remoteSnapshot },
    createdAt: new Date().toISOString()
  }
}
