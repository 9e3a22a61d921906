// Test kit: topologies built from the real configuration files in the etcd discovery's testdata
// (kubeadm-written manifests, the seed notes' binary layout), for the plan builders' unit tests.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { EtcdHost, EtcdMember, EtcdTopology } from '../../src/shared/model/etcd'
import { apiserverFromStaticPod, componentFromStaticPod, etcdMemberFromStaticPod, etcdMemberFromUnit } from '../../src/main/services/etcd/discovery/components'
import { parseStaticPod } from '../../src/main/services/etcd/discovery/manifest'
import { parseUnit } from '../../src/main/services/etcd/discovery/systemd'

// From the repository root (where every test runs): under jsdom import.meta.url is not a file URL.
const testdataDir = join(process.cwd(), 'src/main/services/etcd/discovery/testdata')
export const testdata = (p: string) => readFileSync(join(testdataDir, p), 'utf8')

export const host = (id: string, over: Partial<EtcdHost> = {}): EtcdHost => ({
  id,
  ssh: { host: id },
  reachable: true,
  root: true,
  tools: {
    etcdutl: { path: '/usr/local/bin/etcdutl', version: '3.6.5', bumpRevision: true },
    etcdctl: { path: '/usr/local/bin/etcdctl', version: '3.6.5' },
    sha256sum: true,
    ss: true
  },
  ...over
})

export function topology(over: Partial<EtcdTopology>): EtcdTopology {
  return {
    context: { file: '/home/u/.kube/config', name: 'prod' },
    clusterKey: 'prod-1234',
    clusterName: 'prod',
    server: 'https://198.18.0.11:6443',
    layout: 'kubeadm',
    hosts: [],
    members: [],
    apiservers: [],
    components: [],
    findings: [],
    discoveredAt: new Date().toISOString(),
    edited: false,
    notes: [],
    ...over
  }
}

export const snapshot = { file: '/home/u/snaps/prod.db', sha256: 'ab'.repeat(32), bytes: 50 * 1024 * 1024, createdAt: '2025-01-01T00:00:00Z' }

export function kubeadm1(): EtcdTopology {
  const dir = '/etc/kubernetes/manifests'
  const pod = (f: string) => parseStaticPod(`${dir}/${f}`, testdata(`kubeadm-1/${f}`))
  return topology({
    hosts: [host('cp-1', { address: '198.18.0.11' })],
    members: [etcdMemberFromStaticPod('cp-1', pod('etcd.yaml'), dir)],
    apiservers: [apiserverFromStaticPod('cp-1', pod('kube-apiserver.yaml'), dir)],
    components: [
      componentFromStaticPod('cp-1', 'kube-controller-manager', pod('kube-controller-manager.yaml'), dir),
      componentFromStaticPod('cp-1', 'kube-scheduler', pod('kube-scheduler.yaml'), dir)
    ]
  })
}

export function binary3(): EtcdTopology {
  const unit = parseUnit([{ path: '/usr/lib/systemd/system/etcd.service', text: testdata('binary/etcd.service') }])
  const ic = 'etcd-1=https://192.168.0.11:2380,etcd-2=https://192.168.0.12:2380,etcd-3=https://192.168.0.13:2380'
  const members: EtcdMember[] = [1, 2, 3].map((n) =>
    etcdMemberFromUnit(`node-${n}`, 'etcd.service', unit, {
      files: {
        '/opt/etcd/cfg/etcd.conf': testdata('binary/etcd.conf')
          .replace(/etcd-2/g, `etcd-${n}`)
          .replace(/192\.168\.0\.12/g, `192.168.0.1${n}`)
          .replace(/ETCD_INITIAL_CLUSTER=.*/, `ETCD_INITIAL_CLUSTER="${ic}"`)
      }
    })
  )
  return topology({
    layout: 'binary',
    hosts: [1, 2, 3].map((n) => host(`node-${n}`, n === 3 ? { root: false, tools: { etcdctl: { path: '/usr/bin/etcdctl', version: '3.4.23' }, sha256sum: true, ss: false } } : {})),
    members,
    apiservers: [
      {
        host: 'node-1',
        source: { kind: 'systemd', unit: 'kube-apiserver.service', unitFiles: ['/usr/lib/systemd/system/kube-apiserver.service'], environmentFiles: [] },
        securePort: 6443,
        etcdServers: ['https://192.168.0.11:2379', 'https://192.168.0.12:2379', 'https://192.168.0.13:2379'],
        etcdCafile: '/opt/etcd/ssl/ca.pem',
        etcdCertfile: '/opt/etcd/ssl/server.pem',
        etcdKeyfile: '/opt/etcd/ssl/server-key.pem'
      }
    ]
  })
}

export function kubeadm3(): EtcdTopology {
  const dir = '/etc/kubernetes/manifests'
  const hosts = [1, 2, 3].map((n) => host(`node-${n}`, { address: `198.18.0.2${5 + n}` }))
  const members = [1, 2, 3].map((n) => etcdMemberFromStaticPod(`node-${n}`, parseStaticPod(`${dir}/etcd.yaml`, testdata(`kubeadm-3/etcd-node-${n}.yaml`)), dir))
  const apiservers = [1, 2, 3].map((n) => ({
    ...apiserverFromStaticPod(`node-${n}`, parseStaticPod(`${dir}/kube-apiserver.yaml`, testdata('kubeadm-3/kube-apiserver-node-2.yaml')), dir),
    host: `node-${n}`
  }))
  return topology({ hosts, members, apiservers })
}
