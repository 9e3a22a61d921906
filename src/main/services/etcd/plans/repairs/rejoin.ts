// `member … has already been bootstrapped`: a member whose data is gone or broken restarts as
// if new. The notes stop every member and wipe data; Kubedeck follows etcd's "replace a failed
// member" procedure instead: with the rest of the cluster serving, remove the member, add it
// back, and start it from a clean data dir (the old one moved aside) with
// --initial-cluster-state=existing.
import type { Plan, PlanStep } from '../../../../../shared/model/operations'
import { leftover, planWords, say, described, stepWords } from '../../../../../shared/plan-messages'
import { AppError } from '../../../../../shared/errors'
import { fileLine, script, sh, type ShellCommand } from '../../../shell'
import type { SshHostTarget } from '../../../ssh'
import { etcdctlCommand } from '../../etcdctl'
import { clientEndpoints, localEndpoint, restoreInitialCluster } from '../../members'
import { planHost } from '../plan-values'
import { dataDirPaths, moveAsideScript } from '../scripts'
import { onHost, parkedManifest } from '../../../host-components'
import type { RepairContext } from './context'
import { t } from '../../../../../shared/error-messages'

export function rejoinPlan(c: RepairContext): Plan<SshHostTarget> {
  const { t: topo, member, stamp, hosts, label, base, hostOf, peer } = c
  if (!peer) {
    throw new AppError({
      code: 'etcd.rejoin-needs-peer',
      message: t`Re-adding ${member.settings.name} needs another member with etcdctl to run member remove/add from, and ${topo.context.name} has none.`,
      hint:
        topo.members.length < 2
          ? t`A single-member cluster cannot re-add its only member: restore it from a snapshot instead.`
          : t`Install etcdctl on another member host, then discover again.`
    })
  }
  const peerHost = hostOf(peer.host)
  hosts[peer.host] ??= planHost(peerHost, topo.sshConfigFile)
  const ctl = (args: ShellCommand) =>
    etcdctlCommand({ etcdctl: peerHost.tools.etcdctl!.path, endpoints: [localEndpoint(peer)], ca: peer.hostTls.ca, cert: peer.hostTls.cert, key: peer.hostTls.key }, args)
  const others = topo.members.filter((m) => m !== member)
  const othersEndpoints = clientEndpoints(others)
  const peerUrls = member.settings.initialAdvertisePeerUrls.join(',')
  const firstPeerUrl = member.settings.initialAdvertisePeerUrls[0]
  const initialCluster = restoreInitialCluster(topo.members)
  const p = dataDirPaths(member.hostDataDir, stamp)
  // Names and URLs are checked (checkMemberValues): no backslash for awk -v to read as an escape.
  const memberId = sh`${ctl(sh`member list`)} | awk -F', ' -v n=${member.settings.name} -v u=${firstPeerUrl} '$3 == n || index($4, u) {print $1}' | head -1`
  const addMember = ctl(sh`member add ${member.settings.name} ${`--peer-urls=${peerUrls}`}`)

  let configure: PlanStep
  if (member.source.kind === 'static-pod') {
    const parked = parkedManifest(member.source, stamp)
    configure = {
      id: `configure:${member.host}`,
      ...stepWords(say('rejoin.configure.title'), say('rejoin.configure.manifest', { manifest: parked })),
      host: member.host,
      preflight: false,
      destructive: true,
      actions: [onHost(member.host, joinManifestScript(parked, initialCluster))],
      check: { ...described(say('rejoin.configure.manifestCheck')), action: onHost(member.host, sh`grep -q -- --initial-cluster-state=existing ${parked}`) },
      undo: {
        ...described(say('rejoin.configure.manifestUndo')),
        actions: [onHost(member.host, sh`if [ -e ${parked + '.kubedeck-orig'} ]; then mv ${parked + '.kubedeck-orig'} ${parked}; fi`)]
      }
    }
  } else {
    const s = member.settings.sources
    if (s.initialClusterState?.kind === 'flag' || s.initialCluster?.kind === 'flag' || s.initialCluster?.kind === 'config-file') {
      throw new AppError({
        code: 'etcd.rejoin-flags',
        message: t`${member.settings.name} sets --initial-cluster${s.initialClusterState?.kind === 'flag' ? '-state' : ''} in ${s.initialCluster?.where}: Kubedeck can only override ETCD_* variables (with a systemd drop-in).`,
        hint: t`Edit the member's configuration by hand: --initial-cluster=${initialCluster} --initial-cluster-state=existing, then start it with an empty data dir.`
      })
    }
    const dropInDir = `/etc/systemd/system/${member.source.unit}.d`
    const dropIn = `${dropInDir}/kubedeck-rejoin.conf`
    const envFile = `${dropInDir}/kubedeck-rejoin.env`
    const env = [fileLine(`ETCD_INITIAL_CLUSTER="${initialCluster}"`, 'ETCD_INITIAL_CLUSTER'), 'ETCD_INITIAL_CLUSTER_STATE="existing"']
    const unit = ['[Service]', fileLine(`EnvironmentFile=${envFile}`, 'The drop-in')]
    configure = {
      id: `configure:${member.host}`,
      ...stepWords(say('rejoin.configure.title'), say('rejoin.configure.dropIn', { dropIn, envFile, after: member.source.environmentFiles.join(', ') || `${member.source.unit}` })),
      host: member.host,
      preflight: false,
      destructive: true,
      actions: [
        onHost(
          member.host,
          script(
            sh`set -eu`,
            sh`mkdir -p ${dropInDir}`,
            sh`printf '%s\\n' ${env} > ${envFile}`,
            sh`printf '%s\\n' ${unit} > ${dropIn + '.tmp'}`,
            sh`mv ${dropIn + '.tmp'} ${dropIn}`,
            sh`systemctl daemon-reload`,
            sh`cat ${dropIn} ${envFile}`
          )
        )
      ],
      check: { ...described(say('rejoin.configure.dropInCheck')), action: onHost(member.host, sh`grep -q ETCD_INITIAL_CLUSTER_STATE=.existing. ${envFile} && test -e ${dropIn}`) },
      undo: { ...described(say('rejoin.configure.dropInUndo')), actions: [onHost(member.host, sh`rm -f ${dropIn} ${envFile}; systemctl daemon-reload`)] }
    }
  }

  const steps: PlanStep[] = [
    {
      id: 'preflight-quorum',
      ...stepWords(say('rejoin.quorum.title'), say('rejoin.quorum.description', { others: others.map((m) => m.settings.name).join(', '), member: member.settings.name })),
      host: peer.host,
      preflight: true,
      destructive: false,
      actions: [
        onHost(
          peer.host,
          etcdctlCommand(
            { etcdctl: peerHost.tools.etcdctl!.path, endpoints: othersEndpoints, ca: peer.hostTls.ca, cert: peer.hostTls.cert, key: peer.hostTls.key },
            sh`endpoint health`
          )
        ),
        onHost(peer.host, ctl(sh`member list`))
      ]
    },
    c.stopStep(),
    {
      id: `move-aside:${member.host}`,
      ...stepWords(say('restore.moveAside.title', { member: member.settings.name }), say('rejoin.moveAside.description', { dir: p.dir, aside: p.aside })),
      host: member.host,
      preflight: false,
      destructive: true,
      actions: [onHost(member.host, moveAsideScript(p))],
      check: { ...described(say('rejoin.moveAside.check', { aside: p.aside })), action: onHost(member.host, sh`test -d ${p.aside} && test ! -e ${p.dir + '/member'}`) },
      undo: {
        ...described(say('rejoin.moveAside.undo', { dir: p.dir, kept: p.restored })),
        actions: [
          onHost(
            member.host,
            script(
              sh`set -eu`,
              sh`D=${p.dir}; A=${p.aside}; R=${p.restored}`,
              sh`if [ -e "$A" ] && [ -d "$D/member" ]; then mv "$D" "$R"; fi`,
              sh`if [ -e "$A" ] && [ ! -e "$D" ]; then mv "$A" "$D"; fi`
            )
          )
        ]
      }
    },
    {
      id: 'member-remove',
      ...stepWords(say('rejoin.remove.title', { member: member.settings.name }), say('rejoin.remove.description', { peer: peer.settings.name })),
      host: peer.host,
      preflight: false,
      destructive: true,
      actions: [
        onHost(peer.host, script(sh`set -eu`, sh`ID=$(${memberId})`, sh`if [ -n "$ID" ]; then ${ctl(sh`member remove "$ID"`)}; else echo "not in the member list any more"; fi`))
      ],
      check: { ...described(say('rejoin.remove.check', { member: member.settings.name })), action: onHost(peer.host, sh`test -z "$(${memberId})"`) },
      undo: {
        ...described(say('rejoin.remove.undo', { member: member.settings.name })),
        actions: [onHost(peer.host, sh`if ! ${ctl(sh`member list`)} | grep -qF -- ${firstPeerUrl}; then ${addMember}; fi`)]
      }
    },
    {
      id: 'member-add',
      ...stepWords(
        say('rejoin.add.title', { member: member.settings.name }),
        say('rejoin.add.description', { command: `etcdctl member add ${member.settings.name} --peer-urls=${peerUrls}` })
      ),
      host: peer.host,
      preflight: false,
      destructive: true,
      actions: [onHost(peer.host, sh`if ${ctl(sh`member list`)} | grep -qF -- ${firstPeerUrl}; then echo "already added"; else ${addMember}; fi`)],
      check: { ...described(say('rejoin.add.check', { member: member.settings.name })), action: onHost(peer.host, sh`${ctl(sh`member list`)} | grep -qF -- ${firstPeerUrl}`) },
      undo: {
        ...described(say('rejoin.add.undo')),
        actions: [onHost(peer.host, sh`ID=$(${memberId}); if [ -n "$ID" ]; then ${ctl(sh`member remove "$ID"`)}; fi`)]
      }
    },
    configure,
    c.startStep(),
    c.waitStep(peer)
  ]
  if (member.source.kind === 'systemd') {
    const dropInDir = `/etc/systemd/system/${member.source.unit}.d`
    steps.push({
      id: `unconfigure:${member.host}`,
      ...stepWords(say('rejoin.unconfigure.title'), say('rejoin.unconfigure.description', { files: `${dropInDir}/kubedeck-rejoin.*` })),
      host: member.host,
      preflight: false,
      destructive: false,
      actions: [onHost(member.host, sh`rm -f ${dropInDir + '/kubedeck-rejoin.conf'} ${dropInDir + '/kubedeck-rejoin.env'}; systemctl daemon-reload`)]
    })
  }
  return {
    ...base,
    kind: 'etcd.repair-rejoin',
    ...planWords(
      say('rejoin.plan.title', { member: member.settings.name }),
      say('rejoin.plan.summary', {
        error: 'member … has already been bootstrapped',
        others: others.map((m) => m.settings.name).join(', '),
        member: member.settings.name,
        aside: p.aside
      }),
      [say('rejoin.warn.aside', { aside: p.aside, host: label }), say('rejoin.warn.quorum')]
    ),
    hosts,
    leftovers: [leftover(member.host, p.aside, say('rejoin.leftover', { member: member.settings.name }))],
    params: { member: member.settings.name, initialCluster },
    steps
  }
}

/**
 * The stopped manifest rewritten to join: --initial-cluster with every member, then
 * --initial-cluster-state=existing (one line, whether the manifest had it or not). The new value
 * reaches awk through the environment (ENVIRON is read as is, never as awk or shell text).
 */
function joinManifestScript(parked: string, initialCluster: string): ShellCommand {
  return script(
    sh`set -eu`,
    sh`M=${parked}`,
    sh`[ -e "$M.kubedeck-orig" ] || cp -p "$M" "$M.kubedeck-orig"`,
    sh`KUBEDECK_INITIAL_CLUSTER=${initialCluster} awk '
  /^ *- --initial-cluster-state=/ { next }
  /^ *- --initial-cluster=/ {
    pad = substr($0, 1, index($0, "-") - 1)
    print pad "- --initial-cluster=" ENVIRON["KUBEDECK_INITIAL_CLUSTER"]
    print pad "- --initial-cluster-state=existing"
    next
  }
  { print }' "$M" > "$M.kubedeck-tmp"`,
    sh`chmod --reference="$M" "$M.kubedeck-tmp" && mv "$M.kubedeck-tmp" "$M"`,
    sh`grep -- --initial-cluster "$M"`
  )
}
