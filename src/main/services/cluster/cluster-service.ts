// Day-2 actions on a cluster, planned from what the API says now: cordon, uncordon and drain
// (kubectl's pod filters, PodDisruptionBudgets honoured). Each becomes an operation the user
// confirms; the engine runs it through this domain's built-ins.
import type { KubeConfig } from '@kubernetes/client-node'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import type { OperationDetail } from '../../../shared/model/operations'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'
import type { OperationsService } from '../operations'
import { apiStatus, isUnschedulable, podsOnNode } from './api'
import { problemText, selectPods, type DrainOptions } from './drain'
import { buildDrainPlan, buildHpaRangePlan, buildScalePlan, buildSchedulePlan } from './plans'
import { autoscalerOf, parseWorkload, readReplicas, type Autoscaler } from './scale'
import { BUILTIN_KINDS, customKind, resolveKind, type KindInfo } from '../../../shared/cluster-kinds'
import { ListWatch, listTable, type RowChanges, type TableList } from './list-watch'
import { apiRequest, statusMessage } from './raw'
import { parse as parseYaml, YAMLParseError } from 'yaml'
import type { ClusterOverview, ObjectDetails } from '../../../shared/model/cluster'
import { readOverview } from './overview'
import { apiVersionOf, objectPath } from '../../../shared/cluster-kinds'
import { describeObject, NotFound, readObject, type ApiObject } from './details'
import {
  buildDeletePodPlan,
  buildEditPlan,
  buildRevokeTokenPlan,
  buildHpaCreatePlan,
  buildHpaEditPlan,
  buildMetadataPlan,
  buildRestartPlan,
  type HpaSettings
} from './object-plans'
import { diagnoseNamespace, type NamespaceDiagnosis } from './namespace'
import { buildUnstickPlan } from './unstick'

export interface ClusterServiceDeps {
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
  operations: Pick<OperationsService<never>, 'create'>
}

/** kubectl drain's default --timeout is 0 (forever); a plan step needs an end: five minutes unless told. */
export const DEFAULT_DRAIN_TIMEOUT_MS = 300_000

/** How long a list nobody watches stays current (a window switching pages and back keeps it). */
const LINGER_MS = 30_000

export class ClusterService {
  /** One watched list per context and kind, shared by every window that shows it. */
  private lists = new Map<string, { list: ListWatch; linger?: NodeJS.Timeout }>()

  constructor(private readonly deps: ClusterServiceDeps) {}

  /** The kinds the context's cluster lists: the built-in ones, then one per CustomResourceDefinition (none when they cannot be read). */
  async kinds(context: ContextRef): Promise<KindInfo[]> {
    const kc = await this.deps.kubeConfigFor(context)
    const r = await apiRequest(kc, 'GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions').catch(() => null)
    const custom = r?.status === 200 ? ((r.body as { items?: Parameters<typeof customKind>[0][] }).items ?? []).map(customKind).filter((x): x is KindInfo => !!x) : []
    return [...BUILTIN_KINDS, ...custom.sort((a, b) => a.id.localeCompare(b.id))]
  }

  /** A kind by kubectl's name for it (deploy, pods, certificates.cert-manager.io, …), or an error naming what exists. */
  async kind(context: ContextRef, name: string): Promise<KindInfo> {
    const found = resolveKind(name) ?? resolveKind(name, await this.kinds(context))
    if (found) return found
    throw new AppError({
      code: 'cluster.unknown-kind',
      message: t`error: the server doesn't have a resource type "${name}"`,
      hint: t`Name a kind as kubectl does (pods, deploy, svc, …); kubectl api-resources lists them.`
    })
  }

  /** One read of a kind's rows, as \`kubectl get\` prints them. */
  async get(context: ContextRef, kindName: string, namespace?: string): Promise<{ kind: KindInfo } & TableList> {
    const kind = await this.kind(context, kindName)
    const kc = await this.deps.kubeConfigFor(context)
    try {
      return { kind, ...(await listTable(kc, { kind, namespace })) }
    } catch (e) {
      throw new AppError({
        code: 'cluster.api',
        message: t`Could not list ${kind.id} with context ${context.name}: ${(e as Error).message}`,
        hint: t`Check the context with Test connection.`
      })
    }
  }

