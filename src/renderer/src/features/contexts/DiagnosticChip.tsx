import { useTranslation } from 'react-i18next'
import type { ContextRef, Diagnostic } from '@shared/model/kubeconfig'
import { Tooltip } from '../../components'
import { useAppStore } from '../../store'
import { diagnosticDetail, diagnosticLabel } from './diagnostic-text'

/**
 * A diagnostic as a chip: a short label in the user's language (it has to fit a table cell),
 * with the full explanation (file, command, what to do) on hover and on focus. A certificate
 * chip of a context opens the Certificates page on that context's cluster.
 */
export function DiagnosticChip({ diagnostic, focusable, context }: { diagnostic: Diagnostic; focusable?: boolean; context?: ContextRef }) {
  const { t, i18n } = useTranslation()
  const showCertificates = useAppStore((s) => s.showCertificates)
  const certificate = context && (diagnostic.kind === 'cert-expired' || diagnostic.kind === 'cert-expiring')
  const label = diagnosticLabel(t, diagnostic)
  const detail = diagnosticDetail(t, diagnostic, i18n.language)
  return (
    <Tooltip
      focusable={focusable}
      className="chip-anchor"
      label={`${label}. ${detail}`}
      content={
        <>
          <strong>{label}</strong>
          <div className="tooltip-detail">{detail}</div>
        </>
      }
    >
      {certificate ? (
        <button
          type="button"
          className={`chip chip-${diagnostic.severity} chip-link`}
          data-kind={diagnostic.kind}
          onClick={(e) => {
            e.stopPropagation()
            showCertificates(context)
          }}
        >
          {label}
        </button>
      ) : (
        <span className={`chip chip-${diagnostic.severity}`} data-kind={diagnostic.kind}>
          {label}
        </span>
      )}
    </Tooltip>
  )
}
