// Start it all again: the members on the restored data (each checked listening), a wait until
// every member is healthy and the member list is exactly the planned one, then the API servers
// and the controllers.
import type { PlanStep } from '../../../../../shared/model/operations'
import { etcdctlCommand } from '../../etcdctl'
import { clientEndpoints, clientPorts } from '../../members'
import { sh } from '../../../shell'
import { etcdSteps } from '../../steps'
import { onHost, runningCheck, startScript, stopScript, stoppedCheck } from '../../../host-components'
import { described, say, stepWords } from '../../../../../shared/plan-messages'
import type { RestoreContext } from './context'

export function startMemberSteps(c: RestoreContext): PlanStep[] {
  return c.t.members.map((m) => ({
    id: `start-etcd:${m.host}`,
    expectedMs: 1000,
    ...stepWords(
      say('restore.startMember.title', { member: m.settings.name }),
      m.source.kind === 'static-pod' ? say('restore.startMember.staticPod', { manifest: m.source.manifest }) : say('restore.startMember.unit', { unit: m.source.unit })
    ),
    host: m.host,
    preflight: false,
    destructive: true,
    actions: [onHost(m.host, startScript(m.source, c.stamp))],
    // Listening is what one member can show alone; health needs the others (the next steps).
    check: runningCheck(m.host, c.hostOf(m.host), `etcd ${m.settings.name}`, clientPorts(m), 'etcd'),
    undo: {
      ...described(say('member.stopAgain', { member: m.settings.name })),
      actions: [onHost(m.host, stopScript(m.source, c.stamp))],
      check: stoppedCheck(m.host, c.hostOf(m.host), `etcd ${m.settings.name}`, clientPorts(m), 'etcd')
    }
  }))
}

/** Health is checked with etcdctl from a member host that has it (3.6 hosts may carry only etcdutl). */
export function waitHealthyStep(c: RestoreContext): PlanStep {
  const { t } = c
  const probe = t.members.find((m) => c.hostOf(m.host).tools.etcdctl) ?? t.members[0]
  const probeHost = c.hostOf(probe.host)
  const endpoints = clientEndpoints(t.members)
  const probeCmd = (args: ReturnType<typeof sh>) =>
    etcdctlCommand({ etcdctl: probeHost.tools.etcdctl?.path ?? 'etcdctl', endpoints, ca: probe.hostTls.ca, cert: probe.hostTls.cert, key: probe.hostTls.key }, args).text
  return {
    id: 'wait-healthy',
    expectedMs: 1000,
    ...stepWords(say('restore.waitHealthy.title'), say('restore.waitHealthy.description', { members: t.members.map((m) => m.settings.name).join(', ') })),
    host: probe.host,
    preflight: false,
    destructive: false,
    actions: [
      etcdSteps.waitHealthy.action(
        {
          host: probe.host,
          etcdctl: probeHost.tools.etcdctl?.path ?? null,
          endpoints,
          tls: probe.hostTls,
          expectedMembers: t.members.map((m) => ({ name: m.settings.name, peerUrls: m.settings.initialAdvertisePeerUrls })),
          timeoutMs: 240_000
        },
        { host: probe.host, displayOn: 'host', display: [probeCmd(sh`endpoint health -w json`), probeCmd(sh`member list -w json`), '# repeated until healthy (up to 4 minutes)'] }
      )
    ]
  }
}

export function startControlPlaneSteps(c: RestoreContext): PlanStep[] {
  const { t, stamp } = c
  const steps: PlanStep[] = []
  for (const a of t.apiservers) {
    steps.push({
      id: `start-apiserver:${a.host}`,
      expectedMs: 2000,
      ...stepWords(
        say('restore.startApiserver.title', { host: c.label(a.host) }),
        a.source.kind === 'static-pod' ? say('manifest.moveBack', { manifest: a.source.manifest }) : say('unit.start', { unit: a.source.unit })
      ),
      host: a.host,
      preflight: false,
      destructive: true,
      actions: [onHost(a.host, startScript(a.source, stamp))],
      check: runningCheck(a.host, c.hostOf(a.host), 'kube-apiserver', [a.securePort], 'kube-apiserver'),
      undo: {
        ...described(say('restore.startApiserver.undo')),
        actions: [onHost(a.host, stopScript(a.source, stamp))],
        check: stoppedCheck(a.host, c.hostOf(a.host), 'kube-apiserver', [a.securePort], 'kube-apiserver')
      }
    })
  }
  for (const comp of t.components) {
    steps.push({
      id: `start-${comp.component}:${comp.host}`,
      expectedMs: 1000,
      ...stepWords(
        say('restore.startComponent.title', { component: comp.component, host: c.label(comp.host) }),
        say('restore.startComponent.description', { component: comp.component })
      ),
      host: comp.host,
      preflight: false,
      destructive: true,
      actions: [onHost(comp.host, startScript(comp.source, stamp))],
      check: runningCheck(comp.host, c.hostOf(comp.host), comp.component, [comp.securePort], comp.component),
      undo: {
        ...described(say('component.stopAgain', { component: comp.component })),
        actions: [onHost(comp.host, stopScript(comp.source, stamp))],
        check: stoppedCheck(comp.host, c.hostOf(comp.host), comp.component, [comp.securePort], comp.component)
      }
    })
  }
  return steps
}
