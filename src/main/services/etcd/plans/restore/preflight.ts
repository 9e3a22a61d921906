// Pre-flight: nothing here changes the cluster. The snapshot is checked on this machine, every
// member's configuration is read again, every host is checked for its tools and free disk, and
// the snapshot is uploaded to each member host and read there by the host's own etcd tool.
import type { PlanStep } from '../../../../../shared/model/operations'
import { script, sh } from '../../../shell'
import { snapshotTool } from '../../etcdctl'
import { restoreToolFor } from '../../members'
import { etcdSteps } from '../../steps'
import { dataDirPaths } from '../scripts'
import { onHost } from '../../../host-components'
import { say, stepWords } from '../../../../../shared/plan-messages'
import type { RestoreContext } from './context'

export function preflightSteps(c: RestoreContext): PlanStep[] {
  const { t, snapshot } = c
  const steps: PlanStep[] = [
    {
      id: 'verify-snapshot',
      ...stepWords(say('restore.verifySnapshot.title'), say('restore.verifySnapshot.description', { file: snapshot.file, sha256: snapshot.sha256 })),
      host: '',
      preflight: true,
      destructive: false,
      actions: [
        etcdSteps.verifySnapshot.action(
          { file: snapshot.file, sha256: snapshot.sha256 },
          { display: [`${sh`sha256sum ${snapshot.file}`}    # expect ${snapshot.sha256}`, `# and: size = 512·n + 32, SHA-256 of the first n·512 bytes = the last 32 bytes`] }
        )
      ]
    },
    {
      id: 'verify-configuration',
      ...stepWords(say('restore.verifyConfiguration.title'), say('restore.verifyConfiguration.description')),
      host: '',
      preflight: true,
      destructive: false,
      actions: [
        etcdSteps.verifyConfiguration.action(
          {
            members: t.members.map((m) => ({ host: m.host, name: m.settings.name, dataDir: m.hostDataDir, peerUrls: m.settings.initialAdvertisePeerUrls })),
            // Problems on hosts the plan cannot re-read (unreachable, no member found): fixed only by discovering again.
            unresolved: t.findings
              .filter((f) => f.blocksRestore && (!f.host || !t.members.some((m) => m.host === f.host) || f.code === 'host-unreachable'))
              .map((f) => `${f.title}: ${f.explanation}`)
          },
          {
            display: t.members.map((m) =>
              m.source.kind === 'static-pod'
                ? sh`ssh ${c.label(m.host)} cat ${m.source.manifest}`.text
                : sh`ssh ${c.label(m.host)} ${sh`systemctl cat ${m.source.unit}; cat ${m.source.environmentFiles}`.text}`.text
            )
          }
        )
      ]
    }
  ]

  for (const id of Object.keys(c.hosts)) {
    const h = c.hostOf(id)
    const ms = t.members.filter((m) => m.host === id)
    const lines = [sh`set -eu`, sh`echo "host $(hostname): reachable as $(id -un)"`]
    for (const m of ms) {
      const tool = restoreToolFor(h)
      lines.push(tool ? sh`${snapshotTool(tool)} version` : sh`echo "neither etcdutl nor etcdctl is installed on this host" >&2; exit 1`)
      // Room for the uploaded snapshot and the restored database beside the old one.
      const needKiB = Math.ceil((snapshot.bytes * 2.2) / 1024)
      const needMiB = Math.ceil(needKiB / 1024)
      const parent = m.hostDataDir.replace(/\/[^/]+\/?$/, '') || '/'
      const aside = dataDirPaths(m.hostDataDir, c.stamp).aside
      lines.push(
        sh`P=${parent}; A=${aside}`,
        sh`free=$(df -Pk -- "$P" | awk 'NR==2 {print $4}')`,
        sh`if [ "$free" -lt ${needKiB} ]; then echo "only $((free / 1024)) MiB free in $P; restoring" ${`${m.settings.name} needs ${needMiB} MiB`} >&2; exit 1; fi`,
        sh`echo "$P: $((free / 1024)) MiB free," ${`${needMiB} MiB needed`}`,
        sh`if [ -e "$A" ]; then echo "$A already exists" >&2; exit 1; fi`
      )
    }
    steps.push({
      id: `preflight-host:${id}`,
      ...stepWords(
        say('restore.preflightHost.title', { host: c.label(id) }),
        ms.length
          ? say('restore.preflightHost.member', { host: c.label(id), dirs: ms.map((m) => m.hostDataDir).join(', ') })
          : say('restore.preflightHost.other', { host: c.label(id) })
      ),
      host: id,
      preflight: true,
      destructive: false,
      actions: [onHost(id, script(...lines))]
    })
  }

  for (const id of c.memberHosts) {
    const tool = restoreToolFor(c.hostOf(id))
    const toolCommand = tool ? snapshotTool(tool) : sh`etcdutl`
    steps.push({
      id: `upload:${id}`,
      ...stepWords(say('restore.upload.title', { host: c.label(id) }), say('restore.upload.description', { file: c.remoteSnapshot, tool: tool?.kind ?? 'etcdutl' })),
      host: id,
      preflight: true,
      destructive: false,
      actions: [
        etcdSteps.upload.action(
          { host: id, localPath: snapshot.file, remotePath: c.remoteSnapshot, sha256: snapshot.sha256, tool },
          {
            host: id,
            display: [
              sh`ssh ${c.label(id)} ${sh`mkdir -p -m 700 ${c.remoteDir}`.text}`.text,
              `sftp put ${sh`${snapshot.file}`} ${c.label(id)}:${c.remoteSnapshot}`,
              `${sh`ssh ${c.label(id)} ${sh`sha256sum ${c.remoteSnapshot}`.text}`}    # expect ${snapshot.sha256}`,
              sh`ssh ${c.label(id)} ${sh`${toolCommand} snapshot status ${c.remoteSnapshot} -w json`.text}`.text
            ]
          }
        )
      ]
    })
  }
  return steps
}
