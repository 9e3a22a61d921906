// Parsing real configuration: manifests written by the real kubeadm (testdata/kubeadm-*, made
// with `kubeadm init phase etcd local` / `control-plane all` and taken from the lab's kubeadm-3
// hosts), and the seed notes' binary layout (/opt/etcd/cfg/etcd.conf through EnvironmentFile).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { EtcdHost, EtcdMember } from '../../../../shared/model/etcd'
import { checkTopology } from './checks'
import { apiserverFromStaticPod, apiserverFromUnit, etcdMemberFromStaticPod, etcdMemberFromUnit } from './components'
import { parseFlags, parseInitialCluster, resolveEtcdSettings } from './flags'
import { parseStaticPod } from './manifest'
import { parseEnvironmentFile, parseUnit, splitWords } from './systemd'

const data = (p: string) => readFileSync(join(__dirname, 'testdata', p), 'utf8')

const host = (id: string, over: Partial<EtcdHost> = {}): EtcdHost => ({
  id,
  ssh: { host: id },
  reachable: true,
  root: true,
  tools: { etcdutl: { path: '/usr/local/bin/etcdutl', version: '3.6.5' }, sha256sum: true, ss: true },
  ...over
})

describe('kubeadm static pod manifests', () => {
  it('reads the etcd member kubeadm wrote', () => {
    const pod = parseStaticPod('/etc/kubernetes/manifests/etcd.yaml', data('kubeadm-1/etcd.yaml'))
    const m = etcdMemberFromStaticPod('cp-1', pod, '/etc/kubernetes/manifests')
    expect(m.settings).toMatchObject({
      name: 'cp-1',
      dataDir: '/var/lib/etcd',
      listenClientUrls: ['https://127.0.0.1:2379', 'https://198.18.0.11:2379'],
      advertiseClientUrls: ['https://198.18.0.11:2379'],
      initialAdvertisePeerUrls: ['https://198.18.0.11:2380'],
      initialCluster: 'cp-1=https://198.18.0.11:2380',
      initialClusterToken: 'etcd-cluster',
      initialClusterState: 'new',
      certFile: '/etc/kubernetes/pki/etcd/server.crt',
      trustedCaFile: '/etc/kubernetes/pki/etcd/ca.crt',
      clientCertAuth: true
    })
    expect(m.settings.sources.name).toEqual({ kind: 'flag', where: '/etc/kubernetes/manifests/etcd.yaml', setting: '--name' })
    expect(m.settings.sources.initialClusterToken?.kind).toBe('default')
    expect(m.hostDataDir).toBe('/var/lib/etcd')
    expect(m.version).toBe('3.6.5')
    expect(m.source).toMatchObject({ kind: 'static-pod', manifestsDir: '/etc/kubernetes/manifests' })
  })

  it('maps the data dir through a customised hostPath volume', () => {
    const text = data('kubeadm-1/etcd.yaml').replace('      path: /var/lib/etcd\n', '      path: /data/etcd\n')
    const m = etcdMemberFromStaticPod('cp-1', parseStaticPod('etcd.yaml', text), '/etc/kubernetes/manifests')
    expect(m.settings.dataDir).toBe('/var/lib/etcd')
    expect(m.hostDataDir).toBe('/data/etcd')
  })

  it("reads the apiserver's etcd flags", () => {
    const a = apiserverFromStaticPod('cp-1', parseStaticPod('kube-apiserver.yaml', data('kubeadm-1/kube-apiserver.yaml')), '/etc/kubernetes/manifests')
    expect(a).toMatchObject({
      securePort: 6443,
      etcdServers: ['https://127.0.0.1:2379'],
      etcdCafile: '/etc/kubernetes/pki/etcd/ca.crt',
      etcdCertfile: '/etc/kubernetes/pki/apiserver-etcd-client.crt',
      etcdKeyfile: '/etc/kubernetes/pki/apiserver-etcd-client.key'
    })
  })

  it('refuses a broken manifest naming the file and line', () => {
    expect(() => parseStaticPod('/etc/kubernetes/manifests/etcd.yaml', 'spec:\n  containers:\n  - command: [etcd\n')).toThrow(
      /etc\/kubernetes\/manifests\/etcd.yaml is not valid YAML/
    )
  })

  it('finds a kubeadm-1 control plane consistent', () => {
    const m = etcdMemberFromStaticPod('cp-1', parseStaticPod('etcd.yaml', data('kubeadm-1/etcd.yaml')), '/etc/kubernetes/manifests')
    const a = apiserverFromStaticPod('cp-1', parseStaticPod('kube-apiserver.yaml', data('kubeadm-1/kube-apiserver.yaml')), '/etc/kubernetes/manifests')
    expect(checkTopology({ hosts: [host('cp-1', { address: '198.18.0.11' })], members: [m], apiservers: [a] })).toEqual([])
  })
})

