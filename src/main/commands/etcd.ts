// `kubedeck etcd …`: status, verified backups (cron-friendly: the snapshot path is the last line
// of stdout), restore and repair plans (`--dry-run` prints the plan; `--yes` confirms it as
// typing the context name would), and the daily backup cron entry. Same services as the app.
import { parseArgs } from 'node:util'
import { unknownWord } from './usage-error'
import { resolve } from 'node:path'
import type { EtcdHealth, EtcdTopology } from '../../shared/model/etcd'
import { AppError } from '../../shared/errors'
import { clusterKeyOf } from '../services/etcd'
import { cliServices, resolveContext, type CliServices } from './cli-services'
import { runPlan } from './plans'
import type { CliCommand, CliIO } from './types'
import { verbatim } from '../../shared/error-messages'

const usage = `Usage:
  kubedeck etcd status  --context C [-F ssh_config] [--host H…] [--json]
  kubedeck etcd backup  --context C [-F ssh_config] [--out DIR] [--member NAME] [--keep N]
  kubedeck etcd restore --context C --snapshot FILE [-F ssh_config] [--dry-run] [--yes] [--json]
  kubedeck etcd repair  wal-tmp-dir|rejoin-member --context C --member NAME [-F ssh_config] [--dry-run] [--yes]
  kubedeck etcd cron    --context C --member NAME [--schedule "30 2 * * *"] [--dir /var/backups/etcd]
                        [--keep-days 7] [-F ssh_config] [--dry-run] [--yes]
  kubedeck etcd snapshots [--context C]

Finds the cluster's etcd members over SSH (control-plane nodes from the API; kubeadm static
pods or systemd units with their EnvironmentFile), checks them, backs them up and restores them.

  status    health of every member (version, db size, leader, raft index), member list,
            alarms, and the consistency findings of the configuration
  backup    snapshot on a healthy follower, checked on the host, downloaded with its SHA-256
            checked into the catalog (or DIR); prints the snapshot's path as the last line
  restore   builds the restore plan and runs it after you type the context name (or --yes);
            --dry-run prints every step, command, check and undo and changes nothing
  repair    wal-tmp-dir: member/wal/0.tmp is a directory; rejoin-member: "member … has
            already been bootstrapped" (remove and re-add it with a clean data dir)
  cron      installs /etc/cron.d/kubedeck-etcd-backup on the member's host, runs it once

Options:
  --context C   kubeconfig context (as kubectl names it)
  -F FILE       ssh config for the hosts (like ssh -F; default: ~/.ssh/config and the
                host mapping you set in the app)
  --host H      read these hosts (SSH names; repeat the option) instead of asking the API
                which nodes run the control plane: for when the API server is down and
                Kubedeck has not discovered the cluster before (otherwise it uses the hosts
                it remembers)
  --json        machine-readable output
Interrupted operations: kubedeck operations list | resume ID | rollback ID`

const common = {
  context: { type: 'string' },
  F: { type: 'string', short: 'F' },
  json: { type: 'boolean' },
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' }
} as const

function needContext(v: { context?: string }, sub: string): string {
  if (!v.context)
    throw new AppError({
      code: 'input.invalid',
      message: verbatim(`kubedeck etcd ${sub}: --context is required.`),
      hint: verbatim('Name the kubeconfig context of the cluster, as kubectl would (kubectl config get-contexts).')
    })
  return v.context
}

