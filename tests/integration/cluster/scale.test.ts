// Scaling on the lab (kubeadm-1) through the CLI, kubectl as the oracle: a scale as a plan with
// an undo; refused, naming the HorizontalPodAutoscaler, when one targets the workload (nothing
// changes); the HPA's range changed instead, and that undone too.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectl, labSkipReason, requireLab, type LabInfo } from '../../lab'
import { runKubedeck } from '../kubeconfig/harness'
import { LAB_INSTANCE } from '../terminals/support'

const skip = labSkipReason()
const NS = 'kd-scale-test'

describe.skipIf(!!skip)(`scale and HPA range on kubeadm-1 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let env: NodeJS.ProcessEnv
  let dataDir: string
  const k = async (...args: string[]) => (await kubectl(lab, args, { timeoutMs: 120_000 })).stdout.trim()
  const kd = (...args: string[]) => runKubedeck(args, env, dataDir)
  const replicas = () => k('-n', NS, 'get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-scale-it-'))
    env = { PATH: process.env.PATH, HOME: dataDir, KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: join(dataDir, 'data') }
    await kubectl(lab, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=90s'], { timeoutMs: 120_000 })
    await kubectl(lab, ['create', 'namespace', NS])
    await kubectl(lab, ['-n', NS, 'create', 'deployment', 'web', '--image=registry.k8s.io/pause:3.10', '--replicas=1'])
  })

  afterAll(async () => {
    if (lab) await kubectl(lab, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=false'], { allowFailure: true })
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('scales as a plan whose undo scales back', async () => {
    const r = await kd('scale', 'deploy/web', '--replicas', '3', '-n', NS, '--context', lab.context, '--yes', '--json')
    expect(r.code).toBe(0)
    expect(await replicas()).toBe('3')
    const back = await kd('operations', 'rollback', (JSON.parse(r.stdout) as { id: string }).id, '--yes')
    expect(back.code).toBe(0)
    expect(await replicas()).toBe('1')
  })

  it('refuses a manual scale an HPA would undo, naming it; changes the HPA’s range instead', async () => {
    await kubectl(lab, ['-n', NS, 'autoscale', 'deployment', 'web', '--min=1', '--max=4', '--cpu-percent=80'])
    const r = await kd('scale', 'deployment/web', '--replicas', '5', '-n', NS, '--context', lab.context, '--yes')
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`HorizontalPodAutoscaler ${NS}/web targets deployment/web (1–4 replicas`)
    expect(r.stderr).toContain('--min N --max M')
    expect(await replicas()).toBe('1')

    const range = await kd('scale', 'deploy/web', '--min', '2', '--max', '6', '-n', NS, '--context', lab.context, '--yes', '--json')
    expect(range.code).toBe(0)
    expect(await k('-n', NS, 'get', 'hpa', 'web', '-o', 'jsonpath={.spec.minReplicas}-{.spec.maxReplicas}')).toBe('2-6')
    const back = await kd('operations', 'rollback', (JSON.parse(range.stdout) as { id: string }).id, '--yes')
    expect(back.code).toBe(0)
    expect(await k('-n', NS, 'get', 'hpa', 'web', '-o', 'jsonpath={.spec.minReplicas}-{.spec.maxReplicas}')).toBe('1-4')
    // A type that does not scale: said, nothing sent.
    const bad = await kd('scale', 'pod/web', '--replicas', '2', '-n', NS, '--context', lab.context, '--yes')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('give TYPE/NAME with TYPE deployment, statefulset or replicaset')
  })
})
