// The schemas of inputs that the renderer sends back after a person edited them: what discovery
// produces passes; a host, path, URL or name that no discovery produces (and that the plans
// would have to trust) is refused by the dispatcher before any service sees it.
import { describe, expect, it } from 'vitest'
import { binary3, kubeadm1, kubeadm3 } from '../../../tests/kits/etcd-topologies'
import { etcdCalls } from './etcd'
import { kubeconfigCalls } from './kubeconfig'

const correct = etcdCalls['etcd.correct'].input
const accepts = (topology: unknown) => correct.safeParse({ topology }).success

describe('etcd.correct', () => {
  it('takes every topology discovery makes', () => {
    for (const t of [kubeadm1(), kubeadm3(), binary3()]) expect(correct.safeParse({ topology: t }).error?.issues ?? []).toEqual([])
  })

  it.each([
    ['an SSH host a shell would read', (t: ReturnType<typeof kubeadm1>) => (t.hosts[0].ssh = { host: 'cp-1$(touch /tmp/x)' })],
    ['an SSH user a shell would read', (t: ReturnType<typeof kubeadm1>) => (t.hosts[0].ssh = { host: 'cp-1', user: 'root;id' })],
    ['a relative data dir', (t: ReturnType<typeof kubeadm1>) => (t.members[0].hostDataDir = 'var/lib/etcd')],
    ['a data dir with a line break', (t: ReturnType<typeof kubeadm1>) => (t.members[0].hostDataDir = '/var/lib/etcd\n* * * * * root id')],
    ['a member name that changes --initial-cluster', (t: ReturnType<typeof kubeadm1>) => (t.members[0].settings.name = 'cp-1,x=https://evil:2380')],
    ['a peer URL with a quote', (t: ReturnType<typeof kubeadm1>) => (t.members[0].settings.initialAdvertisePeerUrls = ["https://198.18.0.11:2380'"])],
    [
      'a manifest outside any folder',
      (t: ReturnType<typeof kubeadm1>) => (t.members[0].source = { kind: 'static-pod', manifest: 'etcd.yaml', manifestsDir: '/etc/kubernetes/manifests' })
    ],
    ['a unit that is no unit name', (t: ReturnType<typeof kubeadm1>) => (t.members[0].source = { kind: 'systemd', unit: 'etcd; id', unitFiles: [], environmentFiles: [] })],
    ['a tool path that is not absolute', (t: ReturnType<typeof kubeadm1>) => (t.hosts[0].tools.etcdutl = { path: 'etcdutl', version: '3.6.0' })]
  ])('refuses %s', (_what, smuggle) => {
    const t = kubeadm1()
    smuggle(t)
    expect(accepts(t)).toBe(false)
  })
})

describe('kubeconfig.importApply', () => {
  const apply = kubeconfigCalls['kubeconfig.importApply'].input
  const plan = { source: '/home/u/new.yaml', target: '/home/u/.kube/config', contexts: ['lab'], clusters: ['lab'], users: ['admin'], renames: [], skipped: [] }

  it('takes a plan importPreview made, and refuses anything else', () => {
    expect(apply.safeParse({ plan }).success).toBe(true)
    expect(apply.safeParse({ plan: { ...plan, target: 'relative/config' } }).success).toBe(false)
    expect(apply.safeParse({ plan: { ...plan, renames: [{ kind: 'secret', from: 'a', to: 'b' }] } }).success).toBe(false)
    expect(apply.safeParse({ plan: { ...plan, contexts: 'lab' } }).success).toBe(false)
    expect(apply.safeParse({ plan: {} }).success).toBe(false)
  })
})
