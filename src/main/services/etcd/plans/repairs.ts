// Repairs from the seed notes, as small plans with undos:
// - `open …/member/wal/0.tmp: is a directory`: etcd cannot preallocate its next WAL file; the
//   notes delete 0.tmp. Kubedeck moves it aside (kept) with the member stopped, then starts it.
// - `member … has already been bootstrapped`: a member whose data is gone or broken restarts as
//   if new. The notes stop every member and wipe data; Kubedeck follows etcd's "replace a failed
//   member" procedure instead: with the rest of the cluster serving, remove the member, add it
//   back, and start it from a clean data dir (the old one moved aside) with
//   --initial-cluster-state=existing.
import type { EtcdHost, EtcdMember, EtcdTopology, RepairKind } from '../../../../shared/model/etcd'
import type { Plan, PlanHost, PlanStep } from '../../../../shared/model/operations'
import { AppError } from '../../../../shared/errors'
import { etcdctlCommand, q } from '../etcdctl'
import { clientPorts, localEndpoint, planHost, restoreInitialCluster } from './restore'
import { dataDirPaths, manifestAsideDir, moveAsideScript, sh, startScript, stopScript, stoppedCheck } from './scripts'

export interface RepairPlanInput {
  topology: EtcdTopology
  kind: RepairKind
  member: string
  stamp: string
}

