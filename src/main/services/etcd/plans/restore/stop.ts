// Stop the control plane: every API server first (none may write to etcd during the restore),
// then the controller managers and schedulers (they restart afresh from the restored state), then
// every member. Each stop is checked by its ports closing and undone by starting it again.
import type { PlanStep } from '../../../../../shared/model/operations'
import { clientPorts } from '../../members'
import { onHost, startScript, stopScript, stoppedCheck } from '../../../host-components'
import type { RestoreContext } from './context'

export function stopSteps(c: RestoreContext): PlanStep[] {
  const { t, stamp } = c
  const steps: PlanStep[] = []
  for (const [i, a] of t.apiservers.entries()) {
    steps.push({
      id: `stop-apiserver:${a.host}`,
      // The API is away from the first stop until /readyz answers at the end.
      ...(i === 0 ? { api: 'down' as const } : {}),
      expectedMs: 8000,
      title: `Stop kube-apiserver on ${c.label(a.host)}`,
      description:
        a.source.kind === 'static-pod'
          ? `Moves ${a.source.manifest} out of the manifests folder so kubelet stops the API server; no API server may write to etcd during the restore.`
          : `Stops the ${a.source.unit} unit; no API server may write to etcd during the restore.`,
      host: a.host,
      preflight: false,
      destructive: true,
      actions: [onHost(a.host, stopScript(a.source, stamp))],
      check: stoppedCheck(a.host, c.hostOf(a.host), 'kube-apiserver', [a.securePort], 'kube-apiserver'),
      undo: { description: 'Start the API server again', actions: [onHost(a.host, startScript(a.source, stamp))] }
    })
  }
  for (const comp of t.components) {
    steps.push({
      id: `stop-${comp.component}:${comp.host}`,
      expectedMs: 4000,
      title: `Stop ${comp.component} on ${c.label(comp.host)}`,
      description: `Stops ${comp.component} until the restored API server is back, so it starts afresh from the restored state (the Kubernetes etcd guide asks for this restart) and acts on nothing in between.`,
      host: comp.host,
      preflight: false,
      destructive: true,
      actions: [onHost(comp.host, stopScript(comp.source, stamp))],
      check: stoppedCheck(comp.host, c.hostOf(comp.host), comp.component, [comp.securePort], comp.component),
      undo: { description: `Start ${comp.component} again`, actions: [onHost(comp.host, startScript(comp.source, stamp))] }
    })
  }
  for (const m of t.members) {
    steps.push({
      id: `stop-etcd:${m.host}`,
      expectedMs: 6000,
      title: `Stop etcd member ${m.settings.name} on ${c.label(m.host)}`,
      description: m.source.kind === 'static-pod' ? `Moves ${m.source.manifest} out of the manifests folder so kubelet stops the member.` : `Stops the ${m.source.unit} unit.`,
      host: m.host,
      preflight: false,
      destructive: true,
      actions: [onHost(m.host, stopScript(m.source, stamp))],
      check: stoppedCheck(m.host, c.hostOf(m.host), `etcd member ${m.settings.name}`, clientPorts(m), 'etcd'),
      undo: { description: `Start member ${m.settings.name} again`, actions: [onHost(m.host, startScript(m.source, stamp))] }
    })
  }
  return steps
}
