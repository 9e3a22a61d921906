// The cluster domain's part of the operations engine: its plans reach no host, only the API
// server of the plan's context, with the context's own credentials.
import type { KubeConfig } from '@kubernetes/client-node'
import { z } from 'zod'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { implement, type BuiltinOutcome, type OperationDomain, type RemoteHost } from '../operations'
import { isUnschedulable, podUid, setUnschedulable } from './api'
import { budgetText, evictPods, podName } from './evict'
import { clusterSteps } from './steps'
import { objectPath } from './namespace'
import { apiRequest, statusMessage } from './raw'
import { hpaPath, readReplicas, scalePath } from './scale'

export interface ClusterDomainDeps {
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
}

const fail = (error: string, output?: string): BuiltinOutcome => ({ ok: false, error, output })
const APISERVICES = '/apis/apiregistration.k8s.io/v1/apiservices'
/** An action's result, shown as it happens (the live view and the CLI) and kept as its output. */
const said = (ctx: { stdout(chunk: string): void }, output: string): BuiltinOutcome => (ctx.stdout(output), { ok: true, output })

export function clusterOperationDomain(deps: ClusterDomainDeps): OperationDomain<RemoteHost, never, unknown> {
  return {
    target: z.never(),
    connect: () => Promise.reject(new Error('cluster plans reach no host')),
    builtins: [
      implement(clusterSteps.schedulable, async (a, ctx) => {
        const kc = await deps.kubeConfigFor(a.context)
        const { already } = await setUnschedulable(kc, a.node, a.unschedulable)
        const word = a.unschedulable ? 'cordoned' : 'uncordoned'
        // kubectl's words: "node/x cordoned", "node/x already cordoned".
        return said(ctx, `node/${a.node} ${already ? `already ${word}` : word}\n`)
      }),
      implement(clusterSteps.nodeState, async (a) => {
        const kc = await deps.kubeConfigFor(a.context)
        return { ok: true, output: `unschedulable=${await isUnschedulable(kc, a.node)}\n` }
      }),
      implement(clusterSteps.evict, async (a, ctx) => {
        const kc = await deps.kubeConfigFor(a.context)
        let output = ''
        const log = (line: string) => {
          output += line + '\n'
          ctx.stdout(line + '\n')
        }
        const r = await evictPods(kc, a.pods, { gracePeriodSeconds: a.gracePeriodSeconds, timeoutMs: a.timeoutMs, signal: ctx.signal, log })
        if (r.blocked.length) {
          const byBudget = new Map<string, string[]>()
          for (const b of r.blocked) {
            const key = b.budgets.map(budgetText).join('; ') || 'a PodDisruptionBudget'
            byBudget.set(key, [...(byBudget.get(key) ?? []), b.pod])
          }
          const why = [...byBudget].map(([budget, pods]) => `${pods.join(', ')} (blocked by ${budget})`).join('; ')
          return fail(
            `Cannot evict ${why}: the budget allowed no disruption for ${Math.round(a.timeoutMs / 1000)} s. Those pods were not deleted; ${r.evicted.length} other pods were evicted.`,
            output
          )
        }
        if (r.failed.length) return fail(`Could not evict ${r.failed.map((f) => `${f.pod} (${f.message})`).join(', ')}.`, output)
        return { ok: true, output: output || 'no pods to evict\n' }
      }),
      implement(clusterSteps.deleteApiService, async (a, ctx) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'DELETE', `${APISERVICES}/${encodeURIComponent(a.name)}`)
        if (r.status === 404) return said(ctx, `apiservice ${a.name} was already gone\n`)
        return r.status < 300 ? said(ctx, `apiservice.apiregistration.k8s.io "${a.name}" deleted\n`) : fail(`Deleting APIService ${a.name} failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.createApiService, async (a, ctx) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'POST', APISERVICES, a.object)
        if (r.status === 409) return said(ctx, 'the APIService exists already\n')
        return r.status < 300 ? said(ctx, 'APIService created again\n') : fail(`Creating the APIService again failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.apiServiceState, async (a) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'GET', `${APISERVICES}/${encodeURIComponent(a.name)}`)
        return { ok: true, output: r.status === 404 ? 'gone\n' : 'present\n' }
      }),
      implement(clusterSteps.removeFinalizers, async (a, ctx) => {
        const kc = await deps.kubeConfigFor(a.context)
        const path = objectPath(a.object, a.namespace)
        const now = await apiRequest(kc, 'GET', path)
        if (now.status === 404) return said(ctx, `${a.object.kind} ${a.object.name} is already gone\n`)
        const meta = (now.body as { metadata?: { finalizers?: string[]; resourceVersion?: string } })?.metadata ?? {}
        const keep = (meta.finalizers ?? []).filter((f) => !a.finalizers.includes(f))
        // resourceVersion: refused (409) rather than applied to an object changed since it was read.
        const r = await apiRequest(kc, 'PATCH', path, { metadata: { finalizers: keep, resourceVersion: meta.resourceVersion } }, 'application/merge-patch+json')
        if (r.status >= 300 && r.status !== 404)
          return fail(`Removing ${a.finalizers.join(', ')} from ${a.object.kind} ${a.namespace}/${a.object.name} failed: ${statusMessage(r)}`)
        return said(ctx, `removed ${a.finalizers.join(', ')} from ${a.object.kind.toLowerCase()}/${a.object.name}${keep.length ? ` (kept ${keep.join(', ')})` : ''}\n`)
      }),
      implement(clusterSteps.finalizersState, async (a) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'GET', objectPath(a.object, a.namespace))
        if (r.status === 404) return { ok: true, output: 'released\n' }
        const left = ((r.body as { metadata?: { finalizers?: string[] } })?.metadata?.finalizers ?? []).filter((f) => a.finalizers.includes(f))
        return { ok: true, output: left.length ? `left: ${left.join(', ')}\n` : 'released\n' }
      }),
      implement(clusterSteps.finalizeNamespace, async (a, ctx) => {
        const kc = await deps.kubeConfigFor(a.context)
        const path = `/api/v1/namespaces/${encodeURIComponent(a.namespace)}`
        const ns = await apiRequest(kc, 'GET', path)
        if (ns.status === 404) return said(ctx, `namespace ${a.namespace} is already gone\n`)
        const body = ns.body as { spec?: { finalizers?: string[] } }
        const r = await apiRequest(kc, 'PUT', `${path}/finalize`, { ...body, spec: { ...body.spec, finalizers: [] } })
        return r.status < 300 ? said(ctx, `namespace ${a.namespace} finalized\n`) : fail(`Finalizing namespace ${a.namespace} failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.namespaceState, async (a) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'GET', `/api/v1/namespaces/${encodeURIComponent(a.namespace)}`)
        return { ok: true, output: r.status === 404 ? 'gone\n' : `${(r.body as { status?: { phase?: string } })?.status?.phase ?? 'present'}\n` }
      }),
      implement(clusterSteps.scale, async (a, ctx) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'PATCH', scalePath(a.workload), { spec: { replicas: a.replicas } }, 'application/merge-patch+json')
        // kubectl's words: "deployment.apps/web scaled".
        return r.status < 300
          ? said(ctx, `${a.workload.resource.replace(/s$/, '')}.apps/${a.workload.name} scaled\n`)
          : fail(`Scaling ${a.workload.kind} ${a.workload.namespace}/${a.workload.name} failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.replicasState, async (a) => {
        const r = await readReplicas(await deps.kubeConfigFor(a.context), a.workload)
        return r.status === 200 ? { ok: true, output: `replicas=${r.replicas}\n` } : fail(r.message)
      }),
      implement(clusterSteps.hpaRange, async (a, ctx) => {
        const r = await apiRequest(
          await deps.kubeConfigFor(a.context),
          'PATCH',
          hpaPath(a.namespace, a.name),
          { spec: { minReplicas: a.min, maxReplicas: a.max } },
          'application/merge-patch+json'
        )
        return r.status < 300
          ? said(ctx, `horizontalpodautoscaler.autoscaling/${a.name} now ${a.min}–${a.max} replicas\n`)
          : fail(`Changing HPA ${a.namespace}/${a.name} failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.hpaState, async (a) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'GET', hpaPath(a.namespace, a.name))
        const spec = (r.body as { spec?: { minReplicas?: number; maxReplicas?: number } })?.spec
        return r.status === 200 ? { ok: true, output: `range=${spec?.minReplicas ?? 1}-${spec?.maxReplicas}\n` } : fail(statusMessage(r))
      }),
      implement(clusterSteps.replace, async (a, ctx) => {
        const kc = await deps.kubeConfigFor(a.context)
        const object = structuredClone(a.object) as { metadata?: { resourceVersion?: string; name?: string } }
        if (a.latest) {
          const now = await apiRequest(kc, 'GET', a.path)
          if (now.status !== 200) return fail(`Reading ${a.path} failed: ${statusMessage(now)}`)
          object.metadata = { ...object.metadata, resourceVersion: (now.body as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion }
        }
        const r = await apiRequest(kc, 'PUT', a.path, object)
        if (r.status === 409)
          return fail(
            `Refused: ${a.path} was changed by someone else after it was read (at resourceVersion ${object.metadata?.resourceVersion}). Nothing was written; open it again to see the change, then edit that.`
          )
        return r.status < 300 ? said(ctx, `${a.path} replaced\n`) : fail(`Replacing ${a.path} failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.patch, async (a, ctx) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'PATCH', a.path, a.patch, 'application/merge-patch+json')
        return r.status < 300 ? said(ctx, `${a.what} patched\n`) : fail(`Patching ${a.what} failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.create, async (a, ctx) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'POST', a.path, a.object)
        return r.status < 300 ? said(ctx, `${a.what} created\n`) : fail(`Creating ${a.what} failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.delete, async (a, ctx) => {
        const body = {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          ...(a.uid ? { preconditions: { uid: a.uid } } : {}),
          ...(a.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: a.gracePeriodSeconds } : {})
        }
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'DELETE', a.path, body)
        // Gone already, or replaced by a new object of the same name (the uid precondition fails): nothing of ours is left.
        if (r.status === 404 || r.status === 409) return said(ctx, `${a.what} was already gone\n`)
        return r.status < 300 ? said(ctx, `${a.what} deleted${a.gracePeriodSeconds === 0 ? ' (force)' : ''}\n`) : fail(`Deleting ${a.what} failed: ${statusMessage(r)}`)
      }),
      implement(clusterSteps.objectField, async (a) => {
        const r = await apiRequest(await deps.kubeConfigFor(a.context), 'GET', a.path)
        if (r.status === 404) return { ok: true, output: 'gone\n' }
        if (r.status !== 200) return fail(`Reading ${a.path} failed: ${statusMessage(r)}`)
        const value = a.field.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined), r.body)
        return { ok: true, output: `value=${JSON.stringify(value ?? null)}\n` }
      }),
      implement(clusterSteps.podsGone, async (a) => {
        const kc = await deps.kubeConfigFor(a.context)
        const left: string[] = []
        for (const p of a.pods) if ((await podUid(kc, p)) === p.uid) left.push(podName(p))
        return { ok: true, output: left.length ? `left: ${left.join(', ')}\n` : 'none\n' }
      })
    ]
  }
}
