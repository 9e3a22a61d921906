// How long a plan should take, and how long the cluster's API will be away, before the user
// presses Run. Step durations come from this kind's earlier successful runs (the median of each
// step kind: `stop-etcd:cp-1` and `stop-etcd:cp-2` are one kind), else from what the builder
// measured on the lab (`expectedMs`), else half a second (most pre-flight and small steps).
import type { OperationDetail, Plan, PlanEstimate, PlanStep } from '../../../shared/model/operations'

const DEFAULT_STEP_MS = 500

/** A step's kind: its id up to the first ':' (ids name the host after it). */
const kindOf = (s: { id: string }) => s.id.split(':')[0]

/** Median duration of each step kind over earlier successful runs. */
export function typicalDurations(runs: OperationDetail[]): Map<string, number> {
  const samples = new Map<string, number[]>()
  for (const run of runs) {
    if (run.state !== 'succeeded') continue
    for (const s of run.steps) {
      if (s.status !== 'succeeded' || !s.startedAt || !s.endedAt) continue
      const ms = Date.parse(s.endedAt) - Date.parse(s.startedAt)
      if (!(ms >= 0)) continue
      const list = samples.get(kindOf(s)) ?? []
      list.push(ms)
      samples.set(kindOf(s), list)
    }
  }
  const out = new Map<string, number>()
  for (const [k, list] of samples) {
    list.sort((a, b) => a - b)
    out.set(k, list[Math.floor(list.length / 2)])
  }
  return out
}

export function estimatePlan(plan: Plan, typical: Map<string, number> = new Map()): PlanEstimate {
  let fromHistory = 0
  const ms = (s: PlanStep) => {
    const seen = typical.get(kindOf(s))
    if (seen !== undefined) fromHistory++
    return seen ?? s.expectedMs ?? DEFAULT_STEP_MS
  }
  const each = plan.steps.map(ms)
  const totalMs = each.reduce((a, b) => a + b, 0)
  const down = plan.steps.findIndex((s) => s.api === 'down')
  let apiDownMs: number | undefined
  if (down >= 0) {
    const up = plan.steps.findIndex((s, i) => i > down && s.api === 'up')
    apiDownMs = each.slice(down, up < 0 ? undefined : up + 1).reduce((a, b) => a + b, 0)
  }
  return { totalMs, ...(apiDownMs !== undefined ? { apiDownMs } : {}), basis: fromHistory * 2 >= plan.steps.length ? 'past-runs' : 'plan' }
}