  /** Every object of a kind (all namespaces), kept current: the rows now, then the changes; the returned function stops listening. */
  async watch(context: ContextRef, kindName: string, listener: (c: RowChanges) => void): Promise<() => void> {
    const kind = await this.kind(context, kindName)
    const key = `${context.file}\u0000${context.name}\u0000${kind.id}`
    let entry = this.lists.get(key)
    if (!entry) {
      const list = new ListWatch(await this.deps.kubeConfigFor(context), { kind })
      entry = { list }
      this.lists.set(key, entry)
      list.start()
    }
    if (entry.linger) clearTimeout(entry.linger)
    const off = entry.list.subscribe(listener)
    const held = entry
    return () => {
      off()
      if (held.list.listening > 0) return
      held.linger = setTimeout(() => {
        if (held.list.listening > 0) return
        held.list.stop()
        this.lists.delete(key)
      }, LINGER_MS)
      held.linger.unref?.()
    }
  }

  /** The cluster at a glance; never fails as a whole (each part says what it could not read). */
  async overview(context: ContextRef): Promise<ClusterOverview> {
    return readOverview(await this.deps.kubeConfigFor(context))
  }

  /** Reads an object, naming it as kubectl would when it is not there or the API does not answer. */
  private async object<T>(context: ContextRef, kind: KindInfo, namespace: string, name: string, read: (kc: KubeConfig) => Promise<T>): Promise<T> {
    const kc = await this.deps.kubeConfigFor(context)
    try {
      return await read(kc)
    } catch (e) {
      if (e instanceof NotFound)
        throw new AppError({
          code: 'cluster.not-found',
          message: t`Error from server (NotFound): ${kind.id} "${name}" not found${kind.namespaced ? t` in namespace ${namespace}` : ''}`,
          hint: t`It may have been deleted meanwhile.`
        })
      if (e instanceof AppError) throw e
      throw new AppError({
        code: 'cluster.api',
        message: t`Could not read ${kind.id}/${name} with context ${context.name}: ${(e as Error).message}`,
        hint: t`Check the context with Test connection.`
      })
    }
  }

  /** An object for its details panel (fields, events, related objects, YAML); a Secret's values stay here. */
  async describe(context: ContextRef, kindName: string, namespace: string, name: string): Promise<ObjectDetails> {
    const kind = await this.kind(context, kindName)
    return this.object(context, kind, namespace, name, (kc) => describeObject(kc, kind, namespace, name))
  }

  /**
   * A plan that writes the edited YAML, refused now (and again by the server when it runs) if the
   * object is no longer at the resourceVersion the edit started from. Secrets are not edited here:
   * their values never reach the window, so an edit could only blank them.
   */
  async planEdit(context: ContextRef, kindName: string, namespace: string, name: string, yamlText: string, resourceVersion: string): Promise<OperationDetail> {
    const kind = await this.kind(context, kindName)
    if (kind.id === 'secrets')
      throw new AppError({
        code: 'cluster.secret-edit',
        message: t`Secrets are not edited in Kubedeck: their values never leave it.`,
        hint: t`Use kubectl edit secret ${name} -n ${namespace}.`
      })
    let edited: ApiObject
    try {
      edited = parseYaml(yamlText) as ApiObject
    } catch (e) {
      const line = e instanceof YAMLParseError ? (e.linePos?.[0]?.line ?? 0) : 0
      throw new AppError({
        code: 'input.invalid',
        message: t`The edited YAML does not parse at line ${line}: ${(e as Error).message.split('\n')[0]}`,
        hint: t`Nothing was changed; fix that line and review again.`
      })
    }
    const m = edited?.metadata
    if (!edited || typeof edited !== 'object' || m?.name !== name || (kind.namespaced && (m.namespace ?? namespace) !== namespace) || edited.kind !== kind.kind)
      throw new AppError({
        code: 'input.invalid',
        message: t`The edited YAML is not ${kind.kind} ${name}${kind.namespaced ? t` in ${namespace}` : ''} any more (kind, name and namespace cannot change in an edit).`,
        hint: t`Nothing was changed. To make another object, use kubectl apply.`
      })
    const before = await this.object(context, kind, namespace, name, (kc) => readObject(kc, kind, namespace, name))
    const now = before.metadata?.resourceVersion ?? ''
    if (now !== resourceVersion)
      throw new AppError({
        code: 'cluster.conflict',
        message: t`Refused: ${kind.id}/${name} changed after you opened it (resourceVersion ${resourceVersion}, now ${now}). Nothing was written.`,
        hint: t`Open it again to see the change, then make your edit on that.`
      })
    delete before.metadata?.managedFields
    return this.deps.operations.create(buildEditPlan(context, kind, namespace, name, before as Record<string, unknown>, edited as Record<string, unknown>, resourceVersion))
  }

