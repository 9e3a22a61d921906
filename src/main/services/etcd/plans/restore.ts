// The restore plan, following the etcd and kubeadm procedures: pre-flight (snapshot checked by
// its checksums and `snapshot status` on every member host, tools, free disk, names and URLs
// consistent); stop every apiserver (and the controllers that would act on a half-restored
// store); stop every member; move each data dir aside (kept, never deleted); restore on each
// member with its own --name and peer URLs and the shared --initial-cluster and token; start the
// members; wait for health and the expected member list; start the apiservers and controllers;
// verify /readyz. One builder covers kubeadm (1 or 3 stacked members) and binary installs.
import type { EtcdHost, EtcdMember, EtcdTopology, SnapshotEntry } from '../../../../shared/model/etcd'
import type { Plan, PlanHost, PlanStep } from '../../../../shared/model/operations'
import { AppError } from '../../../../shared/errors'
import { etcdctlCommand, q } from '../etcdctl'
import { formatInitialCluster, urlHostPort } from '../discovery/flags'
import {
  dataDirPaths,
  moveAsideScript,
  restoreScript,
  runningCheck,
  sh,
  startScript,
  stopScript,
  stoppedCheck,
  undoMoveAsideScript,
  undoRestoreScript,
  type RestoreCommand
} from './scripts'

/** etcd's guidance: bump past any revision a client could have seen since the snapshot. */
export const DEFAULT_BUMP_REVISION = 1_000_000_000

export interface RestorePlanInput {
  topology: EtcdTopology
  snapshot: Pick<SnapshotEntry, 'file' | 'sha256' | 'bytes'> & Partial<Pick<SnapshotEntry, 'status' | 'createdAt' | 'member'>>
  /** Timestamp used in every path the plan creates (aside folders), e.g. 20250102-030405. */
  stamp: string
  /** Overrides the token (default: the members' configured --initial-cluster-token). */
  initialClusterToken?: string
  /** 0 turns revision bumping off. */
  bumpRevision?: number
}

export const planHost = (h: EtcdHost, sshConfigFile?: string): PlanHost => ({
  label: h.nodeName && h.nodeName !== h.id ? `${h.id} (${h.nodeName})` : h.id,
  target: { ssh: h.ssh, ...(sshConfigFile ? { configFile: sshConfigFile } : {}) },
  root: h.root
})

export function restoreToolFor(host: EtcdHost): RestoreCommand['tool'] | null {
  if (host.tools.etcdutl) return { path: host.tools.etcdutl.path, kind: 'etcdutl' }
  if (host.tools.etcdctl) return { path: host.tools.etcdctl.path, kind: 'etcdctl' }
  return null
}

export const clientPorts = (m: EtcdMember) => [...new Set(m.settings.listenClientUrls.map((u) => Number(urlHostPort(u)?.port)).filter(Boolean))]

/** The endpoint etcdctl on the member's own host should use: loopback when it listens there. */
export function localEndpoint(m: EtcdMember): string {
  const loop = m.settings.listenClientUrls.find((u) => ['127.0.0.1', 'localhost', '::1'].includes(urlHostPort(u)?.host ?? ''))
  if (loop) return loop.replace('localhost', '127.0.0.1')
  const wildcard = m.settings.listenClientUrls.find((u) => ['0.0.0.0', '::'].includes(urlHostPort(u)?.host ?? ''))
  if (wildcard) return wildcard.replace(/\/\/(0\.0\.0\.0|\[::\])/, '//127.0.0.1')
  return m.settings.advertiseClientUrls[0] ?? m.settings.listenClientUrls[0]
}

/** The shared --initial-cluster: every member's own name with its own advertised peer URLs. */
export const restoreInitialCluster = (members: EtcdMember[]) =>
  formatInitialCluster(members.flatMap((m) => m.settings.initialAdvertisePeerUrls.map((url) => ({ name: m.settings.name, url }))))

