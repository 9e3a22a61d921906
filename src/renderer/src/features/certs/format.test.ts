import { describe, expect, it } from 'vitest'
import type { CertificateEntry } from '@shared/model/certs'
import { chainOf, expiresIn, timeline } from './format'

const entry = (over: Partial<CertificateEntry>): CertificateEntry => ({
  host: 'cp-1',
  name: 'apiserver',
  source: 'file',
  path: '/etc/kubernetes/pki/apiserver.crt',
  isCA: false,
  subject: 'CN=kube-apiserver',
  issuer: 'CN=kubernetes',
  sans: [],
  serial: '01',
  notBefore: '2025-01-01T00:00:00Z',
  notAfter: '2026-01-01T00:00:00Z',
  daysLeft: 0,
  sha256: '',
  managedBy: 'kubeadm',
  usedBy: [],
  status: 'ok',
  ...over
})

describe('certificate page helpers', () => {
  it('says how long is left in a table cell', () => {
    expect(expiresIn(-35)).toBe('-35d')
    expect(expiresIn(12)).toBe('12d')
    expect(expiresIn(364)).toBe('12mo')
    expect(expiresIn(3649)).toBe('9y')
  })

  it('puts expired certificates at the start, counts those beyond the end and leaves served copies out', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    const t = timeline(
      [
        entry({ name: 'old', notAfter: '2025-06-01T00:00:00Z' }),
        entry({ name: 'half', notAfter: '2026-07-20T00:00:00Z' }),
        entry({ name: 'ca', notAfter: '2035-01-01T00:00:00Z', isCA: true }),
        entry({ name: 'served', source: 'served', notAfter: '2026-02-01T00:00:00Z' }),
        entry({ name: 'missing', status: 'missing', notAfter: '' })
      ],
      now,
      400
    )
    expect(t.points.map((p) => [p.entry.name, Math.round(p.at * 100)])).toEqual([
      ['old', 0],
      ['half', 50]
    ])
    expect(t.beyond).toBe(1)
  })

  it('follows the chain to the CA on the same host first', () => {
    const leaf = entry({ signedBy: 'ca' })
    const otherCa = entry({ host: 'cp-2', name: 'ca', isCA: true })
    const ownCa = entry({ name: 'ca', isCA: true })
    expect(chainOf(leaf, [otherCa, ownCa, leaf])).toEqual([ownCa])
  })
})