  /** Delete a pod; `force` (one stuck in Terminating) says why it is stuck and warns for a StatefulSet's pod. */
  async planDeletePod(context: ContextRef, namespace: string, name: string, force: boolean): Promise<OperationDetail> {
    const d = await this.describe(context, 'pods', namespace, name)
    const owner = d.related.find((r) => r.relation === 'owner')
    return this.deps.operations.create(
      buildDeletePodPlan(context, namespace, name, d.uid, {
        force,
        why: force ? (d.stuck?.why ?? []) : [],
        finalizers: d.finalizers,
        ...(d.stuck?.statefulSet ? { statefulSet: d.stuck.statefulSet } : owner?.kind === 'statefulsets' ? { statefulSet: owner.name } : {}),
        ...(owner ? { owner: `${owner.kind}/${owner.name}` } : {})
      })
    )
  }

  /** kubectl rollout restart, for a Deployment, StatefulSet or DaemonSet. */
  async planRestart(context: ContextRef, kindName: string, namespace: string, name: string): Promise<OperationDetail> {
    const kind = await this.kind(context, kindName)
    if (!['deployments', 'statefulsets', 'daemonsets'].includes(kind.id))
      throw new AppError({ code: 'input.invalid', message: t`error: ${kind.id} "${name}" cannot be restarted: only deployments, statefulsets and daemonsets roll out.` })
    await this.object(context, kind, namespace, name, (kc) => readObject(kc, kind, namespace, name))
    return this.deps.operations.create(buildRestartPlan(context, kind, namespace, name))
  }

  /** Labels or annotations set and removed as one plan, whose undo restores the values they had. */
  async planMetadata(
    context: ContextRef,
    kindName: string,
    namespace: string,
    name: string,
    field: 'labels' | 'annotations',
    set: Record<string, string>,
    remove: string[]
  ): Promise<OperationDetail> {
    const kind = await this.kind(context, kindName)
    const keyOk = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/
    const bad = [...Object.keys(set), ...remove].find((k) => !keyOk.test(k) || k.length > 316)
    if (bad !== undefined)
      throw new AppError({
        code: 'input.invalid',
        message: t`"${bad}" is not a valid ${field === 'labels' ? 'label' : 'annotation'} key.`,
        hint: t`A key is [prefix/]name: letters, digits, -, _ and . (the prefix a DNS name).`
      })
    if (field === 'labels') {
      const badValue = Object.entries(set).find(([, v]) => !/^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(v) || v.length > 63)
      if (badValue)
        throw new AppError({
          code: 'input.invalid',
          message: t`"${badValue[1]}" is not a valid value for label ${badValue[0]}.`,
          hint: t`At most 63 letters, digits, -, _ and ., starting and ending with a letter or digit.`
        })
    }
    if (!Object.keys(set).length && !remove.length) throw new AppError({ code: 'input.invalid', message: t`Nothing to change.` })
    const o = await this.object(context, kind, namespace, name, (kc) => readObject(kc, kind, namespace, name))
    return this.deps.operations.create(buildMetadataPlan(context, kind, namespace, name, field, o.metadata?.[field] ?? {}, set, remove))
  }

