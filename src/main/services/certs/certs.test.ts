// The certificate inventory and plans from what real hosts printed (the probe's output on the
// lab's kubeadm and binary hosts, recorded in testdata: certificates only, no keys), and the
// re-sign extfile checked against openssl itself.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { validatePlan } from '../operations'
import { classify, DEFAULT_THRESHOLDS, parsedEntry, readPem } from './entries'
import { hostCerts } from './host-certs'
import { buildInventory } from './inventory'
import { buildCsrPlan, buildKubeletPlan, buildRenewPlan } from './plans'
import { RECORDED, certPlanning } from '../../../../tests/kits/cert-hosts'
import { extensionDifferences, keptExtensions, resignExtfile } from './x509'

const fixture = (name: string) => readFileSync(join(__dirname, 'testdata', `${name}.txt`), 'utf8')
const context = { file: '/home/u/.kube/config', name: 'prod' }
const planning = (layout: 'kubeadm' | 'binary') => certPlanning(layout, context)

describe('a kubeadm control plane as the probe read it', () => {
  const h = hostCerts('node-1', fixture('kubeadm-node-1'), RECORDED)

  it("names every certificate as kubeadm does, with the kubeconfigs' embedded ones and what each server presents", () => {
    expect(h.layout).toBe('kubeadm')
    const names = h.certs.filter((c) => c.entry.source !== 'served').map((c) => c.entry.name)
    for (const n of [
      'apiserver',
      'apiserver-etcd-client',
      'apiserver-kubelet-client',
      'etcd-server',
      'etcd-peer',
      'etcd-healthcheck-client',
      'front-proxy-client',
      'ca',
      'etcd-ca',
      'front-proxy-ca',
      'admin.conf',
      'super-admin.conf',
      'controller-manager.conf',
      'scheduler.conf',
      'kubelet.conf',
      'kubelet'
    ]) {
      expect(names, n).toContain(n)
    }
    expect(h.missing).toEqual([])
    expect(h.served.map((s) => [s.component, s.file?.entry.name, s.differs]).sort()).toEqual([
      ['etcd', 'etcd-peer', false],
      ['etcd', 'etcd-server', false],
      ['kube-apiserver', 'apiserver', false],
      ['kubelet', 'kubelet', false]
    ])
    expect(h.kubeconfigs.find((k) => k.path === '/etc/kubernetes/kubelet.conf')).toEqual({ path: '/etc/kubernetes/kubelet.conf', embedded: true })
    expect(h.caKeys.map((k) => k.path).sort()).toEqual(['/etc/kubernetes/pki/ca.key', '/etc/kubernetes/pki/etcd/ca.key', '/etc/kubernetes/pki/front-proxy-ca.key'])
    for (const c of h.certs.filter((x) => x.entry.source === 'file')) expect(c.entry.keyMatches, c.entry.path).toBe(true)
  })

  it('resolves every chain to its CA and finds nothing wrong a year before expiry', () => {
    const worker = hostCerts('node-2', fixture('kubeadm-node-2'), RECORDED)
    const inv = buildInventory({
      context,
      thresholds: DEFAULT_THRESHOLDS,
      hosts: [
        { host: { id: 'node-1', layout: 'kubeadm', roles: [], reachable: true }, certs: h },
        { host: { id: 'node-2', layout: 'worker', roles: [], reachable: true }, certs: worker }
      ],
      local: [],
      csrs: [],
      notes: [],
      now: RECORDED
    })
    expect(inv.certificates.find((c) => c.host === 'node-1' && c.name === 'apiserver')).toMatchObject({ signedBy: 'ca', chainOk: true, status: 'ok' })
    expect(inv.certificates.find((c) => c.host === 'node-1' && c.name === 'etcd-server')).toMatchObject({ signedBy: 'etcd-ca', chainOk: true })
    // The worker's kubelet.conf is signed by the control plane's CA, which the worker holds a copy of.
    expect(inv.certificates.find((c) => c.host === 'node-2' && c.name === 'kubelet.conf')).toMatchObject({ signedBy: 'ca', chainOk: true })
    expect(inv.findings.map((f) => [f.code, f.host])).toEqual([
      ['kubelet-conf-embedded', 'node-1'],
      ['kubelet-conf-embedded', 'node-2']
    ])
  })

  it('classifies against the thresholds: expiring, critical, expired, not yet valid', () => {
    const x = h.certs.find((c) => c.entry.name === 'apiserver')!.x509
    const notAfter = Date.parse(x.validTo)
    const at = (daysBefore: number) => {
      const e = parsedEntry(x, { host: 'h', name: 'apiserver', source: 'file', path: '/p', managedBy: 'kubeadm', usedBy: [] }, notAfter - daysBefore * 86400_000).entry
      classify(e, DEFAULT_THRESHOLDS, notAfter - daysBefore * 86400_000)
      return e
    }
    expect(at(31).status).toBe('ok')
    expect(at(29)).toMatchObject({ status: 'expiring', daysLeft: 29 })
    expect(at(-1)).toMatchObject({ status: 'expired' })
    const early = parsedEntry(x, { host: 'h', name: 'a', source: 'file', path: '/p', managedBy: 'kubeadm', usedBy: [] }).entry
    classify(early, DEFAULT_THRESHOLDS, Date.parse(x.validFrom) - 60_000)
    expect(early).toMatchObject({ status: 'expired', statusReason: expect.stringMatching(/not valid before/) })
  })

  it('says when a server presents an older certificate than its file, and which component to restart', () => {
    // The served apiserver certificate swapped for the etcd server's: a stale process.
    const text = fixture('kubeadm-node-1')
    const etcdServed = text.split('@@kubedeck served 127.0.0.1:2379\n')[1].split('@@kubedeck')[0]
    const stale = text.replace(/(@@kubedeck served 127\.0\.0\.1:6443\n)[\s\S]*?(?=@@kubedeck|$)/, `$1${etcdServed}`)
    expect(stale).not.toBe(text)
    const s = hostCerts('node-1', stale, RECORDED)
    expect(s.served.find((x) => x.component === 'kube-apiserver')).toMatchObject({ differs: true })
    const inv = buildInventory({
      context,
      thresholds: DEFAULT_THRESHOLDS,
      hosts: [{ host: { id: 'node-1', layout: 'kubeadm', roles: [], reachable: true }, certs: s }],
      local: [],
      csrs: [],
      notes: [],
      now: RECORDED
    })
    expect(inv.findings.find((f) => f.code === 'served-differs')).toMatchObject({ params: { component: 'kube-apiserver', path: '/etc/kubernetes/pki/apiserver.crt' } })
    expect(inv.certificates.find((c) => c.source === 'served' && c.path === '127.0.0.1:6443')?.status).toBe('mismatch')
  })
})

