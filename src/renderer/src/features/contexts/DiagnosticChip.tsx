import type { Diagnostic } from '@shared/model/kubeconfig'
import { Tooltip } from '../../components'

/** A diagnostic as a chip; its detail (file, command, what to do) shows on hover and on focus. */
export function DiagnosticChip({ diagnostic, focusable }: { diagnostic: Diagnostic; focusable?: boolean }) {
  const chip = (
    <span className={`chip chip-${diagnostic.severity}`} data-kind={diagnostic.kind}>
      {diagnostic.message}
    </span>
  )
  if (!diagnostic.detail) return focusable ? <span tabIndex={0}>{chip}</span> : chip
  return (
    <Tooltip
      focusable={focusable}
      className="chip-anchor"
      label={`${diagnostic.message}. ${diagnostic.detail}`}
      content={
        <>
          <strong>{diagnostic.message}</strong>
          <div className="tooltip-detail">{diagnostic.detail}</div>
        </>
      }
    >
      {chip}
    </Tooltip>
  )
}
