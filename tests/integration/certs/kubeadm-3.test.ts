// Three stacked kubeadm control planes: the API server and apiserver-kubelet-client certificates
// aged into the past on every node; the inventory agrees with kubeadm on each host; renewal
// goes one node at a time, and etcd keeps quorum throughout (a write every second never fails
// for long), after which kubectl verifies the served certificate again.
import { spawn } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CertInventory } from '../../../src/shared/model/certs'
import { ageCertificate, kubeadmPki, labDown, labSkipReason, opensslTime, requireLab, type LabInfo } from '../../lab'
import { ensureBuilt } from '../../e2e/harness'
import { CERTS_LAB_INSTANCE, certsCli, disagreements, kubeadmExpiration, kubectlWorks, servedCertificate, type CertsCli } from './support'

const skip = labSkipReason()
const DAY = 86400_000

/** Writes a key through every member endpoint once a second; returns the longest run of failed writes, in seconds. */
function watchQuorum(lab: LabInfo): { stop(): Promise<{ longestOutage: number; writes: number }> } {
  let stopped = false
  let run = 0
  let longest = 0
  let writes = 0
  const loop = (async () => {
    while (!stopped) {
      const ok = await new Promise<boolean>((resolve) => {
        const p = spawn(
          'etcdctl',
          [
            `--endpoints=${lab.etcd.endpoints.join(',')}`,
            `--cacert=${lab.etcd.caFile}`,
            `--cert=${lab.etcd.certFile}`,
            `--key=${lab.etcd.keyFile}`,
            '--dial-timeout=2s',
            '--command-timeout=3s',
            'put',
            '/kubedeck-test/quorum',
            String(Date.now())
          ],
          { stdio: 'ignore', env: { ...process.env, ETCDCTL_API: '3' } }
        )
        p.on('close', (code) => resolve(code === 0))
        p.on('error', () => resolve(false))
      })
      writes++
      run = ok ? 0 : run + 1
      longest = Math.max(longest, run)
      await new Promise((r) => setTimeout(r, 1000))
    }
  })()
  return {
    async stop() {
      stopped = true
      await loop
      return { longestOutage: longest, writes }
    }
  }
}

describe.skipIf(!!skip)(`certificates on kubeadm-3 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let cli: CertsCli

  beforeAll(async () => {
    ensureBuilt()
    lab = await requireLab('kubeadm-3', { instance: CERTS_LAB_INSTANCE })
    cli = certsCli(lab)
  })
  afterAll(async () => {
    cli?.close()
    if (lab) await labDown(CERTS_LAB_INSTANCE)
  })

  it('renews expired certificates on three control planes one node at a time while etcd keeps quorum', async () => {
    const cps = lab.hosts.filter((h) => h.roles.includes('control-plane'))
    expect(cps).toHaveLength(3)
    // A first check while the API answers: the hosts are remembered for the day it does not.
    expect((await cli.run(['certs', 'check'])).code).toBe(0)
    for (const h of cps) {
      for (const n of ['apiserver', 'apiserver-kubelet-client'] as const)
        await ageCertificate(lab, h.name, { ...kubeadmPki(n), notBefore: opensslTime(-400), notAfter: opensslTime(-2) })
    }
    await expect.poll(async () => (await kubectlWorks(lab)).output, { timeout: 90_000, interval: 2000 }).toMatch(/certificate has expired/)

    const check = await cli.run(['certs', 'check', '-o', 'json'])
    expect(check.code).toBe(1)
    const inv = JSON.parse(check.stdout) as CertInventory
    for (const h of cps) {
      expect(disagreements(inv, h.name, await kubeadmExpiration(lab, h.name))).toEqual([])
      expect(
        inv.certificates
          .filter((c) => c.host === h.name && c.status === 'expired' && c.source === 'file')
          .map((c) => c.name)
          .sort()
      ).toEqual(['apiserver', 'apiserver-kubelet-client'])
    }

    const quorum = watchQuorum(lab)
    const renew = await cli.run(['certs', 'renew', '--yes'])
    const q = await quorum.stop()
    expect(renew.code, renew.stdout.slice(-3000) + renew.stderr).toBe(0)
    // One node at a time: after every node's pre-flight, each node's steps end before the next node's begin.
    const order = [...renew.stdout.matchAll(/▶ \[\d+\/\d+\] .*  step ([a-z-]+):(\S+)/g)].filter((m) => m[1] !== 'preflight').map((m) => m[2])
    expect(order.filter((n, i) => i === 0 || n !== order[i - 1])).toEqual(cps.map((h) => h.name))
    expect(q.writes).toBeGreaterThan(60)
    // A member restarting (or a leader election) may fail a write or two; quorum lost would fail them for the whole restart.
    expect(q.longestOutage).toBeLessThanOrEqual(5)

    expect(await kubectlWorks(lab)).toMatchObject({ ok: true })
    for (const h of cps) {
      const served = await servedCertificate(lab, h.address, 6443)
      expect(Date.parse(served.validTo) - Date.now()).toBeGreaterThan(360 * DAY)
      const k = await kubeadmExpiration(lab, h.name)
      expect(k.certificates.filter((c) => !c.missing && c.residualTime < 360 * 86400).map((c) => c.name)).toEqual([])
    }
    const after = JSON.parse((await cli.run(['certs', 'check', '-o', 'json'])).stdout) as CertInventory
    expect(after.certificates.filter((c) => c.status === 'expired' || c.status === 'mismatch')).toEqual([])
  })
})
