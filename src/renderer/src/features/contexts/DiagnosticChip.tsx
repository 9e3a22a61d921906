import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import type { Diagnostic, DiagnosticKind } from '@shared/model/kubeconfig'
import { Tooltip } from '../../components'

// One label per kind; a kind added to the model without a label here does not compile.
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

/** Days left, when main's message for an expiring certificate says so ("expires in 12 days"). */
function daysLeft(d: Diagnostic): number | null {
  const m = d.kind === 'cert-expiring' ? /\bin (\d+) days?\b/.exec(d.message) : null
  return m ? Number(m[1]) : null
}

/** The chip's short label in the user's language (main's message is English and longer). */
export function diagnosticLabel(t: TFunction, d: Diagnostic): string {
  const days = daysLeft(d)
  return days !== null ? t('contexts.diagnostic.expiresIn', { count: days }) : t(labels[d.kind] ?? d.message)
}

/**
 * A diagnostic as a chip: a short label in the user's language (it has to fit a table cell),
 * with main's full message and detail (file, command, what to do) on hover and on focus.
 */
export function DiagnosticChip({ diagnostic, focusable }: { diagnostic: Diagnostic; focusable?: boolean }) {
  const { t } = useTranslation()
  const label = diagnosticLabel(t, diagnostic)
  return (
    <Tooltip
      focusable={focusable}
      className="chip-anchor"
      label={[diagnostic.message, diagnostic.detail].filter(Boolean).join('. ')}
      content={
        <>
          <strong>{diagnostic.message}</strong>
          {diagnostic.detail && <div className="tooltip-detail">{diagnostic.detail}</div>}
        </>
      }
    >
      <span className={`chip chip-${diagnostic.severity}`} data-kind={diagnostic.kind}>
        {label}
      </span>
    </Tooltip>
  )
}