export function buildRestorePlan(input: RestorePlanInput): Plan {
  const { topology: t, snapshot, stamp } = input
  if (t.members.length === 0) {
    throw new AppError({
      code: 'etcd.no-members',
      message: `No etcd member was found for context ${t.context.name}: there is nothing to restore.`,
      hint: 'Check the host mapping (each control-plane node must be reachable over SSH), then discover again.'
    })
  }
  const hostOf = (id: string) => t.hosts.find((h) => h.id === id)
  const hosts: Record<string, PlanHost> = {}
  for (const id of new Set([...t.members.map((m) => m.host), ...t.apiservers.map((a) => a.host), ...t.components.map((c) => c.host)])) {
    const h = hostOf(id)
    if (!h) throw new AppError({ code: 'etcd.topology', message: `The topology names host ${id} but does not describe it.` })
    hosts[id] = planHost(h, t.sshConfigFile)
  }
  const token = input.initialClusterToken ?? t.members[0].settings.initialClusterToken
  const initialCluster = restoreInitialCluster(t.members)
  const remoteDir = `/var/tmp/kubedeck-restore-${stamp}`
  const remoteSnapshot = `${remoteDir}/snapshot.db`
  const bump = input.bumpRevision ?? DEFAULT_BUMP_REVISION
  const steps: PlanStep[] = []
  const warnings: string[] = []
  const label = (id: string) => hosts[id]?.label ?? id

  // ---- pre-flight: nothing here changes the cluster ----
  steps.push({
    id: 'verify-snapshot',
    title: 'Verify the snapshot file',
    description: `Checks ${snapshot.file} on this machine: its SHA-256 must be ${snapshot.sha256} (recorded when it was taken), and the checksum etcd appends to every snapshot must match the data (a truncated or damaged file fails here).`,
    host: '',
    preflight: true,
    destructive: false,
    actions: [
      {
        kind: 'builtin',
        name: 'etcd.verifySnapshot',
        args: { file: snapshot.file, sha256: snapshot.sha256 },
        display: [`sha256sum ${q(snapshot.file)}    # expect ${snapshot.sha256}`, `# and: size = 512·n + 32, SHA-256 of the first n·512 bytes = the last 32 bytes`]
      }
    ]
  })

  steps.push({
    id: 'verify-configuration',
    title: 'Re-read every member’s configuration',
    description:
      'Reads each member’s manifest or unit again and checks that the names, peer URLs and data dirs are still the ones this plan was built from, and that they agree with each other (every member’s name is in --initial-cluster with its own peer URL). A member whose name disagrees with --initial-cluster is refused here, before anything changes.',
    host: '',
    preflight: true,
    destructive: false,
    actions: [
      {
        kind: 'builtin',
        name: 'etcd.verifyConfiguration',
        args: {
          members: t.members.map((m) => ({ host: m.host, name: m.settings.name, dataDir: m.hostDataDir, peerUrls: m.settings.initialAdvertisePeerUrls })),
          // Problems on hosts the plan cannot re-read (unreachable, no member found): fixed only by discovering again.
          unresolved: t.findings
            .filter((f) => f.blocksRestore && (!f.host || !t.members.some((m) => m.host === f.host) || f.code === 'host-unreachable'))
            .map((f) => `${f.title}: ${f.explanation}`)
        },
        display: t.members.map((m) =>
          m.source.kind === 'static-pod'
            ? `ssh ${label(m.host)} cat ${q(m.source.manifest)}`
            : `ssh ${label(m.host)} 'systemctl cat ${m.source.unit}; cat ${m.source.environmentFiles.map(q).join(' ')}'`
        )
      }
    ]
  })

  const memberHosts = [...new Set(t.members.map((m) => m.host))]
  for (const id of Object.keys(hosts)) {
    const h = hostOf(id)!
    const ms = t.members.filter((m) => m.host === id)
    const lines = ['set -eu', `echo "host $(hostname): reachable as $(id -un)"`]
    for (const m of ms) {
      const tool = restoreToolFor(h)
      if (tool) lines.push(`${tool.kind === 'etcdctl' ? 'ETCDCTL_API=3 ' : ''}${q(tool.path)} version`)
      else lines.push(`echo "neither etcdutl nor etcdctl is installed on this host" >&2; exit 1`)
      // Room for the uploaded snapshot and the restored database beside the old one.
      const need = Math.ceil((snapshot.bytes * 2.2) / 1024)
      const parent = m.hostDataDir.replace(/\/[^/]+\/?$/, '') || '/'
      lines.push(
        `free=$(df -Pk ${q(parent)} | awk 'NR==2 {print $4}')`,
        `if [ "$free" -lt ${need} ]; then echo "only $((free / 1024)) MiB free in ${parent}; restoring ${m.settings.name} needs ${Math.ceil(need / 1024)} MiB" >&2; exit 1; fi`,
        `echo "${parent}: $((free / 1024)) MiB free, ${Math.ceil(need / 1024)} MiB needed"`,
        `if [ -e ${q(dataDirPaths(m.hostDataDir, stamp).aside)} ]; then echo "${dataDirPaths(m.hostDataDir, stamp).aside} already exists" >&2; exit 1; fi`
      )
    }
    steps.push({
      id: `preflight-host:${id}`,
      title: `Check ${label(id)}`,
      description: ms.length
        ? `Connects to ${label(id)}, checks the restore tool and that the disk holding ${ms.map((m) => m.hostDataDir).join(', ')} has room for the snapshot and the restored data.`
        : `Connects to ${label(id)} (it runs control-plane components the restore stops and starts).`,
      host: id,
      preflight: true,
      destructive: false,
      actions: [sh(id, lines.join('\n'))]
    })
  }

  for (const id of memberHosts) {
    const h = hostOf(id)!
    const tool = restoreToolFor(h)
    steps.push({
      id: `upload:${id}`,
      title: `Upload the snapshot to ${label(id)}`,
      description: `Copies the snapshot to ${remoteSnapshot} over SFTP, checks its SHA-256 on the host, and reads it with ${tool?.kind ?? 'the host’s etcd tool'} snapshot status (the host’s own etcd must be able to read it).`,
      host: id,
      preflight: true,
      destructive: false,
      actions: [
        {
          kind: 'builtin',
          name: 'etcd.upload',
          host: id,
          args: { host: id, localPath: snapshot.file, remotePath: remoteSnapshot, sha256: snapshot.sha256, tool },
          display: [
            `ssh ${label(id)} 'mkdir -p -m 700 ${remoteDir}'`,
            `sftp put ${q(snapshot.file)} ${label(id)}:${remoteSnapshot}`,
            `ssh ${label(id)} 'sha256sum ${remoteSnapshot}'    # expect ${snapshot.sha256}`,
            `ssh ${label(id)} '${tool?.kind === 'etcdctl' ? 'ETCDCTL_API=3 ' : ''}${tool?.path ?? 'etcdutl'} snapshot status ${remoteSnapshot} -w json'`
          ]
        }
      ]
    })
  }

  // ---- stop the control plane ----
  for (const a of t.apiservers) {
    steps.push({
      id: `stop-apiserver:${a.host}`,
      title: `Stop kube-apiserver on ${label(a.host)}`,
      description:
        a.source.kind === 'static-pod'
          ? `Moves ${a.source.manifest} out of the manifests folder so kubelet stops the API server; no API server may write to etcd during the restore.`
          : `Stops the ${a.source.unit} unit; no API server may write to etcd during the restore.`,
      host: a.host,
      preflight: false,
      destructive: true,
      actions: [sh(a.host, stopScript(a.source, stamp))],
      check: stoppedCheck(a.host, hostOf(a.host), 'kube-apiserver', [a.securePort], 'kube-apiserver'),
      undo: {
        description: 'Start the API server again',
        actions: [sh(a.host, startScript(a.source, stamp))]
      }
    })
  }
  for (const c of t.components) {
    steps.push({
      id: `stop-${c.component}:${c.host}`,
      title: `Stop ${c.component} on ${label(c.host)}`,
      description: `Stops ${c.component} until the restored API server is back, so it starts afresh from the restored state (the Kubernetes etcd guide asks for this restart) and acts on nothing in between.`,
      host: c.host,
      preflight: false,
      destructive: true,
      actions: [sh(c.host, stopScript(c.source, stamp))],
      check: stoppedCheck(c.host, hostOf(c.host), c.component, [c.securePort], c.component),
      undo: { description: `Start ${c.component} again`, actions: [sh(c.host, startScript(c.source, stamp))] }
    })
  }
  for (const m of t.members) {
    steps.push({
      id: `stop-etcd:${m.host}`,
      title: `Stop etcd member ${m.settings.name} on ${label(m.host)}`,
      description:
        m.source.kind === 'static-pod'
          ? `Moves ${m.source.manifest} out of the manifests folder so kubelet stops the member.`
          : `Stops the ${m.source.unit} unit.`,
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [sh(m.host, stopScript(m.source, stamp))],
      check: stoppedCheck(m.host, hostOf(m.host), `etcd member ${m.settings.name}`, clientPorts(m), 'etcd'),
      undo: { description: `Start member ${m.settings.name} again`, actions: [sh(m.host, startScript(m.source, stamp))] }
    })
  }

  // ---- replace the data ----
  for (const m of t.members) {
    const p = dataDirPaths(m.hostDataDir, stamp)
    steps.push({
      id: `move-aside:${m.host}`,
      title: `Move ${m.settings.name}’s data dir aside`,
      description: `Renames ${p.dir} to ${p.aside} (its contents, if the data dir is a mount point). The old data is kept there, never deleted: the rollback puts it back.`,
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [sh(m.host, moveAsideScript(p))],
      check: { description: `${p.aside} holds the old data and ${p.dir}/member is gone`, action: sh(m.host, `test -d ${q(p.aside)} && test ! -e ${q(p.dir + '/member')}`) },
      undo: { description: `Put the old data back into ${p.dir}`, actions: [sh(m.host, undoMoveAsideScript(p))] }
    })
  }
  for (const m of t.members) {
    const h = hostOf(m.host)!
    const tool = restoreToolFor(h) ?? { path: 'etcdutl', kind: 'etcdutl' as const }
    const bumps = bump > 0 && tool.kind === 'etcdutl' && h.tools.etcdutl?.bumpRevision
    if (bump > 0 && !bumps) {
      warnings.push(
        `${label(m.host)} restores with ${tool.kind} ${tool.kind === 'etcdctl' ? h.tools.etcdctl?.version ?? '' : h.tools.etcdutl?.version ?? ''}, which cannot bump the revision: clients watching from a revision newer than the snapshot may miss events until they re-list (restart controllers and operators that watch).`
      )
    }
    const p = dataDirPaths(m.hostDataDir, stamp)
    const cmd: RestoreCommand = {
      tool,
      snapshot: remoteSnapshot,
      name: m.settings.name,
      initialCluster,
      initialClusterToken: token,
      peerUrls: m.settings.initialAdvertisePeerUrls,
      bumpRevision: bumps ? bump : undefined
    }
    steps.push({
      id: `restore:${m.host}`,
      title: `Restore ${m.settings.name} from the snapshot`,
      description: `Writes a new data dir for ${m.settings.name} at ${p.dir} from the snapshot with ${tool.kind}${bumps ? ` (revision bumped by ${bump.toLocaleString('en')} and marked compacted, so watches in the cluster stay correct)` : ''}, with the shared --initial-cluster and token, and gives it the owner and mode of the old data dir.`,
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [sh(m.host, restoreScript(p, cmd), 600_000)],
      check: { description: `${p.dir}/member holds a restored wal and snap`, action: sh(m.host, `test -d ${q(p.dir + '/member/wal')} && test -d ${q(p.dir + '/member/snap')}`) },
      undo: { description: `Take the restored data away (kept in ${p.restored})`, actions: [sh(m.host, undoRestoreScript(p))] }
    })
  }

  // ---- start it all again ----
  for (const m of t.members) {
    steps.push({
      id: `start-etcd:${m.host}`,
      title: `Start etcd member ${m.settings.name}`,
      description: m.source.kind === 'static-pod' ? `Moves ${m.source.manifest} back; kubelet starts the member on the restored data.` : `Starts ${m.source.unit} on the restored data (without waiting for quorum: the other members start next).`,
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [sh(m.host, startScript(m.source, stamp))],
      undo: {
        description: `Stop member ${m.settings.name} again`,
        actions: [sh(m.host, stopScript(m.source, stamp))],
        check: stoppedCheck(m.host, hostOf(m.host), `etcd member ${m.settings.name}`, clientPorts(m), 'etcd')
      }
    })
  }
  // Health is checked with etcdctl from a member host that has it (3.6 hosts may carry only etcdutl).
  const probe = t.members.find((m) => hostOf(m.host)?.tools.etcdctl) ?? t.members[0]
  const probeHost = hostOf(probe.host)!
  const endpoints = t.members.map((m) => m.settings.advertiseClientUrls[0] ?? localEndpoint(m))
  const probeCmd = (args: string) =>
    etcdctlCommand({ etcdctl: probeHost.tools.etcdctl?.path ?? 'etcdctl', endpoints, ca: probe.hostTls.ca, cert: probe.hostTls.cert, key: probe.hostTls.key }, args)
  steps.push({
    id: 'wait-healthy',
    title: 'Wait for every member to be healthy',
    description: `Waits until every member answers health checks and the member list is exactly ${t.members.map((m) => m.settings.name).join(', ')} (a new cluster id: the restore made a new cluster from the snapshot).`,
    host: probe.host,
    preflight: false,
    destructive: false,
    actions: [
      {
        kind: 'builtin',
        name: 'etcd.waitHealthy',
        host: probe.host,
        args: {
          host: probe.host,
          etcdctl: probeHost.tools.etcdctl?.path ?? null,
          endpoints,
          tls: probe.hostTls,
          expectedMembers: t.members.map((m) => ({ name: m.settings.name, peerUrls: m.settings.initialAdvertisePeerUrls })),
          timeoutMs: 240_000
        },
        display: [probeCmd('endpoint health -w json'), probeCmd('member list -w json'), '# repeated until healthy (up to 4 minutes)']
      }
    ]
  })
  for (const a of t.apiservers) {
    steps.push({
      id: `start-apiserver:${a.host}`,
      title: `Start kube-apiserver on ${label(a.host)}`,
      description: a.source.kind === 'static-pod' ? `Moves ${a.source.manifest} back into the manifests folder.` : `Starts ${a.source.unit}.`,
      host: a.host,
      preflight: false,
      destructive: true,
      actions: [sh(a.host, startScript(a.source, stamp))],
      check: runningCheck(a.host, hostOf(a.host), 'kube-apiserver', [a.securePort], 'kube-apiserver'),
      undo: {
        description: 'Stop the API server again',
        actions: [sh(a.host, stopScript(a.source, stamp))],
        check: stoppedCheck(a.host, hostOf(a.host), 'kube-apiserver', [a.securePort], 'kube-apiserver')
      }
    })
  }
  for (const c of t.components) {
    steps.push({
      id: `start-${c.component}:${c.host}`,
      title: `Start ${c.component} on ${label(c.host)}`,
      description: `Starts ${c.component} again; it rebuilds its caches from the restored API.`,
      host: c.host,
      preflight: false,
      destructive: true,
      actions: [sh(c.host, startScript(c.source, stamp))],
      undo: {
        description: `Stop ${c.component} again`,
        actions: [sh(c.host, stopScript(c.source, stamp))],
        check: stoppedCheck(c.host, hostOf(c.host), c.component, [c.securePort], c.component)
      }
    })
  }
  steps.push({
    id: 'verify-readyz',
    title: 'Verify the API server is ready',
    description: `Asks the cluster's API server (${t.server}) for /readyz through context ${t.context.name} until it answers ok.`,
    host: '',
    preflight: false,
    destructive: false,
    actions: [
      {
        kind: 'builtin',
        name: 'etcd.readyz',
        args: { context: t.context, timeoutMs: 240_000 },
        display: [`kubectl --context ${q(t.context.name)} get --raw '/readyz?verbose'    # repeated until ok (up to 4 minutes)`]
      }
    ]
  })
  for (const id of memberHosts) {
    steps.push({
      id: `cleanup:${id}`,
      title: `Remove the uploaded snapshot from ${label(id)}`,
      description: `Deletes Kubedeck’s copy ${remoteSnapshot} (the snapshot stays in the local catalog; the old data stays aside).`,
      host: id,
      preflight: false,
      destructive: false,
      actions: [sh(id, `rm -f ${q(remoteSnapshot)} && rmdir ${q(remoteDir)} 2>/dev/null || true`)]
    })
  }

  const blocking = t.findings.filter((f) => f.blocksRestore)
  for (const f of blocking) warnings.unshift(`Pre-flight will refuse this plan: ${f.title}.`)
  const layout = t.layout === 'kubeadm' ? `kubeadm, ${t.members.length === 1 ? 'single control plane' : `${t.members.length} stacked members`}` : `binary (systemd), ${t.members.length} member${t.members.length > 1 ? 's' : ''}`
  warnings.push(
    `Everything written to the cluster after the snapshot (${snapshot.createdAt ?? 'its time'}) is lost; the API is down from the first stop until /readyz answers.`,
    `The old data dirs stay on the hosts as *.kubedeck-aside-${stamp}; remove them yourself once the cluster is verified.`
  )
  return {
    domain: 'etcd',
    kind: 'etcd.restore',
    title: `Restore etcd of ${t.clusterName} from ${snapshot.file.slice(snapshot.file.lastIndexOf('/') + 1)}`,
    summary: `Restores ${t.members.length} member${t.members.length > 1 ? 's' : ''} (${layout}) from the snapshot${snapshot.status ? ` at revision ${snapshot.status.revision}` : ''}, with --initial-cluster ${initialCluster} and token ${token}.`,
    context: { file: t.context.file, name: t.context.name },
    confirmText: t.context.name,
    hosts,
    steps,
    warnings,
    params: { stamp, snapshot: snapshot.file, sha256: snapshot.sha256, initialCluster, initialClusterToken: token, remoteSnapshot },
    createdAt: new Date().toISOString()
  }
}
