// Day-2 plans on one object: a YAML edit (refused when the object changed since it was read),
// deleting a pod (force, for one stuck in Terminating), a rollout restart, labels and
// annotations, an autoscaler made or changed. Each shows the kubectl command it stands for and,
// where it can be, has an undo.
import type { Plan, PlanStep } from '../../../shared/model/operations'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { apiVersionOf, collectionPath, objectPath, type KindInfo } from '../../../shared/cluster-kinds'
import { described, planWords, say, stepWords, type Said } from '../../../shared/plan-messages'
import { clusterSteps } from './steps'
import { plan } from './plans'
import { sh } from '../shell'

const step = (id: string, words: ReturnType<typeof stepWords>, actions: PlanStep['actions'], more: Partial<PlanStep> = {}): PlanStep => ({
  id,
  ...words,
  host: '',
  preflight: false,
  destructive: true,
  actions,
  ...more
})

/** A regular expression source matching exactly this text. */
const exactly = (text: string) => `^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`

/** A check that one field of the object reads `value` (JSON), polled a little while a controller catches up. */
const fieldCheck = (context: ContextRef, path: string, field: string[], value: unknown, what: Said, shown: string) => ({
  ...described(what),
  action: clusterSteps.objectField.action({ context, path, field }, { display: [shown] }),
  stdoutMatches: exactly(`value=${JSON.stringify(value)}`),
  retry: { timeoutMs: 10_000, intervalMs: 500 }
})

const ns = (kind: KindInfo, namespace: string) => (kind.namespaced ? ['-n', namespace] : [])
const ref = (kind: KindInfo, name: string) => `${kind.id}/${name}`

/** PUT the edited object at the version it was read; the undo puts the object as it was back over whatever is there then. */
export function buildEditPlan(
  context: ContextRef,
  kind: KindInfo,
  namespace: string,
  name: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  resourceVersion: string
): Plan {
  const path = objectPath(kind, namespace, name)
  const display = [`${sh`kubectl ${ns(kind, namespace)} replace -f ${'edited.yaml'}`.text}  # only at resourceVersion ${resourceVersion}`]
  const restoreBefore = { ...before, metadata: { ...(before.metadata as object), resourceVersion: undefined } }
  return plan(
    'cluster.edit',
    context,
    planWords(say('edit.plan.title', { object: ref(kind, name), namespace }), say('edit.plan.summary', { object: ref(kind, name), version: resourceVersion })),
    [
      step(
        'edit',
        stepWords(say('edit.step.title', { object: ref(kind, name) }), say('edit.step.description', { version: resourceVersion })),
        [clusterSteps.replace.action({ context, path, object: { ...after, metadata: { ...(after.metadata as object), resourceVersion } } }, { display })],
        {
          // Written: the object has moved on from the version the edit was made on.
          check: {
            ...described(say('edit.check', { object: ref(kind, name), version: resourceVersion })),
            action: clusterSteps.objectField.action(
              { context, path, field: ['metadata', 'resourceVersion'] },
              { display: [sh`kubectl ${ns(kind, namespace)} get ${ref(kind, name)} -o ${'jsonpath={.metadata.resourceVersion}'}`.text] }
            ),
            stdoutMatches: `^(?!${exactly(`value=${JSON.stringify(resourceVersion)}`).slice(1, -1)}$)value=`
          },
          undo: {
            ...described(say('edit.step.undo', { object: ref(kind, name) })),
            actions: [
              clusterSteps.replace.action(
                { context, path, object: restoreBefore, latest: true },
                { display: [sh`kubectl ${ns(kind, namespace)} replace -f ${'before.yaml'}`.text] }
              )
            ]
          }
        }
      )
    ],
    { object: ref(kind, name), namespace }
  )
}

/**
 * Delete a pod (its controller, if any, makes a new one). `force`: gracePeriodSeconds 0, as
 * kubectl delete --force --grace-period=0: gone from the API at once, whatever its kubelet does.
 */
