// What both repairs share: the member, its host, and the steps that stop it, start it and wait
// for the cluster to be healthy again.
import type { EtcdHost, EtcdMember, EtcdTopology, RepairKind } from '../../../../../shared/model/etcd'
import { described, say, stepWords } from '../../../../../shared/plan-messages'
import type { PlanHost, PlanStep } from '../../../../../shared/model/operations'
import { AppError } from '../../../../../shared/errors'
import { sh } from '../../../shell'
import type { SshHostTarget } from '../../../ssh'
import { etcdctlCommand } from '../../etcdctl'
import { clientEndpoints, clientPorts } from '../../members'
import { etcdSteps } from '../../steps'
import { checkMemberValues, planHost } from '../plan-values'
import { onHost, runningCheck, startScript, stopScript, stoppedCheck } from '../../../host-components'
import { t } from '../../../../../shared/error-messages'

export interface RepairPlanInput {
  topology: EtcdTopology
  kind: RepairKind
  member: string
  stamp: string
}

export interface RepairContext {
  t: EtcdTopology
  stamp: string
  member: EtcdMember
  hosts: Record<string, PlanHost<SshHostTarget>>
  /** The member's host as people see it. */
  label: string
  /** Another member whose host has etcdctl (member remove/add and health run from there). */
  peer: EtcdMember | undefined
  hostOf(id: string): EtcdHost
  base: { domain: 'etcd'; context: { file: string; name: string }; confirmText: string; createdAt: string }
  stopStep(): PlanStep
  startStep(): PlanStep
  waitStep(via: EtcdMember): PlanStep
}

export function repairContext(input: RepairPlanInput): RepairContext {
  const { topology: topo, stamp } = input
  checkMemberValues(topo)
  const member = topo.members.find((m) => m.settings.name === input.member)
  if (!member) {
    throw new AppError({
      code: 'etcd.member-unknown',
      message: t`There is no member ${input.member} in context ${topo.context.name} (members: ${topo.members.map((m) => m.settings.name).join(', ') || 'none'}).`
    })
  }
  const hostOf = (id: string) => topo.hosts.find((h) => h.id === id) as EtcdHost
  const hosts: Record<string, PlanHost<SshHostTarget>> = { [member.host]: planHost(hostOf(member.host), topo.sshConfigFile) }
  const label = hosts[member.host].label
  const base = {
    domain: 'etcd' as const,
    context: { file: topo.context.file, name: topo.context.name },
    confirmText: topo.context.name,
    createdAt: new Date().toISOString()
  }
  const stopStep = (): PlanStep => ({
    id: `stop-etcd:${member.host}`,
    ...stepWords(
      say('repair.stopMember.title', { member: member.settings.name }),
      member.source.kind === 'static-pod' ? say('repair.stopMember.staticPod', { manifest: member.source.manifest }) : say('unit.stop', { unit: member.source.unit })
    ),
    host: member.host,
    preflight: false,
    destructive: true,
    actions: [onHost(member.host, stopScript(member.source, stamp))],
    check: stoppedCheck(member.host, hostOf(member.host), `etcd ${member.settings.name}`, clientPorts(member), 'etcd'),
    undo: { ...described(say('member.startAgain', { member: member.settings.name })), actions: [onHost(member.host, startScript(member.source, stamp))] }
  })
  const startStep = (): PlanStep => ({
    id: `start-etcd:${member.host}`,
    ...stepWords(
      say('restore.startMember.title', { member: member.settings.name }),
      member.source.kind === 'static-pod' ? say('manifest.moveBack', { manifest: member.source.manifest }) : say('unit.start', { unit: member.source.unit })
    ),
    host: member.host,
    preflight: false,
    destructive: true,
    actions: [onHost(member.host, startScript(member.source, stamp))],
    check: runningCheck(member.host, hostOf(member.host), `etcd ${member.settings.name}`, clientPorts(member), 'etcd'),
    undo: {
      ...described(say('member.stopAgain', { member: member.settings.name })),
      actions: [onHost(member.host, stopScript(member.source, stamp))],
      check: stoppedCheck(member.host, hostOf(member.host), `etcd ${member.settings.name}`, clientPorts(member), 'etcd')
    }
  })
  const peer = topo.members.find((m) => m !== member && hostOf(m.host)?.tools.etcdctl)
  const waitStep = (via: EtcdMember): PlanStep => {
    const h = hostOf(via.host)
    hosts[via.host] ??= planHost(h, topo.sshConfigFile)
    const endpoints = clientEndpoints(topo.members)
    return {
      id: 'wait-healthy',
      ...stepWords(say('restore.waitHealthy.title'), say('repair.waitHealthy.description', { members: topo.members.map((m) => m.settings.name).join(', ') })),
      host: via.host,
      preflight: false,
      destructive: false,
      actions: [
        etcdSteps.waitHealthy.action(
          {
            host: via.host,
            etcdctl: h.tools.etcdctl?.path ?? null,
            endpoints,
            tls: via.hostTls,
            expectedMembers: topo.members.map((m) => ({ name: m.settings.name, peerUrls: m.settings.initialAdvertisePeerUrls })),
            timeoutMs: 180_000
          },
          {
            host: via.host,
            displayOn: 'host',
            display: [
              etcdctlCommand(
                { etcdctl: h.tools.etcdctl?.path ?? 'etcdctl', endpoints, ca: via.hostTls.ca, cert: via.hostTls.cert, key: via.hostTls.key },
                sh`endpoint health -w json`
              ).text,
              '# repeated until healthy'
            ]
          }
        )
      ]
    }
  }
  return { t: topo, stamp, member, hosts, label, peer, hostOf, base, stopStep, startStep, waitStep }
}
