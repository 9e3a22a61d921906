// Diagnostics in the user's language. Main sends facts (paths, names, an expiry date, the
// system's own error text); the words around them are the renderer's, in English or 简体中文.
import type { TFunction } from 'i18next'
import type { Diagnostic, DiagnosticKind } from '@shared/model/kubeconfig'

// One chip label per kind; a kind added to the model without a label here does not compile.
const labels: Record<DiagnosticKind, string> = {
  'file-missing': 'contexts.diagnostic.file-missing',
  'cert-expired': 'contexts.diagnostic.cert-expired',
  'cert-expiring': 'contexts.diagnostic.cert-expiring',
  'cert-unreadable': 'contexts.diagnostic.cert-unreadable',
  'exec-plugin-missing': 'contexts.diagnostic.exec-plugin-missing',
  'cluster-missing': 'contexts.diagnostic.cluster-missing',
  'user-missing': 'contexts.diagnostic.user-missing',
  unreachable: 'contexts.diagnostic.unreachable'
}

const DAY = 24 * 3600 * 1000

/** Whole days left until `iso` (0 on the last day). */
export function daysUntil(iso: string, now: number): number {
  return Math.max(0, Math.floor((Date.parse(iso) - now) / DAY))
}

/** The chip: a few words that fit a table cell. */
export function diagnosticLabel(t: TFunction, d: Diagnostic, now = Date.now()): string {
  return d.kind === 'cert-expiring' ? t('contexts.diagnostic.expiresIn', { count: daysUntil(d.expiresAt, now) }) : t(labels[d.kind])
}

/** What is wrong, with the file, entry or command concerned, and what to do. */
export function diagnosticDetail(t: TFunction, d: Diagnostic, language: string): string {
  const date = (iso: string) => new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short' }).format(new Date(iso))
  switch (d.kind) {
    case 'cluster-missing':
    case 'user-missing':
      return t(`contexts.diagnostic.detail.${d.kind}`, { name: d.name })
    case 'file-missing': {
      const owner = t(`contexts.diagnostic.owner.${d.field === 'certificate-authority' ? 'cluster' : 'user'}`)
      return t('contexts.diagnostic.detail.file-missing', { path: d.path, field: d.field, owner, name: d.entry.name, file: d.entry.file })
    }
    case 'cert-expired':
    case 'cert-expiring':
      return t(`contexts.diagnostic.detail.${d.kind}`, { name: d.entry.name, date: date(d.expiresAt), file: d.entry.file })
    case 'cert-unreadable':
      return t('contexts.diagnostic.detail.cert-unreadable', { name: d.entry.name, file: d.entry.file, reason: d.reason })
    case 'exec-plugin-missing': {
      const what = d.path
        ? t('contexts.diagnostic.detail.execPath', { path: d.path, name: d.entry.name })
        : t('contexts.diagnostic.detail.execSearch', { command: d.command, name: d.entry.name, path: d.searchPath })
      const todo = d.installHint ? t('contexts.diagnostic.detail.execHint', { hint: d.installHint }) : d.path ? '' : t('contexts.diagnostic.detail.execInstall')
      return todo ? `${what} ${todo}` : what
    }
    case 'unreachable':
      // No server: the context could not even be turned into a client; the reason says why.
      return d.server ? t(`contexts.diagnostic.detail.unreachable.${d.cause}`, { server: d.server, reason: d.reason }) : d.reason
  }
}
