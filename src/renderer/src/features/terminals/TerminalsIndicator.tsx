import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store'
import { TERMINALS_PAGE } from './terminals-slice'

/**
 * Title-bar count of open terminals (hidden when there are none). Mounted with the shell, it
 * also reattaches the terminals main kept across a page reload, whichever page is showing.
 */
export function TerminalsIndicator() {
  const { t } = useTranslation()
  const count = useAppStore((s) => s.terminals.length)
  const load = useAppStore((s) => s.loadTerminals)
  const goTo = useAppStore((s) => s.goTo)
  useEffect(() => {
    void load()
  }, [load])
  if (count === 0) return null
  return (
    <button type="button" className="terminals-indicator" onClick={() => goTo(TERMINALS_PAGE)} data-testid="terminals-indicator">
      <span aria-hidden>⌨</span> {t('terminals.indicator', { count })}
    </button>
  )
}
