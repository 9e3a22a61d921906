// Replace the data: each member's data dir is moved aside (kept, never deleted), then restored
// from the snapshot with the member's own name and peer URLs and the shared --initial-cluster.
import type { PlanStep } from '../../../../../shared/model/operations'
import { sh } from '../../../shell'
import { restoreToolFor } from '../../members'
import { dataDirPaths, moveAsideScript, restoreScript, undoMoveAsideScript, undoRestoreScript, type RestoreCommand } from '../scripts'
import { onHost } from '../../../host-components'
import { described, say, stepWords } from '../../../../../shared/plan-messages'
import type { RestoreContext } from './context'

export function moveAsideSteps(c: RestoreContext): PlanStep[] {
  return c.t.members.map((m) => {
    const p = dataDirPaths(m.hostDataDir, c.stamp)
    return {
      id: `move-aside:${m.host}`,
      ...stepWords(say('restore.moveAside.title', { member: m.settings.name }), say('restore.moveAside.description', { dir: p.dir, aside: p.aside })),
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [onHost(m.host, moveAsideScript(p))],
      check: { ...described(say('restore.moveAside.check', { dir: p.dir, aside: p.aside })), action: onHost(m.host, sh`test -d ${p.aside} && test ! -e ${p.dir + '/member'}`) },
      undo: { ...described(say('restore.moveAside.undo', { dir: p.dir })), actions: [onHost(m.host, undoMoveAsideScript(p))] }
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
        say('restore.warn.noBump', {
          host: c.label(m.host),
          tool: `${tool.kind} ${tool.kind === 'etcdctl' ? (h.tools.etcdctl?.version ?? '') : (h.tools.etcdutl?.version ?? '')}`.trim()
        })
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
      expectedMs: 500,
      ...stepWords(
        say('restore.restore.title', { member: m.settings.name }),
        bumps
          ? say('restore.restore.descriptionBump', { member: m.settings.name, dir: p.dir, tool: tool.kind, bump: c.bump.toLocaleString('en') })
          : say('restore.restore.description', { member: m.settings.name, dir: p.dir, tool: tool.kind })
      ),
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [onHost(m.host, restoreScript(p, cmd), 600_000)],
      check: { ...described(say('restore.restore.check', { dir: p.dir })), action: onHost(m.host, sh`test -d ${p.dir + '/member/wal'} && test -d ${p.dir + '/member/snap'}`) },
      undo: { ...described(say('restore.restore.undo', { kept: p.restored })), actions: [onHost(m.host, undoRestoreScript(p))] }
    }
  })
}
