// Evicting a node's pods as kubectl drain does: every pod at once, each through the Eviction
// API; a 429 (a PodDisruptionBudget allows no disruption now) is retried every 5 s until the
// timeout, naming the budget that blocks; then each pod is waited for until it is gone (or a new
// pod of the same name took its place). Pods are never deleted around a budget.
import type { KubeConfig } from '@kubernetes/client-node'
import { apiStatus, budgets, evict, podUid, type Budget } from './api'
import { selects } from '../../../shared/label-selector'

export interface EvictTarget {
  namespace: string
  name: string
  uid: string
  labels?: Record<string, string>
}

export interface EvictOptions {
  gracePeriodSeconds?: number
  timeoutMs: number
  /** kubectl waits 5 s between tries of a refused eviction. */
  retryMs?: number
  pollMs?: number
  signal?: AbortSignal
  log(line: string): void
}

export interface EvictResult {
  evicted: string[]
  /** Pods a disruption budget kept until the timeout, with the budgets that select them. */
  blocked: { pod: string; budgets: Budget[]; message: string }[]
  failed: { pod: string; message: string }[]
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true })
  })

export const podName = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`

export function budgetText(b: Budget): string {
  const rule = b.minAvailable !== undefined ? `minAvailable ${b.minAvailable}` : b.maxUnavailable !== undefined ? `maxUnavailable ${b.maxUnavailable}` : 'no rule'
  return `PodDisruptionBudget ${b.namespace}/${b.name} (${rule}; ${b.currentHealthy} healthy, ${b.desiredHealthy} needed, ${b.disruptionsAllowed} disruptions allowed)`
}

export async function evictPods(kc: KubeConfig, pods: readonly EvictTarget[], o: EvictOptions): Promise<EvictResult> {
  const deadline = Date.now() + o.timeoutMs
  const result: EvictResult = { evicted: [], blocked: [], failed: [] }
  const budgetsOf = new Map<string, Promise<Budget[]>>()
  const blocking = async (p: EvictTarget) => {
    let list = budgetsOf.get(p.namespace)
    if (!list) budgetsOf.set(p.namespace, (list = budgets(kc, p.namespace).catch(() => [])))
    return (await list).filter((b) => selects(b.selector, p.labels))
  }

  await Promise.all(
    pods.map(async (p) => {
      const name = podName(p)
      let refusedWith: { message: string; budgets: Budget[] } | null = null
      for (;;) {
        if (o.signal?.aborted) return void result.failed.push({ pod: name, message: 'cancelled' })
        try {
          await evict(kc, p, o.gracePeriodSeconds)
          o.log(`evicting pod ${name}`)
          break
        } catch (e) {
          const { code, message } = apiStatus(e)
          if (code === 404) {
            o.log(`pod ${name} is already gone`)
            return void result.evicted.push(name)
          }
          if (code !== 429) return void result.failed.push({ pod: name, message: `${code ? `${code}: ` : ''}${message}` })
          if (!refusedWith) {
            refusedWith = { message, budgets: await blocking(p) }
            const by = refusedWith.budgets.map(budgetText).join('; ') || 'a PodDisruptionBudget'
            o.log(`error when evicting pod ${name} (will retry after 5s): ${message} Blocked by ${by}.`)
          }
          if (Date.now() + (o.retryMs ?? 5000) > deadline) return void result.blocked.push({ pod: name, ...refusedWith })
          await sleep(o.retryMs ?? 5000, o.signal)
        }
      }
      // Evicted: wait until the pod is gone (or replaced under the same name).
      while (Date.now() < deadline && !o.signal?.aborted) {
        const uid = await podUid(kc, p).catch(() => p.uid)
        if (uid !== p.uid) {
          o.log(`pod/${p.name} evicted`)
          return void result.evicted.push(name)
        }
        await sleep(o.pollMs ?? 1000, o.signal)
      }
      result.failed.push({ pod: name, message: `was evicted but had not gone away when the time was up (${Math.round(o.timeoutMs / 1000)} s)` })
    })
  )
  return result
}
