// The other shapes of the lab, on an instance of their own (the shared one stays as it is):
// kubeadm-3 behind a bastion, kubeadm-1 on Debian's etcd 3.4, `up` after a crash, and `down`
// leaving no namespace, process, mount, link or route behind.
import { existsSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { ensureLab, hostExec, labDown, labSkipReason, leftovers, type LabInfo } from '../../lab'
import { etcdctl, exec, kubectl, ssh } from './shell'

const skip = labSkipReason()
const instance = 'lab-variants'

/** pid → start time of every process in the instance's network namespaces. */
function labProcesses(): Map<number, string> {
  const inodes = new Set(
    (existsSync('/run/netns') ? readdirSync('/run/netns') : []).filter((n) => n.startsWith(`kubedeck-${instance}-`)).map((n) => statSync(`/run/netns/${n}`).ino)
  )
  const found = new Map<number, string>()
  for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const ino = Number(/net:\[(\d+)\]/.exec(readlinkSync(`/proc/${p}/ns/net`))?.[1])
      if (inodes.has(ino)) found.set(Number(p), readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1].split(' ')[19])
    } catch {}
  }
  return found
}

function stillRunning(procs: Map<number, string>): number[] {
  return [...procs].filter(([pid, start]) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19] === start
    } catch {
      return false
    }
  }).map(([pid]) => pid)
}

async function downAndCheckNothingLeft(): Promise<void> {
  const procs = labProcesses()
  expect(procs.size).toBeGreaterThan(10)
  await labDown(instance)
  expect(stillRunning(procs)).toEqual([])
  expect(await leftovers(instance)).toEqual([])
  const netns = await exec('ip', ['netns', 'list'])
  expect(netns.stdout).not.toContain(`kubedeck-${instance}-`)
}

describe.skipIf(!!skip)(`lab: variants ${skip ?? ''}`, () => {
  afterAll(async () => {
    await labDown(instance)
  })

  describe('kubeadm-3 behind a bastion', () => {
    let lab: LabInfo
    it('comes up with three stacked etcd members and Ready nodes', async () => {
      lab = await ensureLab('kubeadm-3', { instance, bastion: true })
      const members = await etcdctl(lab, lab.etcd.endpoints, ['member', 'list', '-w', 'json'])
      expect(members.code, members.stderr).toBe(0)
      expect(JSON.parse(members.stdout).members.map((m: { name: string }) => m.name).sort()).toEqual(['node-1', 'node-2', 'node-3'])
      const health = await etcdctl(lab, lab.etcd.endpoints, ['endpoint', 'health'])
      expect(health.code, health.stderr).toBe(0)
      const nodes = await kubectl(lab, ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}'])
      expect(nodes.stdout.trim().split(' ').sort()).toEqual(['node-1=True', 'node-2=True', 'node-3=True'])
    })

    it('reaches node hosts only through the bastion', async () => {
      const jumped = await ssh(lab, 'node-3', 'hostname; cat /etc/kubernetes/manifests/etcd.yaml | grep -c initial-cluster-state=existing')
      expect(jumped.code, jumped.stderr).toBe(0)
      expect(jumped.stdout.trim().split('\n')).toEqual(['node-3', '1'])
      const direct = await ssh(lab, 'node-3', 'hostname', ['-o', 'ProxyJump=none'])
      expect(direct.code).toBe(255)
      expect(direct.stderr).toMatch(/No route to host/)
      expect((await ssh(lab, 'bastion', 'hostname')).stdout.trim()).toBe('bastion')
    })

    it('goes down leaving nothing behind', downAndCheckNothingLeft)
  })

  describe('kubeadm-1 on etcd 3.4', () => {
    let lab: LabInfo
    it('runs Debian etcd 3.4 as the server, with etcdctl 3.4 and no etcdutl on the hosts', async () => {
      lab = await ensureLab('kubeadm-1', { instance, etcd: '3.4' })
      expect(lab.etcd.serverVersion).toMatch(/^3\.4\./)
      expect(lab.etcd.restoreWith).toBe('etcdctl')
      const status = await etcdctl(lab, lab.etcd.endpoints, ['endpoint', 'status', '-w', 'json'])
      expect(JSON.parse(status.stdout)[0].Status.version).toMatch(/^3\.4\./)
      const tools = await ssh(lab, 'node-1', 'etcdctl version | head -1; command -v etcdutl || echo "no etcdutl"')
      expect(tools.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^etcdctl version: 3\.4\./), 'no etcdutl'])
      const nodes = await kubectl(lab, ['get', 'nodes'])
      expect(nodes.stdout).toMatch(/node-1\s+Ready/)
    })

    it('is rebuilt by the next ensureLab after its hosts crashed', async () => {
      for (const h of lab.hosts) await hostExec(lab, h.name, 'kill -TERM 1')
      const rebuilt = await ensureLab('kubeadm-1', { instance, etcd: '3.4' })
      expect(rebuilt.createdAt).not.toBe(lab.createdAt)
      expect((await ssh(rebuilt, 'node-1', 'hostname')).stdout.trim()).toBe('node-1')
      lab = rebuilt
    })

    it('goes down leaving nothing behind', downAndCheckNothingLeft)
  })
})