describe('plans', () => {
  it('renews a kubeadm control plane: pre-flight, backup, renew, restarts in order, readyz', () => {
    const plan = buildRenewPlan(planning('kubeadm'), {})
    validatePlan(plan)
    expect(plan.steps.map((s) => s.id)).toEqual([
      'preflight:node-1',
      'backup:node-1',
      'renew:node-1',
      'restart-etcd:node-1',
      'restart-kube-apiserver:node-1',
      'restart-kube-controller-manager:node-1',
      'restart-kube-scheduler:node-1',
      'verify:node-1'
    ])
    expect(plan.steps[2].actions[0]).toMatchObject({ kind: 'shell', root: true })
    expect((plan.steps[2].actions[0] as { command: string }).command).toMatch(/for n in admin\.conf apiserver .* super-admin\.conf; do kubeadm certs renew "\$n"; done/)
  })

  it('refuses names kubeadm does not renew, and says what it does', () => {
    expect(() => buildRenewPlan(planning('kubeadm'), { only: ['ca'] })).toThrow(/kubeadm does not renew "ca"/)
  })

  it('re-signs a binary host’s certificate where its CA key is kept, with the same extensions', () => {
    const input = planning('binary')
    const plan = buildRenewPlan(input, { hosts: ['node-2'], only: ['/opt/etcd/ssl/server.pem'] })
    validatePlan(plan)
    expect(plan.steps.map((s) => s.id)).toEqual([
      'preflight:node-2',
      'preflight-ca:node-1:/root/TLS/etcd/ca-key.pem',
      'backup:node-2',
      'resign:node-2:/opt/etcd/ssl/server.pem',
      'restart-etcd:node-2'
    ])
    const resign = plan.steps[3].actions[0] as { kind: 'builtin'; args: Record<string, unknown> }
    expect(resign.args).toMatchObject({ host: 'node-2', caHost: 'node-1', caCert: '/opt/etcd/ssl/ca.pem', caKey: '/root/TLS/etcd/ca-key.pem', key: '/opt/etcd/ssl/server-key.pem' })
    expect(resign.args.extfile).toMatch(/extendedKeyUsage = serverAuth, clientAuth/)
  })

  it('refuses an unusual node name before it reaches openssl -subj', () => {
    const input = planning('kubeadm')
    input.hosts[1].host.nodeName = 'node-2/CN=system:masters'
    expect(() => buildKubeletPlan(input, 'node-2')).toThrow(/is not a Kubernetes node name/)
    input.hosts[1].host.nodeName = 'node-2'
    validatePlan(buildKubeletPlan(input, 'node-2'))
    validatePlan(buildCsrPlan({ context }, 'csr-abc', 'approve'))
  })
})

