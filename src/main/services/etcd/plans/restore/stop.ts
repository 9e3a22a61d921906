// Stop the control plane: every API server first (none may write to etcd during the restore),
// then the controller managers and schedulers (they restart afresh from the restored state), then
// every member. Each stop is checked by its ports closing and undone by starting it again.
import type { PlanStep } from '../../../../../shared/model/operations'
import { clientPorts } from '../../members'
import { onHost, startScript, stopScript, stoppedCheck } from '../../../host-components'
import { described, say, stepWords } from '../../../../../shared/plan-messages'
import type { RestoreContext } from './context'

export function stopSteps(c: RestoreContext): PlanStep[] {
  const { t, stamp } = c
  const steps: PlanStep[] = []
  for (const [i, a] of t.apiservers.entries()) {
    steps.push({
      id: `stop-apiserver:${a.host}`,
      // The API is away from the first stop until /readyz answers at the end. Usual times measured
      // on the lab: kubelet takes a static pod down at its next sync (etcd after its grace period).
      ...(i === 0 ? { api: 'down' as const } : {}),
      expectedMs: 2000,
      ...stepWords(
        say('restore.stopApiserver.title', { host: c.label(a.host) }),
        a.source.kind === 'static-pod' ? say('restore.stopApiserver.staticPod', { manifest: a.source.manifest }) : say('restore.stopApiserver.unit', { unit: a.source.unit })
      ),
      host: a.host,
      preflight: false,
      destructive: true,
      actions: [onHost(a.host, stopScript(a.source, stamp))],
      check: stoppedCheck(a.host, c.hostOf(a.host), 'kube-apiserver', [a.securePort], 'kube-apiserver'),
      undo: { ...described(say('restore.stopApiserver.undo')), actions: [onHost(a.host, startScript(a.source, stamp))] }
    })
  }
  for (const comp of t.components) {
    steps.push({
      id: `stop-${comp.component}:${comp.host}`,
      expectedMs: 5000,
      ...stepWords(
        say('restore.stopComponent.title', { component: comp.component, host: c.label(comp.host) }),
        say('restore.stopComponent.description', { component: comp.component })
      ),
      host: comp.host,
      preflight: false,
      destructive: true,
      actions: [onHost(comp.host, stopScript(comp.source, stamp))],
      check: stoppedCheck(comp.host, c.hostOf(comp.host), comp.component, [comp.securePort], comp.component),
      undo: { ...described(say('component.startAgain', { component: comp.component })), actions: [onHost(comp.host, startScript(comp.source, stamp))] }
    })
  }
  for (const m of t.members) {
    steps.push({
      id: `stop-etcd:${m.host}`,
      expectedMs: 20_000,
      ...stepWords(
        say('restore.stopMember.title', { member: m.settings.name, host: c.label(m.host) }),
        m.source.kind === 'static-pod' ? say('restore.stopMember.staticPod', { manifest: m.source.manifest }) : say('unit.stop', { unit: m.source.unit })
      ),
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [onHost(m.host, stopScript(m.source, stamp))],
      check: stoppedCheck(m.host, c.hostOf(m.host), `etcd ${m.settings.name}`, clientPorts(m), 'etcd'),
      undo: { ...described(say('member.startAgain', { member: m.settings.name })), actions: [onHost(m.host, startScript(m.source, stamp))] }
    })
  }
  return steps
}
