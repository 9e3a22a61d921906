// Many pods for scale tests and benchmarks: N pods of a pause image bound straight to the lab's
// nodes (spread over every node host; no scheduler pass), which kwok on each node then reports
// Running — the API server, its watch cache and every list see a big cluster; no container runs.
// Created 32 requests at a time; removed by deletecollection (grace period 0), and the namespace
// after them, so the lab is as it was.
import type { LabInfo } from '../index'
import { clientFromKubeconfig } from '../host/kube-client'
import { waitFor } from './exec'

export interface LoadedPods {
  namespace: string
  count: number
  /** Pod i is `load-<i>` with label `app=load-<i % 10>` (for selectors), on node hosts round-robin. */
  names: string[]
}

/** Pods at most: kwok and one API server on two cores handle this many within a test's time. */
export const MAX_LOADED_PODS = 20_000

export async function loadPods(lab: Pick<LabInfo, 'kubeconfig' | 'hosts'>, o: { namespace: string; count: number; running?: boolean; timeoutMs?: number }): Promise<LoadedPods> {
  if (o.count < 1 || o.count > MAX_LOADED_PODS) throw new Error(`loadPods: count ${o.count} is outside 1..${MAX_LOADED_PODS}`)
  const api = clientFromKubeconfig(lab.kubeconfig)
  const nodes = lab.hosts.map((h) => h.name)
  await api
    .call('POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: o.namespace, labels: { 'kubedeck.dev/lab-load': 'true' } } })
    .catch((e: { status?: number }) => {
      if (e.status !== 409) throw e
    })
  const names = Array.from({ length: o.count }, (_, i) => `load-${i}`)
  let next = 0
  const worker = async () => {
    while (next < names.length) {
      const i = next++
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: names[i], namespace: o.namespace, labels: { app: `load-${i % 10}`, 'kubedeck.dev/lab-load': 'true' } },
        spec: {
          nodeName: nodes[i % nodes.length],
          containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }],
          tolerations: [{ operator: 'Exists' }],
          terminationGracePeriodSeconds: 0
        }
      }
      await api.call('POST', `/api/v1/namespaces/${o.namespace}/pods`, pod).catch((e: { status?: number }) => {
        if (e.status !== 409) throw e
      })
    }
  }
  await Promise.all(Array.from({ length: 32 }, worker))
  if (o.running !== false) {
    // kwok reports them Running in its own time; wait until every one is.
    await waitFor(
      `${o.count} pods Running`,
      async () => {
        const r = await api.call<{ items: unknown[]; metadata: { remainingItemCount?: number } }>(
          'GET',
          `/api/v1/namespaces/${o.namespace}/pods?fieldSelector=${encodeURIComponent('status.phase!=Running')}&limit=1`
        )
        return r.items.length === 0
      },
      { timeoutMs: o.timeoutMs ?? 300_000, intervalMs: 2000, component: `kwok (${o.count} pods Running)` }
    )
  }
  return { namespace: o.namespace, count: o.count, names }
}

/** Removes what loadPods made: the pods at once (grace period 0, a tenth at a time, in parallel: one request for all of them outlasts the API server's 60 s request timeout), then their namespace. */
export async function unloadPods(lab: Pick<LabInfo, 'kubeconfig'>, namespace: string): Promise<void> {
  const api = clientFromKubeconfig(lab.kubeconfig)
  const gone = (e: { status?: number }) => (e.status === 404 ? undefined : Promise.reject(e))
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      api
        .call(
          'DELETE',
          `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(`app=load-${i}`)}`,
          { kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 },
          undefined,
          120_000
        )
        .catch(gone)
    )
  )
  await api.call('DELETE', `/api/v1/namespaces/${namespace}`).catch(gone)
  await waitFor(
    `namespace ${namespace} gone`,
    async () =>
      api.call('GET', `/api/v1/namespaces/${namespace}`).then(
        () => false,
        (e: { status?: number }) => e.status === 404
      ),
    { timeoutMs: 180_000, intervalMs: 1000, component: `namespace ${namespace} removal` }
  )
}