describe('binary installs (systemd + EnvironmentFile)', () => {
  const unitFile = { path: '/usr/lib/systemd/system/etcd.service', text: data('binary/etcd.service') }

  it('reads ETCD_* from the EnvironmentFile and flags from ExecStart', () => {
    const unit = parseUnit([unitFile])
    expect(unit.environmentFiles).toEqual([{ path: '/opt/etcd/cfg/etcd.conf', optional: false }])
    expect(unit.type).toBe('notify')
    const m = etcdMemberFromUnit('node-2', 'etcd.service', unit, { files: { '/opt/etcd/cfg/etcd.conf': data('binary/etcd.conf') } })
    expect(m.settings).toMatchObject({
      name: 'etcd-2',
      dataDir: '/var/lib/etcd/default.etcd',
      listenClientUrls: ['https://192.168.0.12:2379', 'http://127.0.0.1:2379'],
      initialClusterToken: 'etcd-cluster',
      certFile: '/opt/etcd/ssl/server.pem',
      trustedCaFile: '/opt/etcd/ssl/ca.pem'
    })
    expect(m.settings.sources.name).toEqual({ kind: 'env', where: '/opt/etcd/cfg/etcd.conf', setting: 'ETCD_NAME' })
    expect(m.settings.sources.certFile).toEqual({ kind: 'flag', where: '/usr/lib/systemd/system/etcd.service (ExecStart)', setting: '--cert-file' })
  })

  it('lets a flag shadow the variable, as etcd does', () => {
    const unit = parseUnit([
      unitFile,
      { path: '/etc/systemd/system/etcd.service.d/override.conf', text: '[Service]\nExecStart=\nExecStart=/opt/etcd/bin/etcd --name=${ETCD_NAME}-x --data-dir /data/etcd\n' }
    ])
    const m = etcdMemberFromUnit('node-2', 'etcd.service', unit, { files: { '/opt/etcd/cfg/etcd.conf': data('binary/etcd.conf') } })
    expect(m.settings.name).toBe('etcd-2-x')
    expect(m.settings.dataDir).toBe('/data/etcd')
    expect(m.settings.sources.dataDir?.where).toBe('/etc/systemd/system/etcd.service.d/override.conf (ExecStart)')
    expect(m.settings.certFile).toBe('')
  })

  it('expands $VAR into words and ${VAR} inside a word (the apiserver of the seed notes)', () => {
    const unit = parseUnit([{ path: '/usr/lib/systemd/system/kube-apiserver.service', text: data('binary/kube-apiserver.service') }])
    const a = apiserverFromUnit('node-1', 'kube-apiserver.service', unit, { files: { '/opt/kubernetes/cfg/kube-apiserver.conf': data('binary/kube-apiserver.conf') } })
    expect(a.etcdServers).toEqual(['https://192.168.0.11:2379', 'https://192.168.0.12:2379'])
    expect(a.etcdCafile).toBe('/opt/etcd/ssl/ca.pem')
    expect(splitWords('a "b c" ${X}d $Y \'e f\'', { X: 'x', Y: 'y1  y2' })).toEqual(['a', 'b c', 'xd', 'y1', 'y2', 'e f'])
    expect(() => splitWords('a "b', {}, '/u.service', 7)).toThrow(/Unbalanced " quote in \/u.service line 7/)
  })

  it('reads EnvironmentFile syntax: quotes, comments, export, continuations', () => {
    expect(parseEnvironmentFile('# c\nexport A="x y"\nB=\'z\'\nC=plain # note\nD="a \\\nb"\n; x\n')).toEqual({ A: 'x y', B: 'z', C: 'plain', D: 'a b' })
  })

  it('reads --quota-backend-bytes (from a flag or ETCD_QUOTA_BACKEND_BYTES); 0 or none is etcd’s default', () => {
    const base = { argvSource: 'unit', env: {} }
    expect(resolveEtcdSettings({ ...base, argv: ['--name=e1', '--quota-backend-bytes=8589934592'] }).quotaBackendBytes).toBe(8589934592)
    expect(resolveEtcdSettings({ ...base, argv: ['--name=e1'], env: { ETCD_QUOTA_BACKEND_BYTES: '4294967296' } }).quotaBackendBytes).toBe(4294967296)
    expect(resolveEtcdSettings({ ...base, argv: ['--name=e1', '--quota-backend-bytes=0'] })).not.toHaveProperty('quotaBackendBytes')
    expect(resolveEtcdSettings({ ...base, argv: ['--name=e1'] })).not.toHaveProperty('quotaBackendBytes')
  })

  it('uses an etcd --config-file instead of flags and variables', () => {
    const s = resolveEtcdSettings({
      argv: ['--config-file=/etc/etcd/etcd.yml', '--name=ignored'],
      env: { ETCD_NAME: 'ignored' },
      argvSource: 'unit',
      configFile: {
        path: '/etc/etcd/etcd.yml',
        text: 'name: e1\ndata-dir: /var/lib/etcd\ninitial-cluster: e1=https://10.0.0.1:2380\ninitial-advertise-peer-urls: https://10.0.0.1:2380\nclient-transport-security:\n  cert-file: /etc/etcd/server.crt\n  client-cert-auth: true\n'
      }
    })
    expect(s).toMatchObject({ name: 'e1', certFile: '/etc/etcd/server.crt', clientCertAuth: true })
    expect(s.sources.name).toEqual({ kind: 'config-file', where: '/etc/etcd/etcd.yml', setting: 'name' })
  })

  it('parses Go flags and initial-cluster lists', () => {
    expect([...parseFlags(['--a=1', '-b', '2', '--client-cert-auth', '--c'], new Set(['client-cert-auth']))]).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['client-cert-auth', 'true'],
      ['c', 'true']
    ])
    expect(parseInitialCluster('a=https://x:2380, b=https://y:2380')).toEqual([
      { name: 'a', url: 'https://x:2380' },
      { name: 'b', url: 'https://y:2380' }
    ])
  })
})