  /**
   * An autoscaler for a workload: changed when one targets it already (its range and CPU target),
   * else made as kubectl autoscale does. Both undo.
   */
  async planHpa(context: ContextRef, workloadRef: string, namespace: string, s: HpaSettings): Promise<OperationDetail> {
    if (s.min > s.max) throw new AppError({ code: 'input.invalid', message: t`--min ${s.min} is above --max ${s.max}.` })
    const w = parseWorkload(workloadRef, namespace)
    if (!w) throw new AppError({ code: 'input.invalid', message: t`error: cannot autoscale ${workloadRef}: give TYPE/NAME with TYPE deployment, statefulset or replicaset` })
    const kc = await this.deps.kubeConfigFor(context)
    const now = await readReplicas(kc, w)
    if (now.status === 404)
      throw new AppError({ code: 'cluster.not-found', message: t`Error from server (NotFound): ${w.resource}.apps "${w.name}" not found in namespace ${namespace}` })
    if (now.status !== 200) throw new AppError({ code: 'cluster.api', message: t`Could not read ${workloadRef} with context ${context.name}: ${now.message}` })
    const hpa = await autoscalerOf(kc, w)
    if (hpa) {
      const cur = await apiRequest(kc, 'GET', objectPath(await this.kind(context, 'hpa'), namespace, hpa.name))
      const metric = ((cur.body as ApiObject)?.spec?.metrics as { resource?: { name?: string; target?: { averageUtilization?: number } } }[] | undefined)?.find(
        (m) => m.resource?.name === 'cpu'
      )
      if (cur.status !== 200) throw new AppError({ code: 'cluster.api', message: t`Could not read autoscaler ${hpa.name}: ${statusMessage(cur)}` })
      return this.deps.operations.create(
        buildHpaEditPlan(context, namespace, hpa.name, { min: hpa.minReplicas, max: hpa.maxReplicas, cpu: metric?.resource?.target?.averageUtilization ?? 80 }, s)
      )
    }
    const kind = await this.kind(context, w.resource)
    return this.deps.operations.create(buildHpaCreatePlan(context, namespace, { kind: w.kind, apiVersion: apiVersionOf(kind), resource: w.resource, name: w.name }, s))
  }

  /** Revoke a bootstrap token (kubeadm token delete) as a plan. */
  async planRevokeToken(context: ContextRef, id: string): Promise<OperationDetail> {
    if (!/^[a-z0-9]{6}$/.test(id))
      throw new AppError({ code: 'input.invalid', message: t`"${id}" is not a bootstrap token id (six lower-case letters and digits, the part before the dot).` })
    const kc = await this.deps.kubeConfigFor(context)
    const r = await apiRequest(kc, 'GET', `/api/v1/namespaces/kube-system/secrets/bootstrap-token-${id}`)
    if (r.status === 404)
      throw new AppError({ code: 'cluster.not-found', message: t`There is no bootstrap token ${id} in this cluster.`, hint: t`kubedeck join-command --list shows them.` })
    if (r.status !== 200) throw new AppError({ code: 'cluster.api', message: t`Could not read bootstrap token ${id}: ${statusMessage(r)}` })
    return this.deps.operations.create(buildRevokeTokenPlan(context, id, (r.body as ApiObject).metadata?.uid ?? ''))
  }

  close(): void {
    for (const { list, linger } of this.lists.values()) {
      if (linger) clearTimeout(linger)
      list.stop()
    }
    this.lists.clear()
  }

  private async node<T>(context: ContextRef, node: string, read: (kc: KubeConfig) => Promise<T>): Promise<T> {
    const kc = await this.deps.kubeConfigFor(context)
    try {
      return await read(kc)
    } catch (e) {
      const { code, message } = apiStatus(e)
      if (code === 404) {
        throw new AppError({
          code: 'cluster.node-not-found',
          message: t`Error from server (NotFound): nodes "${node}" not found`,
          hint: t`Name the node as \`kubectl get nodes\` shows it.`
        })
      }
      throw new AppError({
        code: 'cluster.api',
        message: t`Could not read node ${node} with context ${context.name}: ${message}`,
        hint: t`Check the context with Test connection.`
      })
    }
  }

  async planSchedule(context: ContextRef, node: string, unschedulable: boolean): Promise<OperationDetail> {
    const already = (await this.node(context, node, (kc) => isUnschedulable(kc, node))) === unschedulable
    return this.deps.operations.create(buildSchedulePlan(context, node, unschedulable, already))
  }

  /** A drain plan, or (as kubectl) a refusal naming every pod the flags do not cover, before anything changes. */
  async planDrain(context: ContextRef, node: string, o: DrainOptions & { gracePeriodSeconds?: number; timeoutMs?: number; podSelector?: string }): Promise<OperationDetail> {
    const { cordoned, pods } = await this.node(context, node, async (kc) => ({ cordoned: await isUnschedulable(kc, node), pods: await podsOnNode(kc, node, o.podSelector) }))
    const selection = selectPods(pods, o)
    if (selection.problems.length) {
      throw new AppError({
        code: 'cluster.drain-refused',
        message: t`Cannot drain ${node}: ${selection.problems.map(problemText).join('; ')}. Nothing was changed.`,
        hint: t`Add the flag each line names if that is what you mean, or move those pods first.`,
        data: { problems: selection.problems.map((p) => ({ problem: p.problem, pods: p.pods.map((x) => `${x.namespace}/${x.name}`) })) }
      })
    }
    return this.deps.operations.create(buildDrainPlan(context, node, selection, cordoned, { ...o, timeoutMs: o.timeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS }))
  }

