import { describe, expect, it } from 'vitest'
import { BUILTIN_KINDS } from '../../../shared/cluster-kinds'
import { buildDeletePodPlan, buildEditPlan, buildMetadataPlan } from './object-plans'
import { readyzChecks } from './overview'
import type { BuiltinAction, PlanStep } from '../../../shared/model/operations'

const context = { file: '/k/config', name: 'prod' }
const deployments = BUILTIN_KINDS.find((k) => k.id === 'deployments')!
/** A step's first action (cluster plans' actions are API calls). */
const call = (s: PlanStep | { actions: PlanStep['actions'] } | undefined) => s?.actions[0] as BuiltinAction
const codes = (said: { code: string }[] | undefined) => (said ?? []).map((w) => w.code)

describe('object plans', () => {
  it('a forced delete of a StatefulSet’s pod held by a finalizer: warns, removes exactly that finalizer, then deletes with grace 0', () => {
    const p = buildDeletePodPlan(context, 'db', 'db-0', 'uid-1', {
      force: true,
      why: ['its node node-2 is not Ready (Unknown)'],
      statefulSet: 'db',
      finalizers: ['example.com/hold']
    })
    expect(codes(p.says?.warnings)).toEqual(['delete.warn.why', 'delete.warn.statefulset'])
    expect(p.steps.map((s) => s.id)).toEqual(['finalizers:db/db-0', 'delete:db/db-0'])
    expect(call(p.steps[1])).toMatchObject({ kind: 'builtin', args: { uid: 'uid-1', gracePeriodSeconds: 0 } })
    expect(call(p.steps[1]).display?.[0]).toBe('kubectl -n db delete pod db-0 --force --grace-period=0')
  })

  it('a plain delete has no finalizer step and no grace override', () => {
    const p = buildDeletePodPlan(context, 'web', 'web-1', 'u', { force: false, why: [], owner: 'replicasets/web-1a', finalizers: ['x'] })
    expect(p.steps).toHaveLength(1)
    expect(call(p.steps[0]).args).not.toHaveProperty('gracePeriodSeconds')
  })

  it('labels with hostile keys and values are quoted in the commands shown; the undo puts back the old values', () => {
    const p = buildMetadataPlan(context, deployments, 'ns', "web$(id)'", 'labels', { app: 'web', gone: 'x' }, { app: "$(touch /tmp/p)'" }, ['gone'])
    expect(call(p.steps[0]).display?.[0]).toBe(`kubectl -n ns label 'deployments/web$(id)'\\''' 'app=$(touch /tmp/p)'\\''' gone- --overwrite`)
    expect(call(p.steps[0].undo).args).toMatchObject({ patch: { metadata: { labels: { app: 'web', gone: 'x' } } } })
  })
})

describe('a YAML edit', () => {
  it('is written at the version it was read, and checked written by a version that moved on', () => {
    const o = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'ns', resourceVersion: '123' }, spec: { replicas: 1 } }
    const p = buildEditPlan(context, deployments, 'ns', 'web', o, { ...o, spec: { replicas: 2 } }, '123')
    expect(call(p.steps[0]).args).toMatchObject({ object: { metadata: { resourceVersion: '123' }, spec: { replicas: 2 } } })
    const written = new RegExp(p.steps[0].check!.stdoutMatches!)
    expect(written.test('value="124"')).toBe(true)
    expect(written.test('value="123"')).toBe(false)
    expect(written.test('value="1234"')).toBe(true)
    // The undo writes the object as it was over whatever version is there then.
    expect(call(p.steps[0].undo).args).toMatchObject({ latest: true, object: { spec: { replicas: 1 } } })
  })
})

describe('/readyz?verbose', () => {
  it('reads each check and what failed', () => {
    expect(readyzChecks('[+]ping ok\n[-]etcd failed: reason withheld\n[+]poststarthook/start-kube-apiserver-admission-initializer ok\nreadyz check failed\n')).toEqual([
      { name: 'ping', ok: true },
      { name: 'etcd', ok: false, detail: 'reason withheld' },
      { name: 'poststarthook/start-kube-apiserver-admission-initializer', ok: true }
    ])
  })
})