describe('consistency checks', () => {
  const conf = (n: number, initialCluster: string, name = `etcd-${n}`) =>
    [
      `ETCD_NAME="${name}"`,
      'ETCD_DATA_DIR="/var/lib/etcd/default.etcd"',
      `ETCD_LISTEN_PEER_URLS="https://192.168.0.1${n}:2380"`,
      `ETCD_LISTEN_CLIENT_URLS="https://192.168.0.1${n}:2379,http://127.0.0.1:2379"`,
      `ETCD_INITIAL_ADVERTISE_PEER_URLS="https://192.168.0.1${n}:2380"`,
      `ETCD_ADVERTISE_CLIENT_URLS="https://192.168.0.1${n}:2379"`,
      `ETCD_INITIAL_CLUSTER="${initialCluster}"`,
      'ETCD_INITIAL_CLUSTER_TOKEN="etcd-cluster"'
    ].join('\n')
  const seedIc = 'etcd-1=https://192.168.0.11:2380,etcd2=https://192.168.0.12:2380,etcd-3=https://192.168.0.13:2380'
  const goodIc = seedIc.replace('etcd2=', 'etcd-2=')
  const unit = parseUnit([{ path: '/usr/lib/systemd/system/etcd.service', text: data('binary/etcd.service') }])
  const member = (n: number, ic: string): EtcdMember => etcdMemberFromUnit(`node-${n}`, 'etcd.service', unit, { files: { '/opt/etcd/cfg/etcd.conf': conf(n, ic) } })
  const hosts = [1, 2, 3].map((n) => host(`node-${n}`, { address: `192.168.0.1${n}` }))
  const apiserver = {
    host: 'node-1',
    source: { kind: 'systemd' as const, unit: 'kube-apiserver.service', unitFiles: [], environmentFiles: [] },
    securePort: 6443,
    etcdServers: ['https://192.168.0.11:2379', 'https://192.168.0.12:2379', 'https://192.168.0.13:2379'],
    etcdCafile: '',
    etcdCertfile: '',
    etcdKeyfile: ''
  }

  it('passes a consistent three-member binary cluster', () => {
    expect(checkTopology({ hosts, members: [1, 2, 3].map((n) => member(n, goodIc)), apiservers: [apiserver] })).toEqual([])
  })

  it("catches the seed notes' etcd2 vs etcd-2, naming both values and the file", () => {
    const findings = checkTopology({ hosts, members: [1, 2, 3].map((n) => member(n, seedIc)), apiservers: [apiserver] })
    const own = findings.find((f) => f.code === 'name-not-in-initial-cluster')!
    expect(own).toMatchObject({ host: 'node-2', member: 'etcd-2', blocksRestore: true, title: 'Member etcd-2 is called etcd2 in its own --initial-cluster' })
    expect(own.values).toEqual({ name: 'etcd-2', '--initial-cluster entry for https://192.168.0.12:2380': 'etcd2' })
    expect(own.explanation).toContain('ETCD_NAME in /opt/etcd/cfg/etcd.conf')
    expect(own.explanation).toContain('ETCD_INITIAL_CLUSTER in /opt/etcd/cfg/etcd.conf')
    // The other two members' lists call etcd-2 "etcd2" too.
    expect(findings.filter((f) => f.code === 'initial-cluster-wrong-name').map((f) => f.host)).toEqual(['node-1', 'node-3'])
  })

  it('flags apiservers that miss members, unknown endpoints, URLs nobody listens on, and clock skew', () => {
    const members = [1, 2, 3].map((n) => member(n, goodIc))
    members[2] = etcdMemberFromUnit('node-3', 'etcd.service', unit, {
      files: {
        '/opt/etcd/cfg/etcd.conf': conf(3, goodIc).replace('ETCD_ADVERTISE_CLIENT_URLS="https://192.168.0.13:2379"', 'ETCD_ADVERTISE_CLIENT_URLS="https://192.168.0.99:2379"')
      }
    })
    const skewed = hosts.map((h, i) => ({ ...h, clock: { offsetMs: i === 2 ? 4200 : 10, uncertaintyMs: 5 } }))
    const findings = checkTopology({
      hosts: skewed,
      members,
      apiservers: [{ ...apiserver, etcdServers: ['https://192.168.0.11:2379', 'https://192.168.0.50:2379'] }]
    })
    expect(findings.map((f) => f.code).sort()).toEqual(['advertised-client-url-not-listened', 'clock-skew', 'etcd-servers-miss-member', 'etcd-servers-unknown-endpoint'])
    expect(findings.find((f) => f.code === 'clock-skew')!.title).toBe('Clocks of node-3 and node-1 differ by 4.2 s')
    expect(findings.find((f) => f.code === 'etcd-servers-miss-member')!.values.missing).toBe('etcd-2,etcd-3')
  })

  it('refuses hosts without restore tools and unreachable hosts', () => {
    const findings = checkTopology({
      hosts: [host('node-1', { tools: { sha256sum: true, ss: true } }), host('node-2', { reachable: false }), host('node-3')],
      members: [1, 2, 3].map((n) => member(n, goodIc)),
      apiservers: []
    })
    expect(findings.filter((f) => f.blocksRestore).map((f) => `${f.code}@${f.host}`)).toEqual(['host-unreachable@node-2', 'restore-tool-missing@node-1'])
  })
})

