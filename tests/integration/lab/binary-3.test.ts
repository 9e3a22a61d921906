// The binary-3 lab (seed-notes layout, systemd units run by the systemctl stand-in) against the
// real clients: three Ready nodes, three healthy etcd members with the /opt/etcd/ssl PKI,
// pod logs and exec, each host's own files over SSH, and `systemctl stop etcd` stopping exactly
// that member while the API server keeps quorum.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { labSkipReason, requireLab, waitForApiServer, type LabInfo } from '../../lab'
import { etcdctl, eventually, kubectl, ssh } from './shell'

const skip = labSkipReason()

describe.skipIf(!!skip)(`lab: binary-3 ${skip ?? ''}`, () => {
  let lab: LabInfo
  beforeAll(async () => {
    lab = await requireLab('binary-3')
  })

  it('shows three Ready nodes named after their hosts', async () => {
    const r = await kubectl(lab, ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.addresses[?(@.type=="InternalIP")].address} {.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.trim().split('\n').sort()).toEqual(lab.hosts.map((h) => `${h.name} ${h.address} True`).sort())
  })

  it('lays etcd out as the seed notes do, one member per host', async () => {
    for (const [i, h] of lab.hosts.entries()) {
      const r = await ssh(lab, h.name, 'hostname; ls /opt/etcd/ssl; grep ^ETCD_NAME= /opt/etcd/cfg/etcd.conf; systemctl is-active etcd; systemctl cat etcd | grep -c EnvironmentFile=/opt/etcd/cfg/etcd.conf')
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout.trim().split('\n')).toEqual([h.name, 'ca.pem', 'server-key.pem', 'server.pem', `ETCD_NAME="etcd-${i + 1}"`, 'active', '1'])
    }
    const api = await ssh(lab, 'node-1', 'systemctl status kube-apiserver')
    expect(api.code, api.stdout).toBe(0)
    expect(api.stdout).toMatch(/Active: active \(running\)/)
    expect(api.stdout).toContain('/opt/kubernetes/bin/kube-apiserver')
    expect(api.stdout).toContain(`--etcd-servers=${lab.hosts.map((h) => `https://${h.address}:2379`).join(',')}`)
  })

  it('serves pod logs and exec through the API server', async () => {
    const pod = (await kubectl(lab, ['-n', 'demo', 'get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout.trim()
    const logs = await kubectl(lab, ['-n', 'demo', 'logs', pod, '--tail=2'])
    expect(logs.code, logs.stderr).toBe(0)
    expect(logs.stdout).toContain('GET /healthz')
    const echo = await kubectl(lab, ['-n', 'demo', 'exec', pod, '--', 'echo', 'binary'])
    expect(echo.stdout.trim()).toBe('binary')
  })

  describe('systemctl stop etcd on one host', () => {
    afterAll(async () => {
      await ssh(lab, 'node-2', 'systemctl start etcd')
    })
    it('stops that member only, and start brings it back', async () => {
      const healthOf = async (endpoint: string) => (await etcdctl(lab, [endpoint], ['endpoint', 'health'])).code === 0
      const [e1, e2, e3] = lab.etcd.endpoints
      expect(await Promise.all(lab.etcd.endpoints.map(healthOf))).toEqual([true, true, true])
      const stop = await ssh(lab, 'node-2', 'systemctl stop etcd; systemctl is-active etcd; pgrep -x etcd || echo "no etcd process"')
      expect(stop.stdout.trim().split('\n')).toEqual(['inactive', 'no etcd process'])
      expect(await healthOf(e2)).toBe(false)
      expect(await healthOf(e1)).toBe(true)
      expect(await healthOf(e3)).toBe(true)
      await waitForApiServer(lab, { timeoutMs: 30_000 })
      const start = await ssh(lab, 'node-2', 'systemctl start etcd; systemctl is-active etcd')
      expect(start.stdout.trim()).toBe('active')
      await eventually('the member on node-2 to be healthy again', () => healthOf(e2), 30_000)
    })
  })
})
