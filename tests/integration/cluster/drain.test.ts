// Node maintenance against the lab's API server (kubeadm-1; kwok runs the pods), through the CLI
// as a person runs it, with kubectl as the oracle: a drain refused for a pod no controller
// recreates (nothing changes), then blocked by a PodDisruptionBudget (the budget named, its pods
// kept, the node cordoned, exit 1), then completed once the budget allows it; cordon and
// uncordon as plans with an undo. The node is schedulable again and the namespace gone after.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectl, labSkipReason, requireLab, type LabInfo } from '../../lab'
import { runKubedeck } from '../kubeconfig/harness'
import { LAB_INSTANCE } from '../terminals/support'

const skip = labSkipReason()
const NS = 'kd-drain-test'
const SELECTOR = 'kubedeck-test=drain'

const manifest = (node: string, minAvailable: number) => `
apiVersion: v1
kind: Namespace
metadata: { name: ${NS} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: ${NS} }
spec:
  replicas: 2
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web, kubedeck-test: drain } }
    spec:
      nodeSelector: { kubernetes.io/hostname: ${node} }
      # The control plane's taint only: a blanket toleration would let replacements onto the cordoned node.
      tolerations: [{ key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }]
      containers: [{ name: app, image: registry.k8s.io/pause:3.10 }]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: web-pdb, namespace: ${NS} }
spec:
  minAvailable: ${minAvailable}
  selector: { matchLabels: { app: web } }
---
apiVersion: v1
kind: Pod
metadata: { name: lonely, namespace: ${NS}, labels: { kubedeck-test: drain } }
spec:
  nodeName: ${node}
  tolerations: [{ operator: Exists }]
  containers: [{ name: app, image: registry.k8s.io/pause:3.10 }]
`

describe.skipIf(!!skip)(`drain, cordon and uncordon on kubeadm-1 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let env: NodeJS.ProcessEnv
  let dataDir: string
  let node: string
  const k = async (...args: string[]) => (await kubectl(lab, args, { timeoutMs: 120_000 })).stdout.trim()
  const kd = (...args: string[]) => runKubedeck(args, env, dataDir)
  const unschedulable = async () => (await k('get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}')) === 'true'
  const webPods = async () =>
    (await k('get', 'pods', '-n', NS, '-l', 'app=web', '-o', 'jsonpath={range .items[*]}{.metadata.uid} {.status.phase}{"\\n"}{end}')).split('\n').filter(Boolean)

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    node = lab.hosts[0].name
    dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-drain-it-'))
    env = { PATH: process.env.PATH, HOME: dataDir, KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: join(dataDir, 'data') }
    await kubectl(lab, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=90s'], { timeoutMs: 120_000 })
    await kubectl(lab, ['apply', '-f', '-'], { input: manifest(node, 2) })
    await kubectl(lab, ['-n', NS, 'rollout', 'status', 'deployment/web', '--timeout=90s'], { timeoutMs: 120_000 })
    await kubectl(lab, ['-n', NS, 'wait', '--for=jsonpath={.status.phase}=Running', 'pod/lonely', '--timeout=60s'], { timeoutMs: 90_000 })
    // The budget counts both web pods healthy (and so allows no disruption).
    await kubectl(lab, ['-n', NS, 'wait', '--for=jsonpath={.status.currentHealthy}=2', 'pdb/web-pdb', '--timeout=60s'], { timeoutMs: 90_000 })
  })

  afterAll(async () => {
    if (lab) {
      await kubectl(lab, ['uncordon', node], { allowFailure: true })
      await kubectl(lab, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=false'], { allowFailure: true })
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('refuses, as kubectl does, to drain a pod no controller recreates without --force, changing nothing', async () => {
    const r = await kd('drain', node, '--context', lab.context, '--pod-selector', SELECTOR, '--yes')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`cannot delete Pods that declare no controller (use --force to override): ${NS}/lonely`)
    expect(await unschedulable()).toBe(false)
    expect(await k('get', 'pod', '-n', NS, 'lonely', '-o', 'name')).toBe('pod/lonely')
  })

  it('a budget that allows no disruption blocks the drain: named, its pods kept, the node cordoned, exit 1', async () => {
    const before = await webPods()
    expect(before).toHaveLength(2)
    const dry = await kd('drain', node, '--context', lab.context, '--pod-selector', SELECTOR, '--force', '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`Drain ${node}`)
    expect(dry.stdout).toContain(`deleting Pods that declare no controller: ${NS}/lonely`)
    expect(await unschedulable()).toBe(false)

    const r = await kd('drain', node, '--context', lab.context, '--pod-selector', SELECTOR, '--force', '--timeout', '12s', '--yes')
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(`PodDisruptionBudget ${NS}/web-pdb (minAvailable 2; 2 healthy, 2 needed, 0 disruptions allowed)`)
    expect(r.stdout).toMatch(/Cannot evict .*blocked by PodDisruptionBudget/)
    // The pods the budget protects are the same pods (never deleted around it); the other one went.
    expect((await webPods()).sort()).toEqual(before.sort())
    expect(await k('get', 'pod', '-n', NS, '--ignore-not-found', 'lonely', '-o', 'name')).toBe('')
    expect(await unschedulable()).toBe(true)
  })

  it('completes once the budget allows it, then uncordon (a plan with an undo) makes the node schedulable again', async () => {
    await kubectl(lab, ['-n', NS, 'patch', 'pdb', 'web-pdb', '--type=merge', '-p', '{"spec":{"minAvailable":0}}'])
    await kubectl(lab, ['-n', NS, 'wait', '--for=jsonpath={.status.disruptionsAllowed}=2', 'pdb/web-pdb', '--timeout=60s'], { timeoutMs: 90_000 })
    const before = await webPods()
    const r = await kd('drain', node, '--context', lab.context, '--pod-selector', SELECTOR, '--timeout', '60s', '--yes')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('node/' + node + ' already cordoned')
    // The evicted pods are gone; their replacements wait (the only node is cordoned).
    const after = await webPods()
    for (const p of before) expect(after).not.toContain(p)
    expect(after.filter((p) => !p.endsWith('Pending'))).toEqual([])

    const u = await kd('uncordon', node, '--context', lab.context, '--yes')
    expect(u.code).toBe(0)
    expect(await unschedulable()).toBe(false)
    // Cordon, and its undo through the operations command (the plan's journal).
    const c = await kd('cordon', node, '--context', lab.context, '--yes', '--json')
    expect(c.code).toBe(0)
    expect(await unschedulable()).toBe(true)
    const id = (JSON.parse(c.stdout) as { id: string }).id
    const back = await kd('operations', 'rollback', id, '--yes')
    expect(back.code).toBe(0)
    expect(await unschedulable()).toBe(false)
  })
})
