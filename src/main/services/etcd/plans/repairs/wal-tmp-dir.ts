// `open …/member/wal/0.tmp: is a directory`: etcd cannot preallocate its next WAL file; the
// notes delete 0.tmp. Kubedeck moves it aside (kept) with the member stopped, then starts it.
import type { Plan } from '../../../../../shared/model/operations'
import { described, leftover, planWords, say, stepWords } from '../../../../../shared/plan-messages'
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
    ...planWords(say('walTmp.plan.title', { member: member.settings.name }), say('walTmp.plan.summary', { error: `open ${wal}/0.tmp: is a directory`, wal, aside }), [
      say('walTmp.warn.aside', { aside, host: label })
    ]),
    hosts,
    leftovers: [leftover(member.host, aside, say('walTmp.leftover'))],
    params: { member: member.settings.name, wal, aside },
    steps: [
      {
        id: 'inspect',
        ...stepWords(say('walTmp.inspect.title', { wal }), say('walTmp.inspect.description', { wal })),
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
        ...stepWords(say('walTmp.move.title'), say('walTmp.move.description', { wal, aside })),
        host: member.host,
        preflight: false,
        destructive: true,
        actions: [onHost(member.host, script(sh`set -eu`, sh`if [ -d ${wal + '/0.tmp'} ]; then mv ${wal + '/0.tmp'} ${aside}; fi`, sh`test ! -d ${wal + '/0.tmp'}`))],
        check: { ...described(say('walTmp.move.check', { wal })), action: onHost(member.host, sh`test ! -d ${wal + '/0.tmp'} && test -d ${aside}`) },
        undo: {
          ...described(say('walTmp.move.undo')),
          actions: [onHost(member.host, sh`if [ -d ${aside} ] && [ ! -e ${wal + '/0.tmp'} ]; then mv ${aside} ${wal + '/0.tmp'}; fi`)]
        }
      },
      c.startStep(),
      c.waitStep(via)
    ]
  }
}