  /** Why a namespace stays in Terminating: conditions, unavailable APIServices, the objects and finalizers that hold it. */
  async diagnoseNamespace(context: ContextRef, namespace: string): Promise<NamespaceDiagnosis> {
    const kc = await this.deps.kubeConfigFor(context)
    try {
      return await diagnoseNamespace(kc, namespace)
    } catch (e) {
      throw new AppError({
        code: 'cluster.api',
        message: t`Could not read namespace ${namespace} with context ${context.name}: ${(e as Error).message}`,
        hint: t`Check the context with Test connection.`
      })
    }
  }

  /** A plan that frees a namespace stuck in Terminating (see unstick.ts), with the diagnosis it was made from. */
  async planUnstick(context: ContextRef, namespace: string, o: { finalize?: boolean } = {}): Promise<{ diagnosis: NamespaceDiagnosis; operation: OperationDetail }> {
    const diagnosis = await this.diagnoseNamespace(context, namespace)
    if (!diagnosis.exists) {
      throw new AppError({
        code: 'cluster.namespace-not-found',
        message: t`Error from server (NotFound): namespaces "${namespace}" not found`,
        hint: t`It may be gone already: kubectl get namespaces.`
      })
    }
    if (diagnosis.phase !== 'Terminating') {
      throw new AppError({
        code: 'cluster.namespace-not-terminating',
        message: t`Namespace ${namespace} is not being deleted (phase ${diagnosis.phase || 'unknown'}): there is nothing to free.`,
        hint: t`kubectl delete namespace ${namespace} starts its deletion; run this again if it does not finish.`
      })
    }
    return { diagnosis, operation: await this.deps.operations.create(buildUnstickPlan(context, diagnosis, o)) }
  }

  /**
   * A scale plan; refused when an HPA targets the workload (a manual scale fights it), naming the
   * HPA and its range. With `range`, the HPA's min/max are what the plan changes instead.
   */
  async planScale(context: ContextRef, ref: string, namespace: string, o: { replicas?: number; range?: { min: number; max: number } }): Promise<OperationDetail> {
    const w = parseWorkload(ref, namespace)
    if (!w) {
      throw new AppError({
        code: 'input.invalid',
        message: t`error: cannot scale ${ref}: give TYPE/NAME with TYPE deployment, statefulset or replicaset`,
        hint: t`For example: deploy/web, statefulset/db.`
      })
    }
    const kc = await this.deps.kubeConfigFor(context)
    const now = await readReplicas(kc, w)
    if (now.status === 404)
      throw new AppError({ code: 'cluster.not-found', message: t`Error from server (NotFound): ${w.resource}.apps "${w.name}" not found in namespace ${namespace}` })
    if (now.status !== 200) throw new AppError({ code: 'cluster.api', message: t`Could not read ${ref} with context ${context.name}: ${now.message}` })
    const hpa = await autoscalerOf(kc, w)
    if (o.range) {
      if (!hpa)
        throw new AppError({
          code: 'cluster.no-hpa',
          message: t`No HorizontalPodAutoscaler targets ${ref} in ${namespace}: there is no range to change.`,
          hint: t`Scale it with --replicas.`
        })
      if (o.range.min > o.range.max) throw new AppError({ code: 'input.invalid', message: t`--min ${o.range.min} is above --max ${o.range.max}.` })
      return this.deps.operations.create(buildHpaRangePlan(context, namespace, hpa.name, { min: hpa.minReplicas, max: hpa.maxReplicas }, o.range))
    }
    if (hpa) throw hpaConflict(ref, namespace, hpa)
    return this.deps.operations.create(buildScalePlan(context, w, now.replicas, o.replicas ?? now.replicas))
  }
}

function hpaConflict(ref: string, namespace: string, hpa: Autoscaler): AppError {
  return new AppError({
    code: 'cluster.hpa-conflict',
    message: t`HorizontalPodAutoscaler ${namespace}/${hpa.name} targets ${ref} (${hpa.minReplicas}–${hpa.maxReplicas} replicas, now ${hpa.currentReplicas}, wants ${hpa.desiredReplicas}): a manual scale would be undone at its next sync. Nothing was changed.`,
    hint: t`Change the autoscaler's range instead: --min N --max M.`,
    data: { hpa }
  })
}
