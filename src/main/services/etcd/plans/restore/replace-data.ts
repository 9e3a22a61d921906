// Replace the data: each member's data dir is moved aside (kept, never deleted), then restored
// from the snapshot with the member's own name and peer URLs and the shared --initial-cluster.
import type { PlanStep } from '../../../../../shared/model/operations'
import { sh } from '../../../shell'
import { restoreToolFor } from '../../members'
import { dataDirPaths, moveAsideScript, restoreScript, undoMoveAsideScript, undoRestoreScript, type RestoreCommand } from '../scripts'
import { onHost } from '../../../host-components'
import type { RestoreContext } from './context'

export function moveAsideSteps(c: RestoreContext): PlanStep[] {
  return c.t.members.map((m) => {
    const p = dataDirPaths(m.hostDataDir, c.stamp)
    return {
      id: `move-aside:${m.host}`,
      title: `Move ${m.settings.name}’s data dir aside`,
      description: `Renames ${p.dir} to ${p.aside} (its contents, if the data dir is a mount point). The old data is kept there, never deleted: the rollback puts it back.`,
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [onHost(m.host, moveAsideScript(p))],
      check: { description: `${p.aside} holds the old data and ${p.dir}/member is gone`, action: onHost(m.host, sh`test -d ${p.aside} && test ! -e ${p.dir + '/member'}`) },
      undo: { description: `Put the old data back into ${p.dir}`, actions: [onHost(m.host, undoMoveAsideScript(p))] }
    }
  })
}

export function restoreSteps(c: RestoreContext): PlanStep[] {
  return c.t.members.map((m) => {
    const h = c.hostOf(m.host)
    const tool = restoreToolFor(h) ?? { path: 'etcdutl', kind: 'etcdutl' as const }
    const bumps = c.bump > 0 && tool.kind === 'etcdutl' && h.tools.etcdutl?.bumpRevision
    if (c.bump > 0 && !bumps) {
      c.warnings.push(
        `${c.label(m.host)} restores with ${tool.kind} ${tool.kind === 'etcdctl' ? (h.tools.etcdctl?.version ?? '') : (h.tools.etcdutl?.version ?? '')}, which cannot bump the revision: clients watching from a revision newer than the snapshot may miss events until they re-list (restart controllers and operators that watch).`
      )
    }
    const p = dataDirPaths(m.hostDataDir, c.stamp)
    const cmd: RestoreCommand = {
      tool,
      snapshot: c.remoteSnapshot,
      name: m.settings.name,
      initialCluster: c.initialCluster,
      initialClusterToken: c.token,
      peerUrls: m.settings.initialAdvertisePeerUrls,
      bumpRevision: bumps ? c.bump : undefined
    }
    return {
      id: `restore:${m.host}`,
      expectedMs: 3000,
      title: `Restore ${m.settings.name} from the snapshot`,
      description: `Writes a new data dir for ${m.settings.name} at ${p.dir} from the snapshot with ${tool.kind}${bumps ? ` (revision bumped by ${c.bump.toLocaleString('en')} and marked compacted, so watches in the cluster stay correct)` : ''}, with the shared --initial-cluster and token, and gives it the owner and mode of the old data dir.`,
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [onHost(m.host, restoreScript(p, cmd), 600_000)],
      check: { description: `${p.dir}/member holds a restored wal and snap`, action: onHost(m.host, sh`test -d ${p.dir + '/member/wal'} && test -d ${p.dir + '/member/snap'}`) },
      undo: { description: `Take the restored data away (kept in ${p.restored})`, actions: [onHost(m.host, undoRestoreScript(p))] }
    }
  })
}