export function buildDeletePodPlan(
  context: ContextRef,
  namespace: string,
  name: string,
  uid: string,
  o: { force: boolean; why: string[]; statefulSet?: string; owner?: string; finalizers?: string[] }
): Plan {
  const pod = { namespace, name, uid }
  const kubectlLine = o.force ? sh`kubectl -n ${namespace} delete pod ${name} --force --grace-period=0` : sh`kubectl -n ${namespace} delete pod ${name}`
  const warnings: Said[] = o.why.map((reason) => say('delete.warn.why', { reason }))
  if (o.force && o.statefulSet) warnings.push(say('delete.warn.statefulset', { pod: name, sts: o.statefulSet }))
  const words = o.force
    ? planWords(say('forcedelete.plan.title', { pod: name, namespace }), say('forcedelete.plan.summary', { pod: name }), warnings)
    : planWords(
        say('delete.plan.title', { pod: name, namespace }),
        o.owner ? say('delete.plan.summary.owned', { pod: name, owner: o.owner }) : say('delete.plan.summary', { pod: name }),
        warnings
      )
  // A finalizer holds a pod whatever the grace period: a forced delete removes exactly those first.
  const held = o.force && o.finalizers?.length ? o.finalizers : []
  const object = { apiVersion: 'v1', kind: 'Pod', resource: 'pods', name }
  const release: PlanStep[] = held.length
    ? [
        step(
          `finalizers:${namespace}/${name}`,
          stepWords(say('forcedelete.finalizers.title', { pod: name, finalizers: held.join(', ') }), say('forcedelete.finalizers.description')),
          [
            clusterSteps.removeFinalizers.action(
              { context, namespace, object, finalizers: held },
              { display: [sh`kubectl -n ${namespace} patch pod ${name} --type=json -p ${JSON.stringify([{ op: 'remove', path: '/metadata/finalizers' }])}`.text] }
            )
          ],
          {
            irreversible: true,
            check: {
              ...described(say('forcedelete.finalizers.check', { pod: name })),
              action: clusterSteps.finalizersState.action(
                { context, namespace, object, finalizers: held },
                { display: [sh`kubectl -n ${namespace} get pod ${name} -o ${'jsonpath={.metadata.finalizers}'}`.text] }
              ),
              stdoutMatches: '^released$'
            }
          }
        )
      ]
    : []
  return plan(
    o.force ? 'cluster.force-delete' : 'cluster.delete',
    context,
    words,
    [
      ...release,
      step(
        `delete:${namespace}/${name}`,
        stepWords(say(o.force ? 'forcedelete.step.title' : 'delete.step.title', { pod: name }), say(o.force ? 'forcedelete.step.description' : 'delete.step.description')),
        [
          clusterSteps.delete.action(
            {
              context,
              path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(name)}`,
              uid,
              what: `pod "${name}"`,
              ...(o.force ? { gracePeriodSeconds: 0 } : {})
            },
            { display: [kubectlLine.text] }
          )
        ],
        {
          irreversible: true,
          // Gone from the API: at once when forced; a plain delete waits for the kubelet, as kubectl delete does.
          check: {
            ...described(say('forcedelete.check', { pod: name })),
            action: clusterSteps.podsGone.action({ context, pods: [pod] }, { display: [sh`kubectl -n ${namespace} get pod ${name}`.text] }),
            stdoutMatches: '^none$',
            ...(o.force ? {} : { retry: { timeoutMs: 180_000, intervalMs: 1000 } })
          }
        }
      )
    ],
    { pod: `${namespace}/${name}`, force: o.force }
  )
}

/** kubectl rollout restart: the pod template's restartedAt annotation changes, the rollout replaces the pods. */
export function buildRestartPlan(context: ContextRef, kind: KindInfo, namespace: string, name: string, at = new Date().toISOString()): Plan {
  const patch = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } }
  return plan(
    'cluster.restart',
    context,
    planWords(say('restart.plan.title', { object: ref(kind, name), namespace }), say('restart.plan.summary', { object: ref(kind, name) })),
    [
      step(
        `restart:${namespace}/${ref(kind, name)}`,
        stepWords(say('restart.step.title', { object: ref(kind, name) }), say('restart.step.description')),
        [
          clusterSteps.patch.action(
            { context, path: objectPath(kind, namespace, name), patch, what: ref(kind, name) },
            { display: [sh`kubectl -n ${namespace} rollout restart ${ref(kind, name)}`.text] }
          )
        ],
        {
          irreversible: true,
          check: fieldCheck(
            context,
            objectPath(kind, namespace, name),
            ['spec', 'template', 'metadata', 'annotations', 'kubectl.kubernetes.io/restartedAt'],
            at,
            say('restart.check', { object: ref(kind, name) }),
            sh`kubectl -n ${namespace} rollout status ${ref(kind, name)} --watch=false`.text
          )
        }
      )
    ],
    { object: ref(kind, name), namespace }
  )
}

/** Set and remove labels or annotations; the undo puts back the values they had. */
export function buildMetadataPlan(
  context: ContextRef,
  kind: KindInfo,
  namespace: string,
  name: string,
  field: 'labels' | 'annotations',
  before: Record<string, string>,
  set: Record<string, string>,
  remove: string[]
): Plan {
  const change = { ...set, ...Object.fromEntries(remove.map((k) => [k, null])) }
  const back = Object.fromEntries(Object.keys(change).map((k) => [k, k in before ? before[k] : null]))
  const path = objectPath(kind, namespace, name)
  const verb = field === 'labels' ? 'label' : 'annotate'
  const args = (c: Record<string, string | null>) => Object.entries(c).map(([k, v]) => (v === null ? `${k}-` : `${k}=${v}`))
  const action = (c: Record<string, string | null>) =>
    clusterSteps.patch.action(
      { context, path, patch: { metadata: { [field]: c } }, what: ref(kind, name) },
      { display: [sh`kubectl ${ns(kind, namespace)} ${verb} ${ref(kind, name)} ${args(c)} --overwrite`.text] }
    )
  // The map as the API server prints it (keys sorted; none at all when empty).
  const sorted = (m: Record<string, string>) => (Object.keys(m).length ? Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : 1))) : null)
  const after = sorted(Object.fromEntries([...Object.entries(before).filter(([k]) => !remove.includes(k)), ...Object.entries(set)]))
  const check = (value: unknown, what: Said) =>
    fieldCheck(context, path, ['metadata', field], value, what, sh`kubectl ${ns(kind, namespace)} get ${ref(kind, name)} --show-labels`.text)
  const changes = args(change).join(' ')
  return plan(
    `cluster.${verb}`,
    context,
    planWords(say(`${verb}.plan.title`, { object: ref(kind, name) }), say(`${verb}.plan.summary`, { object: ref(kind, name), changes })),
    [
      step(`${verb}:${ref(kind, name)}`, stepWords(say(`${verb}.step.title`, { object: ref(kind, name), changes }), say(`${verb}.step.description`)), [action(change)], {
        check: check(after, say('meta.check', { object: ref(kind, name) })),
        undo: {
          ...described(say(`${verb}.step.undo`, { object: ref(kind, name) })),
          actions: [action(back)],
          check: check(sorted(before), say('meta.check.undo', { object: ref(kind, name) }))
        }
      })
    ],
    { object: ref(kind, name), namespace, field }
  )
}

export interface HpaSettings {
  min: number
  max: number
  cpu: number
}

const HPAS: KindInfo = {
  id: 'horizontalpodautoscalers',
  kind: 'HorizontalPodAutoscaler',
  group: 'autoscaling',
  version: 'v2',
  plural: 'horizontalpodautoscalers',
  namespaced: true,
  aliases: [],
  section: 'config'
}
const cpuMetric = (cpu: number) => [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }]

/** The autoscaler has this range and CPU target (its spec, as the API server orders its fields). */
const rangeCheck = (context: ContextRef, namespace: string, hpa: string, s: HpaSettings) => ({
  ...described(say('hpacreate.check', { hpa, ...s })),
  action: clusterSteps.objectField.action({ context, path: objectPath(HPAS, namespace, hpa), field: ['spec'] }, { display: [sh`kubectl -n ${namespace} get hpa ${hpa}`.text] }),
  stdoutMatches: `"minReplicas":${s.min},"maxReplicas":${s.max},"metrics":\\[\\{"type":"Resource","resource":\\{"name":"cpu","target":\\{"type":"Utilization","averageUtilization":${s.cpu}\\}`,
  retry: { timeoutMs: 10_000, intervalMs: 500 }
})

/** An autoscaler for a workload, as kubectl autoscale makes it (named after the workload); the undo deletes it. */
export function buildHpaCreatePlan(context: ContextRef, namespace: string, workload: { kind: string; apiVersion: string; resource: string; name: string }, s: HpaSettings): Plan {
  const object = {
    apiVersion: apiVersionOf(HPAS),
    kind: HPAS.kind,
    metadata: { name: workload.name, namespace },
    spec: { scaleTargetRef: { apiVersion: workload.apiVersion, kind: workload.kind, name: workload.name }, minReplicas: s.min, maxReplicas: s.max, metrics: cpuMetric(s.cpu) }
  }
  const target = `${workload.resource}/${workload.name}`
  const display = [sh`kubectl -n ${namespace} autoscale ${target} ${`--min=${s.min}`} ${`--max=${s.max}`} ${`--cpu-percent=${s.cpu}`}`.text]
  return plan(
    'cluster.hpa-create',
    context,
    planWords(say('hpacreate.plan.title', { workload: target, namespace }), say('hpacreate.plan.summary', { workload: target, ...s })),
    [
      step(
        `hpa-create:${namespace}/${workload.name}`,
        stepWords(say('hpacreate.step.title', { hpa: workload.name, ...s }), say('hpacreate.step.description')),
        [clusterSteps.create.action({ context, path: collectionPath(HPAS, namespace), object, what: `horizontalpodautoscaler.autoscaling/${workload.name}` }, { display })],
        {
          check: rangeCheck(context, namespace, workload.name, s),
          undo: {
            ...described(say('hpacreate.step.undo', { hpa: workload.name })),
            actions: [
              clusterSteps.delete.action(
                { context, path: objectPath(HPAS, namespace, workload.name), uid: '', what: `horizontalpodautoscaler.autoscaling/${workload.name}` },
                { display: [sh`kubectl -n ${namespace} delete hpa ${workload.name}`.text] }
              )
            ],
            check: {
              ...described(say('hpacreate.check.undo', { hpa: workload.name })),
              action: clusterSteps.objectField.action(
                { context, path: objectPath(HPAS, namespace, workload.name), field: ['spec'] },
                { display: [sh`kubectl -n ${namespace} get hpa ${workload.name}`.text] }
              ),
              stdoutMatches: '^gone$'
            }
          }
        }
      )
    ],
    { namespace, hpa: workload.name }
  )
}

/** An autoscaler's range and CPU target changed; the undo sets them back. */
export function buildHpaEditPlan(context: ContextRef, namespace: string, hpa: string, from: HpaSettings, to: HpaSettings): Plan {
  const path = objectPath(HPAS, namespace, hpa)
  const set = (s: HpaSettings) => {
    const patch = { spec: { minReplicas: s.min, maxReplicas: s.max, metrics: cpuMetric(s.cpu) } }
    return clusterSteps.patch.action(
      { context, path, patch, what: `horizontalpodautoscaler.autoscaling/${hpa}` },
      { display: [sh`kubectl -n ${namespace} patch hpa ${hpa} --type=merge -p ${JSON.stringify(patch)}`.text] }
    )
  }
  return plan(
    'cluster.hpa-edit',
    context,
    planWords(say('hpaedit.plan.title', { hpa, namespace }), say('hpaedit.plan.summary', { hpa, fromMin: from.min, fromMax: from.max, fromCpu: from.cpu, ...to })),
    [
      step(`hpa-edit:${namespace}/${hpa}`, stepWords(say('hpacreate.step.title', { hpa, ...to }), say('hpaedit.step.description')), [set(to)], {
        check: rangeCheck(context, namespace, hpa, to),
        undo: { ...described(say('hpaedit.step.undo', { hpa, ...from })), actions: [set(from)], check: rangeCheck(context, namespace, hpa, from) }
      })
    ],
    { namespace, hpa }
  )
}

/** Revoke a bootstrap token: its Secret deleted (only that one, by uid); a node that has not joined with it yet cannot any more. */
export function buildRevokeTokenPlan(context: ContextRef, id: string, uid: string): Plan {
  const path = `/api/v1/namespaces/kube-system/secrets/${encodeURIComponent(`bootstrap-token-${id}`)}`
  return plan(
    'cluster.revoke-token',
    context,
    planWords(say('revoke.plan.title', { id }), say('revoke.plan.summary', { id })),
    [
      step(
        `revoke:${id}`,
        stepWords(say('revoke.step.title', { id }), say('revoke.step.description')),
        [clusterSteps.delete.action({ context, path, uid, what: `bootstrap token ${id}` }, { display: [sh`kubeadm token delete ${id}`.text] })],
        {
          irreversible: true,
          check: {
            ...described(say('revoke.check', { id })),
            action: clusterSteps.objectField.action({ context, path, field: ['metadata', 'name'] }, { display: [sh`kubeadm token list`.text] }),
            stdoutMatches: '^gone$'
          }
        }
      )
    ],
    { id }
  )
}