export const etcdCommand: CliCommand = {
  name: 'etcd',
  summary: 'etcd health, verified backups, guided restore and repairs',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    const subs = ['status', 'backup', 'restore', 'repair', 'cron', 'snapshots']
    if (!sub || !subs.includes(sub)) return unknownWord(io, 'kubedeck etcd', 'subcommand', sub, subs, usage)
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: sub === 'repair',
      options: {
        ...common,
        out: { type: 'string' },
        member: { type: 'string' },
        keep: { type: 'string' },
        snapshot: { type: 'string' },
        schedule: { type: 'string' },
        dir: { type: 'string' },
        'keep-days': { type: 'string' },
        host: { type: 'string', multiple: true }
      }
    })
    if (sub === 'snapshots') return snapshots(io, values.context)
    const name = needContext(values, sub)
    const svc = await cliServices(io, { uses: ['etcd'], sshConfigFile: values.F })
    try {
      const context = await resolveContext(svc, name)
      io.stderr.write(`Discovering etcd of ${context.name} over SSH…\n`)
      const topology = await svc.etcd.discover(context, { hosts: values.host })
      reportUnreachable(io, topology)
      switch (sub) {
        case 'status':
          return await status(io, svc, topology, Boolean(values.json))
        case 'backup': {
          const keep = values.keep === undefined ? undefined : Number(values.keep)
          if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
            throw new AppError({ code: 'input.invalid', message: verbatim(`--keep must be a whole number of snapshots (1 or more), got "${values.keep}".`) })
          const result = await svc.etcd.backup(topology, {
            member: values.member,
            folder: values.out ? resolve(io.cwd, values.out) : undefined,
            keep,
            progress: (p) => {
              if (p.phase !== 'download' || p.bytes === undefined) io.stderr.write(`${p.phase}: ${p.message}\n`)
            }
          })
          const s = result.snapshot
          io.stderr.write(
            `Snapshot of ${s.member} (${s.host}): revision ${s.status.revision}, ${s.status.totalKey} keys, ${s.bytes} bytes, sha256 ${s.sha256}, in ${(result.timings.totalMs / 1000).toFixed(1)} s\n`
          )
          for (const p of result.pruned) io.stderr.write(`removed (keep-last-${keep ?? 'N'}): ${p}\n`)
          io.stdout.write(s.file + '\n')
          return 0
        }
        case 'restore': {
          if (!values.snapshot)
            throw new AppError({
              code: 'input.invalid',
              message: verbatim('kubedeck etcd restore: --snapshot FILE is required.'),
              hint: verbatim('A snapshot from `kubedeck etcd backup` (or `kubedeck etcd snapshots`).')
            })
          const op = await svc.etcd.planRestore(topology, { file: resolve(io.cwd, values.snapshot) })
          return await runPlan(io, svc.operations, op, values)
        }
        case 'repair': {
          const kind = positionals[0]
          if (kind !== 'wal-tmp-dir' && kind !== 'rejoin-member') {
            io.stderr.write(`kubedeck etcd repair: name the repair: wal-tmp-dir or rejoin-member\n\n${usage}\n`)
            return 2
          }
          if (!values.member)
            throw new AppError({
              code: 'input.invalid',
              message: verbatim('kubedeck etcd repair: --member NAME is required.'),
              hint: verbatim(`Members: ${topology.members.map((m) => m.settings.name).join(', ')}.`)
            })
          return await runPlan(io, svc.operations, await svc.etcd.planRepair(topology, kind, values.member), values)
        }
        case 'cron': {
          if (!values.member)
            throw new AppError({
              code: 'input.invalid',
              message: verbatim('kubedeck etcd cron: --member NAME is required.'),
              hint: verbatim(`Members: ${topology.members.map((m) => m.settings.name).join(', ')}.`)
            })
          const op = await svc.etcd.planCron(topology, {
            member: values.member,
            schedule: values.schedule,
            dir: values.dir,
            keepDays: values['keep-days'] === undefined ? undefined : Number(values['keep-days'])
          })
          return await runPlan(io, svc.operations, op, values)
        }
      }
      return 2
    } finally {
      await svc.close()
    }
  }
}

function reportUnreachable(io: CliIO, t: EtcdTopology): void {
  for (const h of t.hosts)
    if (!h.reachable) io.stderr.write(`warning: ${h.id} is unreachable over SSH: ${h.error?.message ?? 'unknown error'}${h.error?.hint ? `\n  ${h.error.hint}` : ''}\n`)
  for (const n of t.notes) io.stderr.write(`note: ${n}\n`)
}