export function buildRepairPlan(input: RepairPlanInput): Plan {
  const { topology: t, stamp } = input
  const member = t.members.find((m) => m.settings.name === input.member)
  if (!member) {
    throw new AppError({
      code: 'etcd.member-unknown',
      message: `There is no member ${input.member} in context ${t.context.name} (members: ${t.members.map((m) => m.settings.name).join(', ') || 'none'}).`
    })
  }
  const hostOf = (id: string) => t.hosts.find((h) => h.id === id) as EtcdHost
  const hosts: Record<string, PlanHost> = { [member.host]: planHost(hostOf(member.host), t.sshConfigFile) }
  const label = hosts[member.host].label
  const base = {
    domain: 'etcd',
    context: { file: t.context.file, name: t.context.name },
    confirmText: t.context.name,
    createdAt: new Date().toISOString()
  }
  const stopStep = (): PlanStep => ({
    id: `stop-etcd:${member.host}`,
    title: `Stop etcd member ${member.settings.name}`,
    description: member.source.kind === 'static-pod' ? `Moves ${member.source.manifest} out of kubelet's folder.` : `Stops ${member.source.unit}.`,
    host: member.host,
    preflight: false,
    destructive: true,
    actions: [sh(member.host, stopScript(member.source, stamp))],
    check: stoppedCheck(member.host, hostOf(member.host), `etcd member ${member.settings.name}`, clientPorts(member), 'etcd'),
    undo: { description: 'Start the member again', actions: [sh(member.host, startScript(member.source, stamp))] }
  })
  const startStep = (undoExtra: string[] = []): PlanStep => ({
    id: `start-etcd:${member.host}`,
    title: `Start etcd member ${member.settings.name}`,
    description: member.source.kind === 'static-pod' ? `Moves ${member.source.manifest} back.` : `Starts ${member.source.unit}.`,
    host: member.host,
    preflight: false,
    destructive: true,
    actions: [sh(member.host, startScript(member.source, stamp))],
    undo: {
      description: 'Stop the member again',
      actions: [sh(member.host, [stopScript(member.source, stamp), ...undoExtra].join('\n'))],
      check: stoppedCheck(member.host, hostOf(member.host), `etcd member ${member.settings.name}`, clientPorts(member), 'etcd')
    }
  })
  const peer = t.members.find((m) => m !== member && hostOf(m.host)?.tools.etcdctl)
  const waitStep = (via: EtcdMember): PlanStep => {
    const h = hostOf(via.host)
    hosts[via.host] ??= planHost(h, t.sshConfigFile)
    const endpoints = t.members.map((m) => m.settings.advertiseClientUrls[0] ?? localEndpoint(m))
    return {
      id: 'wait-healthy',
      title: 'Wait for every member to be healthy',
      description: `Waits until every member answers and the member list is ${t.members.map((m) => m.settings.name).join(', ')}.`,
      host: via.host,
      preflight: false,
      destructive: false,
      actions: [
        {
          kind: 'builtin',
          name: 'etcd.waitHealthy',
          host: via.host,
          args: {
            host: via.host,
            etcdctl: h.tools.etcdctl?.path ?? null,
            endpoints,
            tls: via.hostTls,
            expectedMembers: t.members.map((m) => ({ name: m.settings.name, peerUrls: m.settings.initialAdvertisePeerUrls })),
            timeoutMs: 180_000
          },
          display: [etcdctlCommand({ etcdctl: h.tools.etcdctl?.path ?? 'etcdctl', endpoints, ca: via.hostTls.ca, cert: via.hostTls.cert, key: via.hostTls.key }, 'endpoint health -w json'), '# repeated until healthy']
        }
      ]
    }
  }

  if (input.kind === 'wal-tmp-dir') {
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
      params: { member: member.settings.name, wal, aside },
      steps: [
        {
          id: 'inspect',
          title: `Look at ${wal}`,
          description: `Checks that ${wal}/0.tmp is a directory (otherwise there is nothing to repair here).`,
          host: member.host,
          preflight: true,
          destructive: false,
          actions: [sh(member.host, `ls -la ${q(wal)}\nif [ ! -d ${q(wal + '/0.tmp')} ]; then echo "${wal}/0.tmp is not a directory: this repair does not apply" >&2; exit 1; fi`)]
        },
        stopStep(),
        {
          id: `move-0tmp:${member.host}`,
          title: 'Move 0.tmp aside',
          description: `Moves the ${wal}/0.tmp directory to ${aside}; etcd recreates 0.tmp as the file it should be.`,
          host: member.host,
          preflight: false,
          destructive: true,
          actions: [sh(member.host, `set -eu\nif [ -d ${q(wal + '/0.tmp')} ]; then mv ${q(wal + '/0.tmp')} ${q(aside)}; fi\ntest ! -d ${q(wal + '/0.tmp')}`)],
          undo: {
            description: 'Put the 0.tmp directory back',
            actions: [sh(member.host, `if [ -d ${q(aside)} ] && [ ! -e ${q(wal + '/0.tmp')} ]; then mv ${q(aside)} ${q(wal + '/0.tmp')}; fi`)]
          }
        },
        startStep(),
        waitStep(via)
      ]
    }
  }

  // ---- rejoin: remove and re-add the member, clean data dir ----
  if (!peer) {
    throw new AppError({
      code: 'etcd.rejoin-needs-peer',
      message: `Re-adding ${member.settings.name} needs another member with etcdctl to run member remove/add from, and ${t.context.name} has none.`,
      hint: t.members.length < 2 ? 'A single-member cluster cannot re-add its only member: restore it from a snapshot instead.' : 'Install etcdctl on another member host, then discover again.'
    })
  }
  const peerHost = hostOf(peer.host)
  hosts[peer.host] ??= planHost(peerHost, t.sshConfigFile)
  const ctl = (args: string) =>
    etcdctlCommand({ etcdctl: peerHost.tools.etcdctl!.path, endpoints: [localEndpoint(peer)], ca: peer.hostTls.ca, cert: peer.hostTls.cert, key: peer.hostTls.key }, args)
  const others = t.members.filter((m) => m !== member)
  const othersEndpoints = others.map((m) => m.settings.advertiseClientUrls[0] ?? localEndpoint(m))
  const peerUrls = member.settings.initialAdvertisePeerUrls.join(',')
  const firstPeerUrl = member.settings.initialAdvertisePeerUrls[0]
  const initialCluster = restoreInitialCluster(t.members)
  const p = dataDirPaths(member.hostDataDir, stamp)
  const memberIdScript = `${ctl('member list')} | awk -F', ' -v n=${q(member.settings.name)} -v u=${q(firstPeerUrl)} '$3 == n || index($4, u) {print $1}' | head -1`

  let configure: PlanStep
  if (member.source.kind === 'static-pod') {
    const parked = `${manifestAsideDir(member.source.manifestsDir, stamp)}/${member.source.manifest.slice(member.source.manifest.lastIndexOf('/') + 1)}`
    configure = {
      id: `configure:${member.host}`,
      title: 'Make the member join the existing cluster',
      description: `Edits the stopped manifest (${parked}): --initial-cluster lists every member and --initial-cluster-state=existing, as kubeadm writes it for a joining control plane. The original is kept as ${parked}.kubedeck-orig.`,
      host: member.host,
      preflight: false,
      destructive: true,
      actions: [
        sh(
          member.host,
          [
            'set -eu',
            `M=${q(parked)}`,
            '[ -e "$M.kubedeck-orig" ] || cp -p "$M" "$M.kubedeck-orig"',
            `sed -i 's|^\\( *- --initial-cluster=\\).*$|\\1${initialCluster}|' "$M"`,
            `if grep -q -- '--initial-cluster-state=' "$M"; then sed -i 's|--initial-cluster-state=.*$|--initial-cluster-state=existing|' "$M"; else sed -i 's|^\\( *\\)- --initial-cluster=\\(.*\\)$|&\\n\\1- --initial-cluster-state=existing|' "$M"; fi`,
            'grep -- "--initial-cluster" "$M"'
          ].join('\n')
        )
      ],
      check: { description: 'the manifest joins the existing cluster', action: sh(member.host, `grep -q -- '--initial-cluster-state=existing' ${q(parked)}`) },
      undo: { description: 'Put the original manifest back', actions: [sh(member.host, `if [ -e ${q(parked + '.kubedeck-orig')} ]; then mv ${q(parked + '.kubedeck-orig')} ${q(parked)}; fi`)] }
    }
  } else {
    const s = member.settings.sources
    if (s.initialClusterState?.kind === 'flag' || s.initialCluster?.kind === 'flag' || s.initialCluster?.kind === 'config-file') {
      throw new AppError({
        code: 'etcd.rejoin-flags',
        message: `${member.settings.name} sets --initial-cluster${s.initialClusterState?.kind === 'flag' ? '-state' : ''} in ${s.initialCluster?.where}: Kubedeck can only override ETCD_* variables (with a systemd drop-in).`,
        hint: `Edit the member's configuration by hand: --initial-cluster=${initialCluster} --initial-cluster-state=existing, then start it with an empty data dir.`
      })
    }
    const dropInDir = `/etc/systemd/system/${member.source.unit}.d`
    const dropIn = `${dropInDir}/kubedeck-rejoin.conf`
    const envFile = `${dropInDir}/kubedeck-rejoin.env`
    configure = {
      id: `configure:${member.host}`,
      title: 'Make the member join the existing cluster',
      description: `Adds a systemd drop-in (${dropIn}) with one more EnvironmentFile (${envFile}) setting ETCD_INITIAL_CLUSTER to every member and ETCD_INITIAL_CLUSTER_STATE=existing. Listed after ${member.source.environmentFiles.join(', ') || 'the unit’s own'}, it wins (systemd reads EnvironmentFiles in order, later ones override), so the clean member joins instead of founding a cluster.`,
      host: member.host,
      preflight: false,
      destructive: true,
      actions: [
        sh(
          member.host,
          [
            'set -eu',
            `mkdir -p ${q(dropInDir)}`,
            `printf '%s\\n' ${q(`ETCD_INITIAL_CLUSTER="${initialCluster}"`)} 'ETCD_INITIAL_CLUSTER_STATE="existing"' > ${q(envFile)}`,
            `printf '%s\\n' '[Service]' ${q(`EnvironmentFile=${envFile}`)} > ${q(dropIn)}.tmp`,
            `mv ${q(dropIn)}.tmp ${q(dropIn)}`,
            'systemctl daemon-reload',
            `cat ${q(dropIn)} ${q(envFile)}`
          ].join('\n')
        )
      ],
      undo: { description: 'Remove the drop-in', actions: [sh(member.host, `rm -f ${q(dropIn)} ${q(envFile)}; systemctl daemon-reload`)] }
    }
  }

  const steps: PlanStep[] = [
    {
      id: 'preflight-quorum',
      title: 'Check the other members serve without it',
      description: `${others.map((m) => m.settings.name).join(', ')} must be healthy: removing ${member.settings.name} must leave a quorum.`,
      host: peer.host,
      preflight: true,
      destructive: false,
      actions: [
        sh(peer.host, etcdctlCommand({ etcdctl: peerHost.tools.etcdctl!.path, endpoints: othersEndpoints, ca: peer.hostTls.ca, cert: peer.hostTls.cert, key: peer.hostTls.key }, 'endpoint health')),
        sh(peer.host, ctl('member list'))
      ]
    },
    stopStep(),
    {
      id: `move-aside:${member.host}`,
      title: `Move ${member.settings.name}'s data dir aside`,
      description: `Renames ${p.dir} to ${p.aside} (kept): the member starts from a clean data dir and gets the data from its peers.`,
      host: member.host,
      preflight: false,
      destructive: true,
      actions: [sh(member.host, moveAsideScript(p))],
      undo: {
        description: `Put the old data back into ${p.dir} (the new one is kept as ${p.restored})`,
        actions: [
          sh(
            member.host,
            [
              'set -eu',
              `D=${q(p.dir)}; A=${q(p.aside)}; R=${q(p.restored)}`,
              'if [ -e "$A" ] && [ -d "$D/member" ]; then mv "$D" "$R"; fi',
              'if [ -e "$A" ] && [ ! -e "$D" ]; then mv "$A" "$D"; fi'
            ].join('\n')
          )
        ]
      }
    },
    {
      id: 'member-remove',
      title: `Remove ${member.settings.name} from the member list`,
      description: `etcdctl member remove on ${peer.settings.name}: the cluster forgets the broken member.`,
      host: peer.host,
      preflight: false,
      destructive: true,
      actions: [sh(peer.host, `set -eu\nID=$(${memberIdScript})\nif [ -n "$ID" ]; then ${ctl('member remove "$ID"')}; else echo "not in the member list any more"; fi`)],
      undo: {
        description: `Add a member with ${member.settings.name}'s peer URL back (a new member id: the old data cannot rejoin with it, so the member stays broken as it was)`,
        actions: [sh(peer.host, `if ! ${ctl('member list')} | grep -qF ${q(firstPeerUrl)}; then ${ctl(`member add ${q(member.settings.name)} --peer-urls=${q(peerUrls)}`)}; fi`)]
      }
    },
    {
      id: 'member-add',
      title: `Add ${member.settings.name} back`,
      description: `etcdctl member add ${member.settings.name} --peer-urls=${peerUrls}: the cluster expects the member to join.`,
      host: peer.host,
      preflight: false,
      destructive: true,
      actions: [sh(peer.host, `if ${ctl('member list')} | grep -qF ${q(firstPeerUrl)}; then echo "already added"; else ${ctl(`member add ${q(member.settings.name)} --peer-urls=${q(peerUrls)}`)}; fi`)],
      undo: {
        description: 'Remove the added member again',
        actions: [sh(peer.host, `ID=$(${memberIdScript}); if [ -n "$ID" ]; then ${ctl('member remove "$ID"')}; fi`)]
      }
    },
    configure,
    startStep(),
    waitStep(peer)
  ]
  if (member.source.kind === 'systemd') {
    const dropInDir = `/etc/systemd/system/${member.source.unit}.d`
    steps.push({
      id: `unconfigure:${member.host}`,
      title: 'Remove the join settings',
      description: `The member has joined; its data dir now decides. Removes ${dropInDir}/kubedeck-rejoin.* so the configuration is as before.`,
      host: member.host,
      preflight: false,
      destructive: false,
      actions: [sh(member.host, `rm -f ${q(dropInDir + '/kubedeck-rejoin.conf')} ${q(dropInDir + '/kubedeck-rejoin.env')}; systemctl daemon-reload`)]
    })
  }
  return {
    ...base,
    kind: 'etcd.repair-rejoin',
    title: `Repair ${member.settings.name}: remove and re-add it with a clean data dir`,
    summary: `For "member … has already been bootstrapped" (or any member whose data is lost): with ${others.map((m) => m.settings.name).join(', ')} serving, ${member.settings.name} is removed from the cluster, added back, and started from an empty data dir (the old one kept in ${p.aside}); it copies the data from its peers.`,
    hosts,
    warnings: [`The old data dir stays in ${p.aside} on ${label}.`, 'Needs the other members healthy (a quorum without this member).'],
    params: { member: member.settings.name, initialCluster },
    steps
  }
}
