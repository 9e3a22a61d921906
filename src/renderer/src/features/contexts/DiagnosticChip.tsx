import { useTranslation } from 'react-i18next'
import type { Diagnostic } from '@shared/model/kubeconfig'
import { Tooltip } from '../../components'
import { diagnosticDetail, diagnosticLabel } from './diagnostic-text'

/**
 * A diagnostic as a chip: a short label in the user's language (it has to fit a table cell),
 * with the full explanation (file, command, what to do) on hover and on focus.
 */
export function DiagnosticChip({ diagnostic, focusable }: { diagnostic: Diagnostic; focusable?: boolean }) {
  const { t, i18n } = useTranslation()
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
      <span className={`chip chip-${diagnostic.severity}`} data-kind={diagnostic.kind}>
        {label}
      </span>
    </Tooltip>
  )
}
