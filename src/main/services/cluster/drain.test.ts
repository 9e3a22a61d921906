import { describe, expect, it } from 'vitest'
import { problemText, selectPods, warningText, type DrainPod } from './drain'
import { selects, selectorText } from '../../../shared/label-selector'

const owned = (kind: string): Partial<DrainPod> => ({ ownerReferences: [{ kind, name: 'x', controller: true }] })
const pod = (name: string, extra: Partial<DrainPod> = {}): DrainPod => ({ namespace: 'ns', name, uid: name, phase: 'Running', ...extra })

describe('drain selection (kubectl drain’s filters)', () => {
  const pods = [
    pod('web', owned('ReplicaSet')),
    pod('agent', owned('DaemonSet')),
    pod('cache', { ...owned('StatefulSet'), volumes: [{ emptyDir: {} }] }),
    pod('lonely'),
    pod('done', { phase: 'Succeeded' }),
    pod('static', { annotations: { 'kubernetes.io/config.mirror': 'abc' } })
  ]

  it('refuses DaemonSet, emptyDir and unmanaged pods without their flags, naming each; mirror pods stay', () => {
    const s = selectPods(pods, {})
    expect(s.problems.map(problemText)).toEqual([
      'cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ns/agent',
      'cannot delete Pods with local storage (use --delete-emptydir-data to override): ns/cache',
      'cannot delete Pods that declare no controller (use --force to override): ns/lonely'
    ])
    expect(s.skipped).toEqual([{ pod: pods[5], reason: 'mirror' }])
    // A finished pod goes whatever the flags.
    expect(s.evict.map((p) => p.name)).toEqual(['web', 'done'])
  })

  it('with the flags: DaemonSet pods left alone, the others evicted, each flag’s warning said', () => {
    const s = selectPods(pods, { ignoreDaemonsets: true, deleteEmptydirData: true, force: true })
    expect(s.problems).toEqual([])
    expect(s.evict.map((p) => p.name)).toEqual(['web', 'cache', 'lonely', 'done'])
    expect(s.skipped.map((x) => [x.pod.name, x.reason])).toEqual([
      ['agent', 'daemonset'],
      ['static', 'mirror']
    ])
    expect(s.warnings.map(warningText)).toEqual([
      'ignoring DaemonSet-managed Pods: ns/agent',
      'deleting Pods with local storage: ns/cache',
      'deleting Pods that declare no controller: ns/lonely'
    ])
  })
})

describe('label selectors as the API server matches them', () => {
  const labels = { app: 'web', tier: 'front' }
  it('matchLabels and every expression operator', () => {
    expect(selects({ matchLabels: { app: 'web' } }, labels)).toBe(true)
    expect(selects({ matchLabels: { app: 'db' } }, labels)).toBe(false)
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, labels)).toBe(true)
    expect(selects({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, labels)).toBe(false)
    expect(selects({ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['a'] }] }, labels)).toBe(true)
    expect(selects({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, labels)).toBe(true)
    expect(selects({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, labels)).toBe(false)
    expect(selects({ matchExpressions: [{ key: 'app', operator: 'Gt', values: ['1'] }] }, labels)).toBe(false)
  })
  it('an empty selector selects every pod, a missing one none (a budget without a selector protects nothing)', () => {
    expect(selects({}, labels)).toBe(true)
    expect(selects(undefined, labels)).toBe(false)
    expect(selectorText({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] })).toBe('app=web,tier in (a,b)')
  })
})

describe('plan lines a person can run', () => {
  it('quote every name with the one shell builder', async () => {
    const { buildSchedulePlan, buildScalePlan } = await import('./plans')
    const context = { file: '/k', name: 'prod' }
    const node = "n-1; $(reboot)'"
    const plan = buildSchedulePlan(context, node, true, false)
    expect((plan.steps[0].actions[0] as { display: string[] }).display).toEqual([`kubectl cordon 'n-1; $(reboot)'\\'''`])
    const scale = buildScalePlan(context, { namespace: 'a b', resource: 'deployments', kind: 'Deployment', name: 'web' }, 1, 2)
    expect((scale.steps[0].actions[0] as { display: string[] }).display).toEqual([`kubectl -n 'a b' scale deployments/web --replicas=2`])
  })
})
