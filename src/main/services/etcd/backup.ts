// A verified backup: `snapshot save` on one member (by default a healthy follower, so the
// leader keeps its disk for the cluster), then — at the same time — `snapshot status` and etcd's
// own checksum on the host while SFTP brings the file home (sha256 checked end to end), into the
// local catalog; the remote copy is removed whatever happens.
import { randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { BackupResult, EtcdHealth, EtcdHost, EtcdMember, EtcdTopology, SnapshotEntry } from '../../../shared/model/etcd'
import { AppError } from '../../../shared/errors'
import { script, sh, type ShellCommand } from '../shell'
import type { HostSession } from '../ssh'
import type { SnapshotCatalog } from './catalog'
import { parseSnapshotStatus } from './etcdctl'
import { lastErrorLine, type EtcdctlRunner } from './health'
import { localEndpoint } from './members'
import { t } from '../../../shared/error-messages'

export type BackupPhase = 'choose' | 'save' | 'verify' | 'download' | 'catalog' | 'cleanup' | 'done'

export interface BackupProgress {
  phase: BackupPhase
  message: string
  bytes?: number
  total?: number
}

export interface BackupInput {
  topology: EtcdTopology
  /** Member name; default: a healthy follower (from `health`), else the first member. */
  member?: string
  health?: EtcdHealth
  catalog: SnapshotCatalog
  /** Save into this folder instead of the catalog's (cron: --out DIR). */
  folder?: string
  /** Keep-last-N of the folder after this backup (0 or undefined: keep all). */
  keep?: number
  session(hostId: string): Promise<HostSession>
  /** etcdctl on the member's host (over the session), or in its static pod when the host has none. */
  runnerFor(member: EtcdMember, session: HostSession): EtcdctlRunner
  progress?(p: BackupProgress): void
  signal?: AbortSignal
}

/** A healthy follower (the leader's disk is busiest), in topology order; the leader if it is the only healthy one. */
export function chooseBackupMember(topo: EtcdTopology, health?: EtcdHealth): EtcdMember {
  if (topo.members.length === 0) {
    throw new AppError({ code: 'etcd.no-members', message: t`No etcd member was found for context ${topo.context.name}: there is nothing to back up.` })
  }
  if (!health) return topo.members[0]
  const healthy = topo.members.filter((m) => health.endpoints.some((e) => e.member === m.settings.name && e.healthy))
  return healthy.find((m) => m.settings.name !== health.leader) ?? healthy[0] ?? topo.members[0]
}

export async function takeBackup(input: BackupInput): Promise<BackupResult> {
  const started = Date.now()
  const { topology: topo, catalog } = input
  const report = (p: BackupProgress) => input.progress?.(p)
  const member = input.member ? topo.members.find((m) => m.settings.name === input.member) : chooseBackupMember(topo, input.health)
  if (!member) {
    throw new AppError({
      code: 'etcd.member-unknown',
      message: t`There is no member ${input.member} in context ${topo.context.name} (members: ${topo.members.map((m) => m.settings.name).join(', ')}).`
    })
  }
  const host = topo.hosts.find((h) => h.id === member.host) as EtcdHost
  report({ phase: 'choose', message: `Backing up from ${member.settings.name} on ${host.id}${input.health?.leader === member.settings.name ? ' (the leader)' : ''}.` })
  const session = await input.session(member.host)
  const runner = input.runnerFor(member, session)
  const stamp = new Date()
  const token = `${stamp.toISOString().replace(/[-:]/g, '').replace(/\..*/, '')}-${randomBytes(3).toString('hex')}`
  // In the pod, only the data dir is a hostPath the host can read back: the snapshot goes there.
  const inPod = runner.describe.kind === 'pod'
  const remoteDir = inPod ? member.hostDataDir : `/var/tmp/kubedeck-backup-${token}`
  const remoteFile = `${remoteDir}/kubedeck-snapshot-${token}.db`
  const runnerFile = inPod ? `${member.settings.dataDir}/kubedeck-snapshot-${token}.db` : remoteFile
  const sudo = !host.root
  const run = (command: ShellCommand, purpose: string, timeoutMs = 120_000) =>
    session.run(command, { sudo, timeoutMs, signal: input.signal, audit: { context: topo.context.name, purpose: `etcd backup: ${purpose}` } })

  const timings = { saveMs: 0, verifyMs: 0, downloadMs: 0, totalMs: 0 }
  try {
    if (!inPod) {
      const mk = await run(sh`mkdir -m 700 -- ${remoteDir}`, 'temp folder')
      if (mk.exitCode !== 0) throw remoteError(host.id, `mkdir -m 700 ${remoteDir}`, mk.stderr)
    }
    report({ phase: 'save', message: `${runner.commandLine([`--endpoints=${localEndpoint(member)}`, 'snapshot', 'save', runnerFile])}` })
    const t0 = Date.now()
    const saved = await runner.run([`--endpoints=${localEndpoint(member)}`, '--dial-timeout=5s', 'snapshot', 'save', runnerFile], {
      timeoutMs: 30 * 60_000,
      signal: input.signal
    })
    if (saved.exitCode !== 0) throw remoteError(host.id, runner.commandLine(['snapshot', 'save', runnerFile]), saved.stderr || saved.stdout)
    const serverVersion = /Server version (\S+)/.exec(saved.stdout + saved.stderr)?.[1]
    timings.saveMs = Date.now() - t0

    const local = catalog.newSnapshotPath(topo.clusterKey, member.settings.name, stamp, input.folder)
    await mkdir(dirname(local), { recursive: true, mode: 0o700 })
    report({ phase: 'download', message: `Downloading to ${local} while the host checks the snapshot.` })
    const t1 = Date.now()
    const statusTool: 'etcdutl' | 'etcdctl' = runner.tools.etcdutl ? 'etcdutl' : 'etcdctl'
    const verify = (async () => {
      const v0 = Date.now()
      const [status, trailer] = await Promise.all([
        runner.run(['snapshot', 'status', runnerFile, '-w', 'json'], { tool: statusTool, timeoutMs: 10 * 60_000, signal: input.signal }),
        run(trailerCheckScript(remoteFile), 'checksum', 10 * 60_000)
      ])
      if (status.exitCode !== 0) throw remoteError(host.id, runner.commandLine(['snapshot', 'status', runnerFile, '-w', 'json'], statusTool), status.stderr || status.stdout)
      if (trailer.exitCode !== 0 || trailer.stdout.trim() !== 'ok') {
        throw new AppError({
          code: 'etcd.snapshot-corrupt',
          message: t`The snapshot etcd wrote on ${host.id} does not match its own checksum (${lastErrorLine(trailer.stdout + trailer.stderr)}).`,
          host: host.id,
          hint: t`The member’s disk may be failing or full; take the backup from another member.`
        })
      }
      timings.verifyMs = Date.now() - v0
      return parseSnapshotStatus(status.stdout)
    })()
    const download = session.download(remoteFile, local, {
      signal: input.signal,
      onProgress: (got, total) => report({ phase: 'download', message: `Downloading to ${local}`, bytes: got, total })
    })
    const [status, transfer] = await Promise.all([verify, download.then((r) => ((timings.downloadMs = Date.now() - t1), r))])
    report({ phase: 'verify', message: `Revision ${status.revision}, ${status.totalKey} keys, hash ${status.hash}; SHA-256 ${transfer.sha256} on both ends.` })

    const entry: SnapshotEntry = {
      id: `${topo.clusterKey}:${local.slice(local.lastIndexOf('/') + 1).replace(/\.db$/, '')}`,
      file: local,
      clusterKey: topo.clusterKey,
      clusterName: topo.clusterName,
      server: topo.server,
      context: topo.context.name,
      member: member.settings.name,
      host: host.id,
      createdAt: stamp.toISOString(),
      // etcdctl 3.6 prints the storage version as "Server version" (3.6.0): the member's own version is more useful.
      etcdVersion: input.health?.endpoints.find((e) => e.member === member.settings.name)?.version ?? member.version ?? serverVersion ?? '',
      tool: runner.describe.kind === 'pod' ? `etcdctl in pod ${runner.describe.pod}` : runner.describe.tool,
      sha256: transfer.sha256,
      bytes: transfer.bytes,
      status,
      verified: { at: new Date().toISOString(), ok: true }
    }
    report({ phase: 'catalog', message: `Saved ${local}.` })
    await catalog.add(entry)
    const pruned = input.keep ? await catalog.prune(topo.clusterKey, input.keep, input.folder) : []
    timings.totalMs = Date.now() - started
    report({ phase: 'done', message: local })
    return { snapshot: entry, pruned, timings }
  } finally {
    report({ phase: 'cleanup', message: `Removing ${remoteFile} from ${host.id}.` })
    await run(inPod ? sh`rm -f -- ${remoteFile}` : sh`rm -f -- ${remoteFile} ${remoteFile + '.part'}; rmdir -- ${remoteDir}`, 'cleanup', 30_000).catch(() => undefined)
  }
}

/** On the host: size is 512·n + 32 and the last 32 bytes are the SHA-256 of the rest (what etcd appends). */
export function trailerCheckScript(file: string): ShellCommand {
  return script(
    sh`F=${file}`,
    sh`n=$(stat -c %s -- "$F")`,
    sh`if [ $((n % 512)) -ne 32 ]; then echo "size $n is not 512*k+32"; exit 1; fi`,
    sh`body=$(head -c $((n - 32)) -- "$F" | sha256sum | cut -c1-64)`,
    sh`tail=$(tail -c 32 -- "$F" | od -An -v -tx1 | tr -d ' \\n')`,
    sh`if [ "$body" = "$tail" ]; then echo ok; else echo "checksum $tail does not match the data ($body)"; exit 1; fi`
  )
}

function remoteError(host: string, command: string, stderr: string): AppError {
  return new AppError({
    code: 'etcd.backup-failed',
    message: t`The backup failed on ${host}: ${lastErrorLine(stderr)}`,
    host,
    command,
    hint: t`Run the command on the host to see the full output; check the member is healthy and its TLS files are readable.`
  })
}
