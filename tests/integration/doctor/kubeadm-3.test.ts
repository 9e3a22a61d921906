// The doctor on three kubeadm control planes (the certificate tests' kubeadm-3 lab): node-3's
// etcd member and API server stopped (their manifests moved away, as an admin's mistake would)
// are found — the member unhealthy, the API server down on its host while the kubeconfig's
// address (node-1) still answers — and put back; a healthy run has no error.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostRun, kubectl, labSkipReason, requireLab, waitForApiServer, type LabInfo } from '../../lab'
import { runKubedeck } from '../kubeconfig/harness'
import { CERTS_LAB_INSTANCE } from '../certs/support'

const skip = labSkipReason()

describe.skipIf(!!skip)(`kubedeck doctor on kubeadm-3 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let env: NodeJS.ProcessEnv
  let dataDir: string
  const doctor = async () => {
    const r = await runKubedeck(['doctor', '--context', lab.context, '-F', lab.sshConfig, '-o', 'json'], env, dataDir)
    return { code: r.code, report: JSON.parse(r.stdout) as { findings: { check: string; severity: string; subject: string; message: string }[]; unknown: unknown[] } }
  }

  beforeAll(async () => {
    lab = await requireLab('kubeadm-3', { instance: CERTS_LAB_INSTANCE })
    dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-doctor3-it-'))
    env = { PATH: process.env.PATH, HOME: dataDir, KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: join(dataDir, 'data') }
  })
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('finds node-3’s etcd member and API server stopped behind the others, and nothing once they are back', async () => {
    const healthy = await doctor()
    expect(healthy.report.findings.filter((f) => f.severity === 'error')).toEqual([])
    const node3 = lab.hosts[2]
    const dir = node3.paths.manifestsDir!
    await hostRun(lab, node3.name, `mv ${dir}/etcd.yaml ${dir}/kube-apiserver.yaml /root/`)
    try {
      // The kubelet stops both; the kubeconfig's API server (node-1) still answers.
      await waitUntil(async () => (await kubectl(lab, ['-n', 'kube-system', 'get', 'pod', `etcd-${node3.name}`], { allowFailure: true })).code !== 0)
      const { code, report } = await doctor()
      expect(code).toBe(2)
      const found = (check: string, subject: RegExp) => report.findings.filter((f) => f.check === check && subject.test(f.subject) && f.severity === 'error')
      expect(found('etcd.health', new RegExp(node3.name)), JSON.stringify(report.findings)).not.toEqual([])
      expect(found('api.instances', new RegExp(`kube-apiserver on ${node3.name}`)), JSON.stringify(report.findings)).not.toEqual([])
      expect(found('control-plane.manifests', new RegExp(`etcd on ${node3.name}`))).not.toEqual([])
      expect(report.findings.filter((f) => f.check === 'api.server')).toEqual([])
    } finally {
      await hostRun(lab, node3.name, `for f in etcd kube-apiserver; do [ -e /root/$f.yaml ] && mv /root/$f.yaml ${dir}/; done; true`)
      await waitUntil(
        async () =>
          (await kubectl(lab, ['-n', 'kube-system', 'get', 'pod', `kube-apiserver-${node3.name}`, '-o', 'jsonpath={.status.phase}'], { allowFailure: true })).stdout === 'Running',
        180_000
      )
      await waitForApiServer(lab)
    }
    await waitUntil(async () => (await doctor()).report.findings.every((f) => f.severity !== 'error'), 120_000)
  })
})

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`not so within ${timeoutMs / 1000} s`)
    await new Promise((r) => setTimeout(r, 2000))
  }
}
