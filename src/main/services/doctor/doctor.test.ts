import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { kubeletSkew, leaseState } from './api-checks'
import { backupFindings, etcdFindings } from './etcd-checks'
import { ordered } from './finding'
import { clockOffset, journalFindings, manifestFindings, parseHostProbe, timeFindings, unitFindings } from './host-checks'
import { LOG_HINTS } from '../../../shared/log-hints'
import { caCertHash, certificateKeyFrom } from './join'
import type { EtcdHealth, SnapshotEntry } from '../../../shared/model/etcd'

const NOW = Date.parse('2026-12-06T12:00:00Z')

describe('leader election from a Lease', () => {
  it('has a leader while the holder renews within the lease duration', () => {
    expect(leaseState({ spec: { holderIdentity: 'node-1_abc', renewTime: '2026-12-06T11:59:55Z', leaseDurationSeconds: 15 } }, NOW)).toEqual({ holder: 'node-1_abc' })
  })
  it('has none with a stale renewal or no holder', () => {
    expect(leaseState({ spec: { holderIdentity: 'node-1_abc', renewTime: '2026-12-06T11:59:00Z', leaseDurationSeconds: 15 } }, NOW)).toEqual({
      holder: 'node-1_abc',
      staleMs: 60_000
    })
    expect(leaseState({ spec: {} }, NOW).staleMs).toBeDefined()
  })
})

describe('the kubelet version skew policy', () => {
  it('allows a kubelet up to three minor versions older, never newer', () => {
    expect(kubeletSkew('v1.34.4', 'v1.34.4')).toBeNull()
    expect(kubeletSkew('v1.34.4', 'v1.31.9')).toBeNull()
    expect(kubeletSkew('v1.34.4', 'v1.30.0')).toBe('too-old')
    expect(kubeletSkew('v1.33.0', 'v1.34.0')).toBe('newer')
    expect(kubeletSkew('v1.34.0', 'garbage')).toBeNull()
  })
})

describe('the host probe', () => {
  const out = (now: string) =>
    [`now=${now}`, 'sync=chrony', 'layout=kubeadm', 'manifest=etcd', 'manifest=kube-apiserver', 'manifest=kube-controller-manager', 'unit=etcd:inactive'].join('\n')
  it('reads every line and the clock in ms', () => {
    const p = parseHostProbe(out('1796558400123456789'), 1, 2)
    expect(p).toMatchObject({
      remoteMs: 1796558400123,
      sync: ['chrony'],
      kubeadm: true,
      manifests: ['etcd', 'kube-apiserver', 'kube-controller-manager'],
      units: [{ name: 'etcd', state: 'inactive' }]
    })
  })
  it('takes the middle of the round trip as the moment the host answered; only drift beyond it counts', () => {
    expect(clockOffset({ remoteMs: 1_000_700, sentMs: 1_000_000, receivedMs: 1_000_200 })).toEqual({ offsetMs: 600, uncertaintyMs: 100 })
    const p = { remoteMs: 0, sentMs: 0, receivedMs: 0, sync: ['chrony'], kubeadm: false, manifests: [], units: [], log: [] }
    expect(timeFindings('h', { ...p, remoteMs: 1_000_700, sentMs: 1_000_000, receivedMs: 1_000_200 }).map((f) => f.severity)).toEqual([])
    expect(timeFindings('h', { ...p, remoteMs: 1_000_800, sentMs: 1_000_000, receivedMs: 1_000_200 }).map((f) => f.severity)).toEqual(['warning'])
    const late = timeFindings('h', { ...p, remoteMs: 998_000, sentMs: 1_000_000, receivedMs: 1_000_010, sync: [] })
    expect(late.map((f) => [f.check, f.severity])).toEqual([
      ['time.offset', 'error'],
      ['time.sync', 'warning']
    ])
    expect(late[0].message).toContain('behind')
  })
  it('names a missing manifest and a manifest the kubelet does not run; binary units not active', () => {
    const p = parseHostProbe(out('1'), 0, 0)
    const f = manifestFindings('node-1', 'node-1', p, ['etcd', 'kube-apiserver'], true)
    expect(f.map((x) => x.subject)).toEqual(['kube-scheduler on node-1', 'kube-controller-manager on node-1'])
    expect(f[0].message).toBe("kube-scheduler's manifest is missing from /etc/kubernetes/manifests on node-1: the kubelet does not run it there.")
    expect(unitFindings('etcd-1', p).map((x) => x.message)).toEqual(['etcd.service on etcd-1 is inactive.'])
  })
})

describe('journal errors matched against the log hints', () => {
  it('one finding per hint and host, counted, naming the unit', () => {
    const expired = LOG_HINTS.find((h) => h.id === 'x509-expired')!
    const line = `Dec 06 12:00:00 node-1 kubelet[812]: ${expired.sample}`
    const f = journalFindings('node-1', { log: [line, 'Dec 06 12:00:01 node-1 kubelet[812]: all fine', line] })
    expect(f).toHaveLength(1)
    expect(f[0]).toMatchObject({ check: 'nodes.journal', severity: 'warning', subject: 'kubelet on node-1', says: { code: 'log-hint.x509-expired', params: { count: 2 } } })
    expect(f[0].message).toContain('Certificate expired — 2 times')
  })
})

