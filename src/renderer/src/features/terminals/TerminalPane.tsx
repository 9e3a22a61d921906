import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { TerminalInfo } from '@shared/model/terminals'
import { ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import type { TerminalScreen } from './screen'

/** The active terminal: its screen (fitted to the space), the find bar, and its status line. */
export function TerminalPane({ info }: { info: TerminalInfo }) {
  const screens = useAppStore((s) => s.terminalScreens)
  const scrollback = useAppStore((s) => s.preferences?.terminalScrollback)
  const findOpen = useAppStore((s) => s.terminalFind === info.id)
  const host = useRef<HTMLDivElement>(null)
  const screen = screens.get(info.id)

  useEffect(() => {
    const el = host.current
    if (!screen || !el) return
    screen.mount(el)
    screen.focus()
    const observer = new ResizeObserver(() => screen.fit())
    observer.observe(el)
    // Cell size depends on the monospace font: fit again once it has loaded.
    void document.fonts?.ready.then(() => screen.fit())
    return () => {
      observer.disconnect()
      screen.unmount()
    }
  }, [screen])

  useEffect(() => {
    if (scrollback) screens.setScrollback(scrollback)
  }, [screens, scrollback])

  return (
    <div className="terminal-pane" id="terminal-panel" role="tabpanel" aria-labelledby={`terminal-tab-${info.id}`}>
      {findOpen && screen && <FindBar screen={screen} />}
      <div className="terminal-host" ref={host} />
      {info.state === 'failed' && <FailedOverlay info={info} screen={screen} />}
      <TerminalStatus info={info} screen={screen} />
    </div>
  )
}

function TerminalStatus({ info, screen }: { info: TerminalInfo; screen: TerminalScreen | undefined }) {
  const { t } = useTranslation()
  const reconnect = useAppStore((s) => s.reconnectTerminal)
  const close = useAppStore((s) => s.closeTerminal)
  const again = () => {
    void reconnect(info.id).then(() => screen?.focus())
  }

  let text: string
  switch (info.state) {
    case 'connecting':
      text = t('terminals.state.connecting', { host: info.host })
      break
    case 'reconnecting':
      text = t('terminals.state.reconnecting', { host: info.host })
      break
    case 'connected':
      text = t('terminals.state.connected')
      break
    case 'lost':
      text = t('terminals.state.lost')
      break
    case 'exited':
      text = info.signal
        ? t('terminals.state.exitedSignal', { signal: info.signal })
        : info.exitCode === null || info.exitCode === undefined
          ? t('terminals.state.exitedNoCode')
          : t('terminals.state.exited', { code: info.exitCode })
      break
    case 'failed':
      text = t('terminals.state.failed')
      break
  }
  const action = info.state === 'lost' ? 'reconnect' : info.state === 'exited' ? 'restart' : info.state === 'failed' ? 'retry' : null

  return (
    <div className={`terminal-status terminal-status-${info.state}`} data-testid="terminal-status" data-state={info.state} role="status">
      <div className="terminal-status-line">
        <span className={`terminal-dot terminal-dot-${info.state}`} aria-hidden />
        <span className="terminal-status-text" data-testid="terminal-status-text">
          {text}
        </span>
        {action && (
          <button type="button" className="primary" onClick={again} data-testid={`terminal-${action}`}>
            {t(`terminals.${action}`)}
          </button>
        )}
        {(info.state === 'exited' || info.state === 'failed') && (
          <button type="button" onClick={() => void close(info.id)}>
            {t('terminals.closeTab')}
          </button>
        )}
        <span className="spacer" />
        <span className="muted small mono terminal-detail">{info.detail}</span>
        <span className="muted small mono" data-testid="terminal-size">
          {info.size.cols}×{info.size.rows}
        </span>
        {info.kind === 'local' && info.context && (
          <span className="small terminal-pinned" data-testid="terminal-pinned" title={t('terminals.pinnedHint')}>
            {t('terminals.pinned', { context: info.context.name })}
          </span>
        )}
        <span className="muted small terminal-keys">{t('terminals.keys')}</span>
      </div>
      {info.error && (info.state === 'lost' || info.state === 'exited') && <ErrorMessage error={info.error} />}
    </div>
  )
}

/** A terminal that could not open: the error where the terminal would be, with what to do. */
function FailedOverlay({ info, screen }: { info: TerminalInfo; screen: TerminalScreen | undefined }) {
  const { t } = useTranslation()
  const reconnect = useAppStore((s) => s.reconnectTerminal)
  const goTo = useAppStore((s) => s.goTo)
  return (
    <div className="terminal-failed" data-testid="terminal-failed" role="alert">
      <h3>{t('terminals.failedTitle', { host: info.host })}</h3>
      {info.error && <ErrorMessage error={info.error} />}
      <div className="terminal-failed-actions">
        <button className="primary" data-testid="terminal-failed-retry" onClick={() => void reconnect(info.id).then(() => screen?.focus())}>
          {t('terminals.retry')}
        </button>
        {info.kind === 'ssh' && (
          <button data-testid="terminal-failed-edit" onClick={() => goTo('nodes')}>
            {t('terminals.editTarget')}
          </button>
        )}
      </div>
    </div>
  )
}

function FindBar({ screen }: { screen: TerminalScreen }) {
  const { t } = useTranslation()
  const setFind = useAppStore((s) => s.setTerminalFind)
  const [query, setQuery] = useState('')
  const [caseSensitive, setCaseSensitive] = useState(false)
  const [regex, setRegex] = useState(false)
  const [results, setResults] = useState<{ resultIndex: number; resultCount: number } | null>(null)
  const input = useRef<HTMLInputElement>(null)

  useEffect(() => {
    input.current?.focus()
    input.current?.select()
    return screen.onSearchResults(setResults)
  }, [screen])

  const options = { caseSensitive, regex }
  const search = (q: string, backwards = false) => {
    if (!q) {
      screen.clearSearch()
      setResults(null)
      return
    }
    if (backwards) screen.findPrevious(q, options)
    else screen.findNext(q, { ...options, incremental: true })
  }
  const close = () => {
    screen.clearSearch()
    setFind(null)
    screen.focus()
  }

  return (
    <div className="terminal-find" role="search" aria-label={t('terminals.find.label')}>
      <input
        ref={input}
        type="search"
        value={query}
        placeholder={t('terminals.find.placeholder')}
        aria-label={t('terminals.find.label')}
        spellCheck={false}
        data-testid="terminal-find-input"
        onChange={(e) => {
          setQuery(e.target.value)
          search(e.target.value)
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault()
            search(query, e.shiftKey)
          } else if (e.key === 'Escape') {
            e.preventDefault()
            close()
          }
        }}
      />
      <span className="muted small terminal-find-results" aria-live="polite">
        {results && query
          ? results.resultCount === 0
            ? t('terminals.find.none')
            : t('terminals.find.results', { index: results.resultIndex + 1, count: results.resultCount })
          : ''}
      </span>
      <button type="button" className="toggle" aria-pressed={caseSensitive} title={t('terminals.find.caseSensitive')} onClick={() => setCaseSensitive(!caseSensitive)}>
        Aa
      </button>
      <button type="button" className="toggle" aria-pressed={regex} title={t('terminals.find.regex')} onClick={() => setRegex(!regex)}>
        .*
      </button>
      <button type="button" title={t('terminals.find.previous')} aria-label={t('terminals.find.previous')} onClick={() => search(query, true)}>
        ↑
      </button>
      <button type="button" title={t('terminals.find.next')} aria-label={t('terminals.find.next')} onClick={() => search(query)}>
        ↓
      </button>
      <button type="button" className="icon-button" title={t('terminals.find.close')} aria-label={t('terminals.find.close')} onClick={close}>
        ×
      </button>
    </div>
  )
}
