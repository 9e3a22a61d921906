import { useRef, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store'
import { terminalTitle } from './terminals-slice'

/** One tab per terminal: kind, host · context, a state dot; arrows move between tabs. */
export function TerminalTabs() {
  const { t } = useTranslation()
  const terminals = useAppStore((s) => s.terminals)
  const active = useAppStore((s) => s.activeTerminal)
  const activate = useAppStore((s) => s.activateTerminal)
  const close = useAppStore((s) => s.closeTerminal)
  const list = useRef<HTMLDivElement>(null)

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight' && e.key !== 'Home' && e.key !== 'End') return
    if (terminals.length === 0) return
    e.preventDefault()
    const at = Math.max(0, terminals.findIndex((x) => x.id === active))
    const next =
      e.key === 'Home' ? 0 : e.key === 'End' ? terminals.length - 1 : (at + (e.key === 'ArrowRight' ? 1 : -1) + terminals.length) % terminals.length
    activate(terminals[next].id)
    list.current?.querySelectorAll<HTMLButtonElement>('[role="tab"]')[next]?.focus()
  }

  return (
    <div className="terminal-tabs" role="tablist" aria-label={t('terminals.tabs')} ref={list} onKeyDown={onKeyDown}>
      {terminals.map((x) => {
        const title = terminalTitle(x)
        const selected = x.id === active
        return (
          <div key={x.id} className={`terminal-tab${selected ? ' active' : ''}`} data-state={x.state}>
            <button
              type="button"
              role="tab"
              id={`terminal-tab-${x.id}`}
              aria-selected={selected}
              aria-controls="terminal-panel"
              tabIndex={selected ? 0 : -1}
              title={`${title}\n${x.detail}`}
              data-testid="terminal-tab"
              data-terminal-id={x.id}
              onClick={() => activate(x.id)}
            >
              <span className={`terminal-dot terminal-dot-${x.state}`} aria-hidden />
              <span className="terminal-kind">{t(`terminals.kind.${x.kind}`)}</span>
              <span className="terminal-title">{title}</span>
            </button>
            <button
              type="button"
              className="icon-button terminal-tab-close"
              aria-label={t('terminals.close', { title })}
              title={t('terminals.close', { title })}
              onClick={() => void close(x.id)}
            >
              ×
            </button>
          </div>
        )
      })}
    </div>
  )
}