async function status(io: CliIO, svc: CliServices, t: EtcdTopology, json: boolean): Promise<number> {
  let health: EtcdHealth | undefined
  let healthError: unknown
  try {
    health = await svc.etcd.health(t)
  } catch (e) {
    healthError = e
  }
  if (json) {
    io.stdout.write(JSON.stringify({ topology: t, health: health ?? null, error: healthError ? (healthError as Error).message : undefined }, null, 2) + '\n')
    return health?.ok ? 0 : 1
  }
  const out: string[] = [`${t.clusterName} (${t.server}) · ${t.layout} · ${t.members.length} member${t.members.length === 1 ? '' : 's'}`, '']
  out.push('MEMBER'.padEnd(16) + 'HOST'.padEnd(16) + 'ENDPOINT'.padEnd(30) + 'HEALTH'.padEnd(11) + 'VERSION'.padEnd(9) + 'DB SIZE'.padEnd(11) + 'RAFT INDEX'.padEnd(12) + 'ROLE')
  for (const m of t.members) {
    const e = health?.endpoints.find((x) => x.member === m.settings.name)
    out.push(
      m.settings.name.padEnd(16) +
        m.host.padEnd(16) +
        (e?.endpoint ?? m.settings.advertiseClientUrls[0] ?? '').padEnd(30) +
        (e ? (e.healthy ? 'healthy' : 'UNHEALTHY') : '?').padEnd(11) +
        (e?.version ?? '').padEnd(9) +
        (e?.dbSize !== undefined ? `${(e.dbSize / 1048576).toFixed(1)} MiB` : '').padEnd(11) +
        String(e?.raftIndex ?? '').padEnd(12) +
        (e?.isLeader ? 'leader' : e?.healthy ? 'follower' : '')
    )
  }
  if (health) {
    out.push('', `member list (cluster ${health.clusterId ?? '?'}, via ${health.via.kind === 'host' ? `${health.via.tool} on ${health.via.host}` : `pod ${health.via.pod}`}):`)
    for (const m of health.members)
      out.push(`  ${m.id}  ${m.name || '(unstarted)'}  peer ${m.peerUrls.join(',')}  client ${m.clientUrls.join(',')}${m.isLearner ? '  learner' : ''}`)
    out.push(`alarms: ${health.alarms.length ? health.alarms.map((a) => `${a.alarm} on ${a.member ?? a.memberId}`).join(', ') : 'none'}`)
    for (const p of health.problems) out.push(`problem: ${p}`)
  } else {
    out.push('', `health: unavailable: ${(healthError as Error).message}`)
  }
  out.push('', t.findings.length ? 'findings:' : 'findings: none (names, URLs, data dirs, --etcd-servers and clocks agree)')
  for (const f of t.findings) {
    out.push(`  [${f.severity}${f.blocksRestore ? ', blocks restore' : ''}] ${f.title}`)
    out.push(`    ${f.explanation}`)
  }
  io.stdout.write(out.join('\n') + '\n')
  return health?.ok ? 0 : 1
}

async function snapshots(io: CliIO, contextName?: string): Promise<number> {
  const svc = await cliServices(io, { uses: ['etcd'] })
  try {
    let clusterKey: string | undefined
    if (contextName) {
      const ref = await resolveContext(svc, contextName)
      const kc = await svc.kubeconfig.clientFor(ref)
      const c = kc.getCurrentCluster()
      clusterKey = c ? clusterKeyOf(c.name, c.server) : undefined
    }
    const list = await svc.etcd.listSnapshots(clusterKey)
    for (const s of list) {
      io.stdout.write(
        `${s.createdAt}  ${s.clusterName.padEnd(14)} ${s.member.padEnd(12)} rev ${String(s.status.revision).padEnd(10)} ${String(s.bytes).padStart(12)} B  ${s.sha256.slice(0, 12)}  ${s.file}\n`
      )
    }
    if (list.length === 0) io.stderr.write('No snapshots in the catalog.\n')
    return 0
  } finally {
    await svc.close()
  }
}
