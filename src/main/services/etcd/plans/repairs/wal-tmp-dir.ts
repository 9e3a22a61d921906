// `open …/member/wal/0.tmp: is a directory`: etcd cannot preallocate its next WAL file; the
// notes delete 0.tmp. Kubedeck moves it aside (kept) with the member stopped, then starts it.
import type { Plan } from '../../../../../shared/model/operations'
import { script, sh } from '../../../shell'
import type { SshHostTarget } from '../../../ssh'
import { onHost } from '../../../host-components'
import type { RepairContext } from './context'

export function walTmpDirPlan(c: RepairContext): Plan<SshHostTarget> {
  const { member, stamp, hosts, label, base, hostOf, peer } = c
  const wal = `${member.hostDataDir.replace(/\/+$/, '')}/member/wal`
  const aside = `${member.hostDataDir.replace(/\/+$/, '')}.kubedeck-wal-0.tmp-${stamp}`
  const via = hostOf(member.host).tools.etcdctl ? member : (peer ?? member)
  return {
    ...base,
    kind: 'etcd.repair-wal-tmp',
    title: `Repair ${member.settings.name}: WAL 0.tmp is a directory`,
    summary: `etcd fails with "open ${wal}/0.tmp: is a directory": the file it preallocates for its next WAL segment is in the way as a folder. The member is stopped, ${wal}/0.tmp is moved aside to ${aside} (kept, not deleted), and the member is started again.`,
    hosts,
    warnings: [`${aside} stays on ${label}; remove it once the member is healthy.`],
    leftovers: [{ host: member.host, path: aside, what: 'the 0.tmp folder that stopped the member' }],
    params: { member: member.settings.name, wal, aside },
    steps: [
      {
        id: 'inspect',
        title: `Look at ${wal}`,
        description: `Checks that ${wal}/0.tmp is a directory (otherwise there is nothing to repair here).`,
        host: member.host,
        preflight: true,
        destructive: false,
        actions: [
          onHost(
            member.host,
            script(sh`ls -la ${wal}`, sh`if [ ! -d ${wal + '/0.tmp'} ]; then echo ${`${wal}/0.tmp is not a directory: this repair does not apply`} >&2; exit 1; fi`)
          )
        ]
      },
      c.stopStep(),
      {
        id: `move-0tmp:${member.host}`,
        title: 'Move 0.tmp aside',
        description: `Moves the ${wal}/0.tmp directory to ${aside}; etcd recreates 0.tmp as the file it should be.`,
        host: member.host,
        preflight: false,
        destructive: true,
        actions: [onHost(member.host, script(sh`set -eu`, sh`if [ -d ${wal + '/0.tmp'} ]; then mv ${wal + '/0.tmp'} ${aside}; fi`, sh`test ! -d ${wal + '/0.tmp'}`))],
        check: { description: `${wal}/0.tmp is no longer a directory`, action: onHost(member.host, sh`test ! -d ${wal + '/0.tmp'} && test -d ${aside}`) },
        undo: {
          description: 'Put the 0.tmp directory back',
          actions: [onHost(member.host, sh`if [ -d ${aside} ] && [ ! -e ${wal + '/0.tmp'} ]; then mv ${aside} ${wal + '/0.tmp'}; fi`)]
        }
      },
      c.startStep(),
      c.waitStep(via)
    ]
  }
}