describe('kubeadm stacked control planes (manifests from the lab: kubeadm join phase control-plane-join etcd)', () => {
  const dir = '/etc/kubernetes/manifests'
  const members = [1, 2, 3].map((n) => etcdMemberFromStaticPod(`node-${n}`, parseStaticPod(`${dir}/etcd.yaml`, data(`kubeadm-3/etcd-node-${n}.yaml`)), dir))

  it('reads each joined member with its partial --initial-cluster and state existing', () => {
    expect(members.map((m) => [m.settings.name, m.settings.initialClusterState, parseInitialCluster(m.settings.initialCluster).map((e) => e.name)])).toEqual([
      ['node-1', 'new', ['node-1']],
      ['node-2', 'existing', ['node-2', 'node-1']],
      ['node-3', 'existing', ['node-2', 'node-3', 'node-1']]
    ])
  })

  it('finds it consistent, noting (not warning) that each apiserver uses its local member only', () => {
    const api = (n: number) => ({
      ...apiserverFromStaticPod(`node-${n}`, parseStaticPod(`${dir}/kube-apiserver.yaml`, data('kubeadm-3/kube-apiserver-node-2.yaml')), dir),
      host: `node-${n}`
    })
    const findings = checkTopology({ hosts: [1, 2, 3].map((n) => host(`node-${n}`)), members, apiservers: [api(1), api(2), api(3)] })
    expect(findings.map((f) => [f.code, f.severity, f.host])).toEqual([
      ['etcd-servers-miss-member', 'info', 'node-1'],
      ['etcd-servers-miss-member', 'info', 'node-2'],
      ['etcd-servers-miss-member', 'info', 'node-3']
    ])
  })
})

describe('systemd specifiers', () => {
  it("expands the unit's own names in EnvironmentFile and ExecStart (Debian's etcd unit uses %p)", () => {
    const unit = parseUnit(
      [{ path: '/lib/systemd/system/etcd.service', text: '[Service]\nEnvironmentFile=-/etc/default/%p\nExecStart=/usr/bin/etcd $DAEMON_ARGS --name %N-100%%\n' }],
      'etcd.service'
    )
    expect(unit.environmentFiles).toEqual([{ path: '/etc/default/etcd', optional: true }])
    expect(unit.execStart?.value).toBe('/usr/bin/etcd $DAEMON_ARGS --name etcd-100%')
  })
})
