import i18next, { type TFunction } from 'i18next'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Diagnostic } from '@shared/model/kubeconfig'
import { daysUntil, diagnosticDetail, diagnosticLabel } from './diagnostic-text'
import { contextsStrings } from './strings'

const now = Date.parse('2026-03-01T12:00:00Z')
const entry = { name: 'kubernetes-admin', file: '/home/me/.kube/lab.yaml' }
let en: TFunction
let zh: TFunction

beforeAll(async () => {
  const make = async (lng: string) => {
    const i = i18next.createInstance()
    await i.init({
      lng,
      resources: { en: { translation: contextsStrings.en }, 'zh-CN': { translation: contextsStrings['zh-CN'] } },
      interpolation: { escapeValue: false },
      showSupportNotice: false
    })
    return i.t
  }
  en = await make('en')
  zh = await make('zh-CN')
})

describe('diagnostics in the user’s language, from the facts main sends', () => {
  it('counts the days left on an expiring certificate from its date', () => {
    const d: Diagnostic = { kind: 'cert-expiring', severity: 'warning', expiresAt: '2026-03-13T11:00:00Z', entry }
    expect(daysUntil(d.expiresAt, now)).toBe(11)
    expect(diagnosticLabel(en, d, now)).toBe('cert expires in 11 days')
    expect(diagnosticLabel(zh, d, now)).toBe('证书 11 天后过期')
    expect(diagnosticLabel(en, { ...d, expiresAt: '2026-03-02T13:00:00Z' }, now)).toBe('cert expires in 1 day')
    expect(diagnosticDetail(en, d, 'en')).toBe(
      `The client certificate of user “kubernetes-admin” expires on March 13, 2026 at ${new Intl.DateTimeFormat('en', { timeStyle: 'short' }).format(new Date(d.expiresAt))}. Renew it before then and update /home/me/.kube/lab.yaml.`
    )
    expect(diagnosticDetail(zh, d, 'zh-CN')).toContain('2026年3月13日')
  })

  it('names the missing file, the field that points at it and the entry, in both languages', () => {
    const d: Diagnostic = {
      kind: 'file-missing',
      severity: 'error',
      path: '/home/me/.kube/pki/ca.pem',
      field: 'certificate-authority',
      entry: { name: 'binary-cluster', file: '/home/me/.kube/lab.yaml' }
    }
    expect(diagnosticLabel(en, d)).toBe('file missing')
    expect(diagnosticDetail(en, d, 'en')).toBe('/home/me/.kube/pki/ca.pem does not exist: it is the certificate-authority of cluster “binary-cluster” in /home/me/.kube/lab.yaml.')
    expect(diagnosticDetail(zh, d, 'zh-CN')).toBe('/home/me/.kube/pki/ca.pem 不存在：它是 /home/me/.kube/lab.yaml 中集群“binary-cluster”的 certificate-authority。')
    expect(diagnosticDetail(en, { ...d, field: 'client-key' }, 'en')).toContain('client-key of user “binary-cluster”')
  })

  it('says where an exec plugin was looked for, and passes the kubeconfig’s install hint on verbatim', () => {
    const onPath: Diagnostic = { kind: 'exec-plugin-missing', severity: 'error', command: 'gke-gcloud-auth-plugin', searchPath: '/usr/bin:/bin', entry }
    expect(diagnosticDetail(en, onPath, 'en')).toBe(
      'The exec credential plugin “gke-gcloud-auth-plugin” of user “kubernetes-admin” is not on your login shell’s PATH (/usr/bin:/bin). Install it, or add its folder to PATH in your shell’s login files (~/.profile, ~/.zprofile).'
    )
    expect(diagnosticDetail(zh, { ...onPath, installHint: 'gcloud components install gke-gcloud-auth-plugin' }, 'zh-CN')).toBe(
      '用户“kubernetes-admin”的 exec 凭据插件“gke-gcloud-auth-plugin”不在登录 shell 的 PATH 中（/usr/bin:/bin）。 kubeconfig 中的说明：gcloud components install gke-gcloud-auth-plugin'
    )
    const byPath: Diagnostic = { kind: 'exec-plugin-missing', severity: 'error', command: './bin/auth', path: '/home/me/.kube/bin/auth', entry }
    expect(diagnosticDetail(en, byPath, 'en')).toBe('/home/me/.kube/bin/auth, the exec credential plugin of user “kubernetes-admin”, does not exist or is not executable.')
  })

  it('words every kind, with nothing left in the other language', () => {
    const all: Diagnostic[] = [
      { kind: 'cluster-missing', severity: 'error', name: 'gone' },
      { kind: 'user-missing', severity: 'error', name: 'gone' },
      { kind: 'cert-expired', severity: 'error', expiresAt: '2025-01-01T00:00:00Z', entry },
      { kind: 'cert-unreadable', severity: 'warning', reason: 'error:068000A8:asn1 encoding routines::wrong tag', entry },
      ...(['refused', 'dns', 'no-route', 'timeout', 'tls', 'credentials', 'other'] as const).map((cause): Diagnostic => ({
        kind: 'unreachable',
        severity: 'error',
        server: 'https://198.18.0.9:6443',
        cause,
        reason: 'connect ECONNREFUSED'
      }))
    ]
    for (const d of all) {
      const words = [diagnosticLabel(zh, d), diagnosticDetail(zh, d, 'zh-CN')]
      for (const w of words) {
        expect(w, `${d.kind}`).toMatch(/[\u4e00-\u9fff]/)
        expect(w, `${d.kind}`).not.toMatch(/contexts\./)
      }
      expect(diagnosticDetail(en, d, 'en')).not.toMatch(/contexts\.|\{\{/)
    }
    expect(diagnosticDetail(en, all[0], 'en')).toContain('“gone”')
  })

  it('shows the reason alone when the context could not even become a client', () => {
    expect(
      diagnosticDetail(en, { kind: 'unreachable', severity: 'error', server: '', cause: 'other', reason: 'context "x" uses cluster "y", which no kubeconfig defines' }, 'en')
    ).toBe('context "x" uses cluster "y", which no kubeconfig defines')
  })
})