describe('re-signing keeps the extensions exactly (openssl the judge)', () => {
  it('makes an extfile openssl signs into the same key usage, extended key usage and SANs', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-resign-'))
    try {
      const sh = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] }).toString()
      sh(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key', '-out', 'ca.crt', '-subj', '/CN=test-ca', '-days', '30'])
      sh(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', '/CN=etcd/O=lab'])
      writeFileSync(
        join(dir, 'orig.cnf'),
        '[x]\nkeyUsage = critical, digitalSignature, keyEncipherment\nextendedKeyUsage = serverAuth, clientAuth\nsubjectAltName = DNS:etcd.local, DNS:*.etcd.local, IP:10.0.0.1, IP:127.0.0.1\nbasicConstraints = critical, CA:FALSE\n'
      )
      sh([
        'x509',
        '-req',
        '-in',
        'leaf.csr',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-set_serial',
        '7',
        '-days',
        '10',
        '-extfile',
        'orig.cnf',
        '-extensions',
        'x',
        '-out',
        'leaf.crt'
      ])
      const orig = readFileSync(join(dir, 'leaf.crt'), 'utf8')
      writeFileSync(join(dir, 'ext.cnf'), resignExtfile(orig, 'leaf.crt'))
      sh(['x509', '-x509toreq', '-in', 'leaf.crt', '-signkey', 'leaf.key', '-out', 'req.pem'])
      sh([
        'x509',
        '-req',
        '-in',
        'req.pem',
        '-CA',
        'ca.crt',
        '-CAkey',
        'ca.key',
        '-set_serial',
        '8',
        '-days',
        '20',
        '-extfile',
        'ext.cnf',
        '-extensions',
        'kubedeck',
        '-out',
        'new.crt'
      ])
      const fresh = readFileSync(join(dir, 'new.crt'), 'utf8')
      expect(extensionDifferences(keptExtensions(orig), keptExtensions(fresh))).toEqual([])
      expect(keptExtensions(fresh).sans).toEqual(['DNS:etcd.local', 'DNS:*.etcd.local', 'IP:10.0.0.1', 'IP:127.0.0.1'])
      expect(readPem(fresh)!.subject).toBe(readPem(orig)!.subject)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
