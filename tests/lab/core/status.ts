// `npm run lab -- status`: each host's processes and sshd, the API server, etcd members.
import { connect } from 'node:net'
import type { LabInfo } from '../index'
import { apiServerReady } from './cluster'
import { run } from './exec'
import { readLab, readRuntime, sameProcess, selectedInstance } from './state'

export interface LabStatus {
  instance: string
  up: boolean
  topology?: string
  hosts: { name: string; address: string; running: boolean; sshd: boolean }[]
  apiServer?: { url: string; ready: boolean }
  etcd?: { endpoint: string; healthy: boolean; error?: string }[]
}

export async function labStatus(instance?: string): Promise<LabStatus> {
  const name = selectedInstance(instance)
  const lab = readLab(name)
  const rt = readRuntime(name)
  if (!lab || !rt) return { instance: name, up: false, hosts: [] }
  const all = [...(lab.bastion ? [lab.bastion] : []), ...lab.hosts]
  const hosts = await Promise.all(
    all.map(async (h) => {
      const r = rt.hosts[h.name]
      const running = !!r && sameProcess(r.initPid, r.initStart)
      const direct = !lab.bastion || h === lab.bastion
      return { name: h.name, address: h.address, running, sshd: running && (direct ? await tcpOpen(h.address, 22) : true) }
    })
  )
  const ready = await apiServerReady(lab.kubeconfig)
  const etcd = await Promise.all(lab.etcd.endpoints.map((endpoint) => etcdHealth(lab, endpoint)))
  return { instance: name, up: hosts.every((h) => h.running), topology: lab.topology, hosts, apiServer: { url: lab.apiServer, ready }, etcd }
}

async function etcdHealth(lab: LabInfo, endpoint: string): Promise<{ endpoint: string; healthy: boolean; error?: string }> {
  const r = await run(`${lab.binDir}/etcdctl`, ['--endpoints', endpoint, '--cacert', lab.etcd.caFile, '--cert', lab.etcd.certFile, '--key', lab.etcd.keyFile, '--command-timeout=3s', 'endpoint', 'health'], { allowFailure: true, timeoutMs: 10_000 })
  return r.code === 0 ? { endpoint, healthy: true } : { endpoint, healthy: false, error: (r.stderr || r.stdout).trim().split('\n').pop() }
}

function tcpOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port, timeout: 2000 })
    s.on('connect', () => (s.destroy(), resolve(true)))
    s.on('timeout', () => (s.destroy(), resolve(false)))
    s.on('error', () => resolve(false))
  })
}