describe('etcd findings', () => {
  const health = (o: Partial<EtcdHealth>): EtcdHealth =>
    ({
      context: { file: 'f', name: 'c' },
      checkedAt: '',
      via: { kind: 'host', host: 'h', tool: 'etcdctl' },
      endpoints: [],
      members: [],
      alarms: [],
      ok: true,
      problems: [],
      leader: 'm1',
      ...o
    }) as EtcdHealth
  it('unhealthy member, alarms, no leader, learners, a database near its quota', () => {
    const f = etcdFindings(
      health({
        leader: undefined,
        endpoints: [
          { endpoint: 'https://a:2379', member: 'm1', healthy: true, dbSize: 1.9 * 1024 ** 3 },
          { endpoint: 'https://b:2379', member: 'm2', healthy: false, error: 'context deadline exceeded' }
        ],
        alarms: [{ memberId: 'x', member: 'm1', alarm: 'NOSPACE' }],
        members: [
          { id: '1', name: 'm3', peerUrls: [], clientUrls: [], isLearner: true },
          { id: '2', name: 'm4', peerUrls: [], clientUrls: ['https://d:2379'], isLearner: false },
          { id: '3', name: 'm1', peerUrls: [], clientUrls: ['https://a:2379/'], isLearner: false }
        ]
      })
    )
    expect(f.map((x) => [x.check, x.severity, x.subject])).toEqual([
      ['etcd.health', 'error', 'm2'],
      ['etcd.alarm', 'error', 'm1'],
      ['etcd.health', 'error', 'm4'],
      ['etcd.leader', 'error', 'etcd'],
      ['etcd.learner', 'warning', 'm3'],
      ['etcd.size', 'warning', 'm1']
    ])
  })
  it('measures the database against the member’s own --quota-backend-bytes when it sets one', () => {
    const big = health({ endpoints: [{ endpoint: 'https://a:2379', member: 'm1', healthy: true, dbSize: 1.9 * 1024 ** 3 }] })
    expect(etcdFindings(big).map((f) => f.check)).toEqual(['etcd.size'])
    expect(etcdFindings(big, new Map([['m1', 8 * 1024 ** 3]]))).toEqual([])
    expect(etcdFindings(big, new Map([['m1', 1024 ** 3]]))[0].severity).toBe('error')
  })
  it('warns without a verified backup, or with one older than a day', () => {
    expect(backupFindings(undefined, NOW)).toHaveLength(1)
    expect(backupFindings({ createdAt: '2026-12-05T11:00:00Z' } as SnapshotEntry, NOW)[0].message).toContain('25 h old')
    expect(backupFindings({ createdAt: '2026-12-06T01:00:00Z' } as SnapshotEntry, NOW)).toEqual([])
  })
})

describe('join command pieces', () => {
  it('hashes the CA’s public key as kubeadm does (openssl as the oracle)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kd-ca-'))
    try {
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=kubernetes', '-days', '1', '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt')],
        { stdio: 'ignore' }
      )
      // kubeadm's documented recipe: openssl x509 -pubkey | openssl rsa -pubin -outform der | sha256sum
      const pub = execFileSync('openssl', ['x509', '-pubkey', '-noout', '-in', join(dir, 'ca.crt')])
      const der = execFileSync('openssl', ['rsa', '-pubin', '-outform', 'der'], { input: pub, stdio: ['pipe', 'pipe', 'ignore'] })
      const hex = execFileSync('openssl', ['dgst', '-sha256', '-hex'], { input: der }).toString().trim().split(' ').pop()
      expect(caCertHash(readFileSync(join(dir, 'ca.crt'), 'utf8'))).toBe(`sha256:${hex}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
  it('finds the certificate key in upload-certs output', () => {
    const key = 'a'.repeat(64)
    expect(
      certificateKeyFrom(`[upload-certs] Storing the certificates in Secret "kubeadm-certs" in the "kube-system" Namespace\n[upload-certs] Using certificate key:\n${key}\n`)
    ).toBe(key)
    expect(certificateKeyFrom('error: nope')).toBeUndefined()
  })
})

describe('report order', () => {
  it('puts errors first, then warnings, then info; by area within', () => {
    const f = (severity: 'error' | 'warning' | 'info', area: 'api' | 'nodes' | 'time') => ({ check: 'x', area, severity, subject: 's', message: '', says: { code: '' } })
    expect(ordered([f('info', 'api'), f('warning', 'time'), f('error', 'nodes'), f('error', 'api')]).map((x) => `${x.severity}/${x.area}`)).toEqual([
      'error/api',
      'error/nodes',
      'warning/time',
      'info/api'
    ])
  })
})
