// A daily backup on a member host, for people who want snapshots even when no laptop is on:
// an /etc/cron.d entry that saves a snapshot into a folder and keeps the last N days, installed
// as a plan (the previous file, if any, is kept for the undo) and run once to prove it works.
import type { EtcdTopology } from '../../../../shared/model/etcd'
import { described, planWords, say, stepWords } from '../../../../shared/plan-messages'
import type { Plan } from '../../../../shared/model/operations'
import { AppError } from '../../../../shared/errors'
import { ShellValueError, cronEntry, fileLine, script, sh, type ShellCommand } from '../../shell'
import type { SshHostTarget } from '../../ssh'
import { etcdctlCommand } from '../etcdctl'
import { localEndpoint } from '../members'
import { checkHostPath, checkMemberValues, planHost } from './plan-values'
import { onHost } from '../../host-components'
import { t } from '../../../../shared/error-messages'

export interface CronPlanOptions {
  /** Member name whose host runs the cron job. */
  member: string
  /** Five cron fields (default 02:30 every day). */
  schedule?: string
  /** Folder on the host (default /var/backups/etcd). */
  dir?: string
  /** Days of snapshots to keep (default 7). */
  keepDays?: number
}

export const CRON_FILE = '/etc/cron.d/kubedeck-etcd-backup'

export function buildCronPlan(topo: EtcdTopology, opts: CronPlanOptions): Plan<SshHostTarget> {
  checkMemberValues(topo)
  const member = topo.members.find((m) => m.settings.name === opts.member)
  if (!member) throw new AppError({ code: 'etcd.member-unknown', message: t`There is no member ${opts.member} in context ${topo.context.name}.` })
  const host = topo.hosts.find((h) => h.id === member.host)!
  if (!host.tools.etcdctl) {
    throw new AppError({
      code: 'etcd.no-etcdctl',
      message: t`${host.id} has no etcdctl for a cron job to run.`,
      host: host.id,
      hint: t`Choose a member whose host has etcdctl, or install it there.`
    })
  }
  const schedule = (opts.schedule ?? '30 2 * * *').trim()
  const dir = opts.dir ?? '/var/backups/etcd'
  checkHostPath(member, 'The backup folder', dir)
  const keep = opts.keepDays ?? 7
  const save = (file: ShellCommand) =>
    etcdctlCommand(
      { etcdctl: host.tools.etcdctl!.path, endpoints: [localEndpoint(member)], ca: member.hostTls.ca, cert: member.hostTls.cert, key: member.hostTls.key },
      sh`snapshot save ${file}`
    )
  // cron runs the job with /bin/sh; `%` is escaped by cronEntry (cron reads it as a line break).
  const job = sh`mkdir -p -m 700 ${dir} && ${save(sh`${dir}/snapshot-$(date +%Y%m%d-%H%M%S).db`)} >/dev/null 2>&1 && find ${dir} -name 'snapshot-*.db' -mtime +${keep} -delete`
  let lines: string[]
  try {
    lines = [
      fileLine(`# Written by Kubedeck for context ${topo.context.name}: a snapshot of etcd member ${member.settings.name} into ${dir}, kept ${keep} days.`, 'The comment line'),
      'SHELL=/bin/sh',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/etcd/bin',
      cronEntry(schedule, 'root', job)
    ]
  } catch (e) {
    if (!(e instanceof ShellValueError)) throw e
    throw new AppError({ code: 'input.invalid', message: t`${e.message} No plan was made.`, hint: t`Give a cron schedule of five fields and names without line breaks.` })
  }
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
  const prev = `${CRON_FILE}.kubedeck-prev-${stamp}`
  const tmp = `${CRON_FILE}.kubedeck-tmp`
  const testFile = `${dir}/snapshot-kubedeck-test.db`
  return {
    domain: 'etcd',
    kind: 'etcd.backup-cron',
    ...planWords(say('cron.plan.title', { host: host.id }), say('cron.plan.summary', { file: CRON_FILE, host: host.id, schedule, member: member.settings.name, dir, keep }), [
      say('cron.warn.disk', { host: host.id })
    ]),
    context: { file: topo.context.file, name: topo.context.name },
    confirmText: topo.context.name,
    hosts: { [host.id]: planHost(host, topo.sshConfigFile) },
    params: { member: member.settings.name, schedule, dir, keepDays: keep },
    createdAt: new Date().toISOString(),
    steps: [
      {
        id: 'preflight',
        ...stepWords(say('cron.preflight.title', { host: host.id }), say('cron.preflight.description')),
        host: host.id,
        preflight: true,
        destructive: false,
        actions: [
          onHost(host.id, script(sh`test -d /etc/cron.d || { echo "/etc/cron.d does not exist: is cron installed?" >&2; exit 1; }`, sh`${host.tools.etcdctl.path} version`))
        ]
      },
      {
        id: 'install',
        ...stepWords(say('cron.install.title', { file: CRON_FILE }), say('cron.install.description', { prev })),
        host: host.id,
        preflight: false,
        destructive: true,
        actions: [
          onHost(
            host.id,
            script(
              sh`set -eu`,
              sh`if [ -e ${CRON_FILE} ] && [ ! -e ${prev} ]; then cp -p ${CRON_FILE} ${prev}; fi`,
              // Each line one argument of printf: no line of data can end a here-document or start a command.
              sh`printf '%s\\n' ${lines} > ${tmp}`,
              sh`chmod 644 ${tmp} && mv ${tmp} ${CRON_FILE}`,
              sh`cat ${CRON_FILE}`
            )
          )
        ],
        check: { ...described(say('cron.install.check', { file: CRON_FILE })), action: onHost(host.id, sh`grep -qxF -- ${lines[3]} ${CRON_FILE}`) },
        undo: { ...described(say('cron.install.undo')), actions: [onHost(host.id, sh`if [ -e ${prev} ]; then mv ${prev} ${CRON_FILE}; else rm -f ${CRON_FILE}; fi`)] }
      },
      {
        id: 'run-once',
        ...stepWords(say('cron.runOnce.title'), say('cron.runOnce.description', { dir })),
        host: host.id,
        preflight: false,
        destructive: false,
        actions: [onHost(host.id, script(sh`set -eu`, sh`mkdir -p -m 700 ${dir}`, save(sh`${testFile}`), sh`ls -la ${dir}`), 600_000)],
        check: {
          ...described(say('cron.runOnce.check')),
          action: onHost(host.id, sh`f=${testFile}; n=$(stat -c %s "$f"); [ $((n % 512)) -eq 32 ] && echo complete && rm -f "$f"`),
          stdoutMatches: '^complete$'
        }
      }
    ]
  }
}
