// The plan catalogue: every code in both languages with the same parameters, and every plan
// Kubedeck builds carries a message for each sentence, worded in English exactly as its text and
// in 简体中文 without the English (only names, paths and commands stay as they are).
import { describe, expect, it } from 'vitest'
import type { Plan, PlanMessage } from '../model/operations'
import { planMessages, placeholders, word } from '.'
import { buildCronPlan, buildRepairPlan, buildRestorePlan } from '../../main/services/etcd'
import { buildCsrPlan, buildKubeletPlan, buildRenewPlan } from '../../main/services/certs/plans'
import { leftoversPlan } from '../../main/services/operations/leftovers'
import { buildDrainPlan, buildHpaRangePlan, buildScalePlan, buildSchedulePlan, buildUnstickPlan, selectPods } from '../../main/services/cluster'
import { validatePlan } from '../../main/services/operations/plan-rules'
import { binary3, kubeadm1, kubeadm3, snapshot } from '../../../tests/kits/etcd-topologies'
import { certPlanning } from '../../../tests/kits/cert-hosts'

describe('plan catalogue', () => {
  it('has every code in both languages, with the same parameters, and the Chinese in Chinese', () => {
    const en = planMessages.en as Record<string, string>
    const zh = planMessages['zh-CN'] as Record<string, string>
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort())
    for (const code of Object.keys(en)) {
      expect(placeholders(zh[code]).sort(), code).toEqual(placeholders(en[code]).sort())
      expect(zh[code], code).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})

/** Every sentence of a plan with the message beside it (undefined when the builder gave none). */
function sentencesOf(plan: Plan): { where: string; text: string; msg: PlanMessage | undefined }[] {
  const out: { where: string; text: string; msg: PlanMessage | undefined }[] = [
    { where: 'title', text: plan.title, msg: plan.says?.title },
    { where: 'summary', text: plan.summary, msg: plan.says?.summary },
    ...plan.warnings.map((text, i) => ({ where: `warning ${i + 1}`, text, msg: plan.says?.warnings?.[i] })),
    ...(plan.next ?? []).map((text, i) => ({ where: `next ${i + 1}`, text, msg: plan.says?.next?.[i] })),
    ...(plan.leftovers ?? []).map((l) => ({ where: `leftover ${l.path}`, text: l.what, msg: l.says }))
  ]
  for (const s of plan.steps) {
    out.push({ where: `${s.id} title`, text: s.title, msg: s.says?.title }, { where: `${s.id} description`, text: s.description, msg: s.says?.description })
    if (s.check) out.push({ where: `${s.id} check`, text: s.check.description, msg: s.check.says })
    if (s.undo) out.push({ where: `${s.id} undo`, text: s.undo.description, msg: s.undo.says })
    if (s.undo?.check) out.push({ where: `${s.id} undo check`, text: s.undo.check.description, msg: s.undo.check.says })
  }
  return out
}

/** Values of a message's parameters (kept as they are in every language). */
const values = (m: PlanMessage): string[] => Object.values(m.params ?? {}).flatMap((v) => (typeof v === 'object' ? values(v) : [String(v)]))

/** Also: the plan obeys the engine's rules (every change has a check and an undo…), as it would be journalled. */
function expectWorded(plan: Plan) {
  validatePlan(plan)
  for (const { where, text, msg } of sentencesOf(plan)) {
    expect(msg, `${plan.kind}: ${where} has no message ("${text}")`).toBeDefined()
    expect(word('en', msg, '∅'), `${plan.kind}: ${where}`).toBe(text)
    // With the parameters taken out, the Chinese holds no English sentence (at most a term such as API, etcd, token).
    let zh = word('zh-CN', msg, '∅')
    for (const v of values(msg!).sort((a, b) => b.length - a.length)) zh = zh.split(v).join(' ')
    expect(zh, `${plan.kind}: ${where}`).toMatch(/[\u4e00-\u9fff]/)
    expect(zh.match(/[A-Za-z]+(?:\s+[A-Za-z]+){3,}/g), `${plan.kind}: ${where}: ${zh}`).toBeNull()
  }
}

describe('plans in the reader’s language', () => {
  it('restore plans of every layout', () => {
    for (const t of [kubeadm1(), kubeadm3(), binary3()]) expectWorded(buildRestorePlan({ topology: t, snapshot, stamp: 's' }))
  })

  it('repairs and the backup cron job', () => {
    for (const t of [kubeadm3(), binary3()]) {
      expectWorded(buildRepairPlan({ topology: t, kind: 'wal-tmp-dir', member: t.members[0].settings.name, stamp: 's1' }))
      expectWorded(buildRepairPlan({ topology: t, kind: 'rejoin-member', member: t.members[2].settings.name, stamp: 's1' }))
      expectWorded(buildCronPlan(t, { member: t.members[0].settings.name }))
    }
  })

  it('certificate renewals, kubelet rotation, CSR decisions', () => {
    expectWorded(buildRenewPlan(certPlanning('kubeadm'), { updateKubeconfig: { subject: 'CN=kubernetes-admin' } }))
    const binary = certPlanning('binary')
    expectWorded(buildRenewPlan(binary, { only: binary.hosts[1].certs.certs.filter((c) => c.entry.source === 'file' && !c.entry.isCA).map((c) => c.entry.path.split(' → ')[0]) }))
    const kubeadm = certPlanning('kubeadm')
    expectWorded(buildKubeletPlan(kubeadm, kubeadm.hosts[1].host.id))
    expectWorded(buildCsrPlan({ context: { file: '/k', name: 'prod' } }, 'csr-1', 'approve'))
    expectWorded(buildCsrPlan({ context: { file: '/k', name: 'prod' } }, 'csr-1', 'deny'))
  })

  it('cordon, uncordon and drain', () => {
    const context = { file: '/k', name: 'prod' }
    for (const [u, already] of [
      [true, false],
      [true, true],
      [false, false]
    ] as const)
      expectWorded(buildSchedulePlan(context, 'node-1', u, already))
    const owned = { ownerReferences: [{ kind: 'ReplicaSet', name: 'web-1', controller: true }] }
    const selection = selectPods(
      [
        { namespace: 'a', name: 'web-1-x', uid: 'u1', ...owned },
        { namespace: 'a', name: 'lonely', uid: 'u2' },
        { namespace: 'kube-system', name: 'etcd-node-1', uid: 'u3', annotations: { 'kubernetes.io/config.mirror': 'x' } }
      ],
      { force: true }
    )
    expectWorded(buildDrainPlan(context, 'node-1', selection, false, { timeoutMs: 60_000, force: true }))
    expectWorded(buildDrainPlan(context, 'node-1', selectPods([{ namespace: 'a', name: 'one', uid: 'u', ...owned }], {}), true, { timeoutMs: 60_000 }))
  })

  it('a scale, and an autoscaler’s range instead', () => {
    const context = { file: '/k', name: 'prod' }
    const w = { namespace: 'shop', resource: 'deployments', kind: 'Deployment', name: 'web' }
    expectWorded(buildScalePlan(context, w, 2, 5))
    expectWorded(buildScalePlan(context, w, 2, 1))
    expectWorded(buildHpaRangePlan(context, 'shop', 'web', { min: 1, max: 4 }, { min: 2, max: 6 }))
  })

  it('a namespace freed from what holds it', () => {
    const context = { file: '/k', name: 'prod' }
    const d = {
      namespace: 'team-a',
      exists: true,
      phase: 'Terminating',
      conditions: [],
      finalizers: ['kubernetes'],
      brokenApiServices: [{ name: 'v1beta1.metrics.k8s.io', service: 'kube-system/metrics-server', message: 'no endpoints', object: {} }],
      undiscoverable: [{ groupVersion: 'metrics.k8s.io/v1beta1', message: 'the server is currently unable to handle the request' }],
      held: [{ apiVersion: 'v1', kind: 'ConfigMap', resource: 'configmaps', name: 'held', finalizers: ['example.com/hold'], resourceVersion: '1', deleting: true }],
      remaining: 2
    }
    const plan = buildUnstickPlan(context, d)
    expectWorded(plan)
    expect(plan.steps.map((s) => s.id)).toEqual(['apiservice:v1beta1.metrics.k8s.io', 'finalizers:configmaps/held', 'gone:team-a'])
    const last = buildUnstickPlan(context, { ...d, brokenApiServices: [], undiscoverable: [], held: [] }, { finalize: true })
    expectWorded(last)
    expect(last.steps.map((s) => s.id)).toEqual(['finalize:team-a'])
  })

  it('the removal of what a plan set aside', () => {
    const restore = buildRestorePlan({ topology: kubeadm3(), snapshot, stamp: 's' })
    const done = { id: 'op-1', state: 'succeeded', title: restore.title, plan: restore, journal: '/j' } as never
    const plan = leftoversPlan(done)
    expectWorded(plan)
    // The source plan's title inside it is in Chinese too.
    expect(word('zh-CN', plan.says!.title, '')).toMatch(/^删除“用 .* 恢复 .* 的 etcd”保留的内容$/)
  })
})
