// A namespace stuck in Terminating, freed in order of safety: first the APIServices that are not
// available (discovery fails, so the namespace controller cannot finish; deleting one is undone
// by creating it again), then exactly the finalizers that hold the named objects (what their
// controllers would have removed; cannot be put back on an object being deleted), and only when
// asked, as a last resort with its own warning, the namespace finalized through /finalize (its
// remaining content is left in etcd, unreachable).
import type { Plan, PlanStep } from '../../../shared/model/operations'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { described, planWords, say, stepWords } from '../../../shared/plan-messages'
import type { NamespaceDiagnosis } from './namespace'
import { clusterSteps } from './steps'
import { sh } from '../shell'

export function buildUnstickPlan(context: ContextRef, d: NamespaceDiagnosis, o: { finalize?: boolean } = {}): Plan {
  const ns = d.namespace
  const steps: PlanStep[] = []
  // An unavailable APIService holds the namespace when discovery of its group/version failed.
  const broken = d.brokenApiServices.filter((s) => d.undiscoverable.some((u) => u.groupVersion === apiServiceGroupVersion(s.name)))
  for (const s of broken) {
    steps.push({
      id: `apiservice:${s.name}`,
      ...stepWords(
        say('unstick.apiservice.title', { name: s.name }),
        say('unstick.apiservice.description', { name: s.name, service: s.service || '—', message: s.message || '—' })
      ),
      host: '',
      preflight: false,
      destructive: true,
      actions: [clusterSteps.deleteApiService.action({ context, name: s.name }, { display: [sh`kubectl delete apiservice ${s.name}`.text] })],
      check: {
        ...described(say('unstick.apiservice.check', { name: s.name })),
        action: clusterSteps.apiServiceState.action({ context, name: s.name }, { display: [sh`kubectl get apiservice ${s.name}`.text] }),
        stdoutMatches: '^gone$'
      },
      undo: {
        ...described(say('unstick.apiservice.undo', { name: s.name })),
        actions: [
          clusterSteps.createApiService.action({ context, object: s.object }, { display: [`${sh`kubectl create -f -`.text}  # apiservice ${sh`${s.name}`.text} as it was`] })
        ]
      }
    })
  }
  for (const h of d.held) {
    const object = { apiVersion: h.apiVersion, kind: h.kind, resource: h.resource, name: h.name }
    const ref = `${h.resource}/${h.name}`
    steps.push({
      id: `finalizers:${h.resource}/${h.name}`,
      ...stepWords(
        say('unstick.finalizers.title', { finalizers: h.finalizers.join(', '), object: ref }),
        say('unstick.finalizers.description', { kind: h.kind, name: h.name, namespace: ns, finalizers: h.finalizers.join(', ') })
      ),
      host: '',
      preflight: false,
      destructive: true,
      irreversible: true,
      actions: [
        clusterSteps.removeFinalizers.action(
          { context, namespace: ns, object, finalizers: h.finalizers },
          { display: [sh`kubectl -n ${ns} patch ${ref} --type=merge -p ${JSON.stringify({ metadata: { finalizers: `[…without ${h.finalizers.join(', ')}]` } })}`.text] }
        )
      ],
      check: {
        ...described(say('unstick.finalizers.check', { object: ref })),
        action: clusterSteps.finalizersState.action(
          { context, namespace: ns, object, finalizers: h.finalizers },
          { display: [sh`kubectl -n ${ns} get ${ref} -o ${'jsonpath={.metadata.finalizers}'}`.text] }
        ),
        stdoutMatches: '^released$'
      }
    })
  }
  if (o.finalize) {
    steps.push({
      id: `finalize:${ns}`,
      ...stepWords(say('unstick.finalize.title', { namespace: ns }), say('unstick.finalize.description', { namespace: ns })),
      host: '',
      preflight: false,
      destructive: true,
      irreversible: true,
      actions: [
        clusterSteps.finalizeNamespace.action(
          { context, namespace: ns },
          { display: [`${sh`kubectl replace --raw ${`/api/v1/namespaces/${ns}/finalize`} -f -`.text}  # the namespace with spec.finalizers: []`] }
        )
      ],
      check: {
        ...described(say('unstick.gone.check', { namespace: ns })),
        action: clusterSteps.namespaceState.action({ context, namespace: ns }, { display: [sh`kubectl get namespace ${ns}`.text] }),
        stdoutMatches: '^gone$',
        retry: { timeoutMs: 60_000, intervalMs: 2000 }
      }
    })
  } else {
    steps.push({
      id: `gone:${ns}`,
      ...stepWords(say('unstick.wait.title', { namespace: ns }), say('unstick.wait.description', { namespace: ns })),
      host: '',
      preflight: false,
      destructive: false,
      actions: [clusterSteps.namespaceState.action({ context, namespace: ns }, { display: [sh`kubectl get namespace ${ns}`.text] })],
      check: {
        ...described(say('unstick.gone.check', { namespace: ns })),
        action: clusterSteps.namespaceState.action({ context, namespace: ns }, { display: [sh`kubectl get namespace ${ns}`.text] }),
        stdoutMatches: '^gone$',
        retry: { timeoutMs: 120_000, intervalMs: 2000 }
      }
    })
  }
  const warnings = [
    ...(d.held.length ? [say('unstick.warn.finalizers')] : []),
    ...(o.finalize ? [say('unstick.warn.finalize', { namespace: ns })] : []),
    ...(d.remaining && !d.held.length ? [say('unstick.warn.remaining', { n: d.remaining })] : [])
  ]
  return {
    domain: 'cluster',
    kind: 'cluster.namespace-unstick',
    ...planWords(say('unstick.plan.title', { namespace: ns }), say('unstick.plan.summary', { namespace: ns, apiservices: broken.length, objects: d.held.length }), warnings),
    context: { file: context.file, name: context.name },
    confirmText: context.name,
    hosts: {},
    steps,
    params: { namespace: ns, conditions: d.conditions },
    createdAt: new Date().toISOString()
  }
}

/** An APIService's name is VERSION.GROUP (v1beta1.metrics.k8s.io): the group/version it serves. */
export function apiServiceGroupVersion(name: string): string {
  const dot = name.indexOf('.')
  return dot < 0 ? name : `${name.slice(dot + 1)}/${name.slice(0, dot)}`
}
