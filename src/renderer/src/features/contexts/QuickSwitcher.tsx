import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '@shared/errors'
import type { ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage, Highlight, VirtualList } from '../../components'
import { useAppStore } from '../../store'
import { ColourDot } from './ColourDot'
import { diagnosticDetail, diagnosticLabel } from './diagnostic-text'
import { contextKey, highlightContext, sameContext, switcherEntries } from './context-rows'
import type { SwitcherMode } from './contexts-slice'
import { fuzzyMatch, queryTokens } from './fuzzy'
import { useNamespaces } from './use-namespaces'
import { checkNamespace } from './validation'
import { shortPath } from './short-path'

const ITEM_HEIGHT = 32
const LIMIT = 200

/** Ctrl/Cmd+K: the context switcher; Ctrl/Cmd+Shift+K (or Tab inside): namespaces of the active context. */
export function QuickSwitcher() {
  const mode = useAppStore((s) => s.switcher)
  return mode ? <SwitcherDialog mode={mode} /> : null
}

function SwitcherDialog({ mode }: { mode: SwitcherMode }) {
  const { t } = useTranslation()
  const close = useAppStore((s) => s.closeSwitcher)
  const open = useAppStore((s) => s.openSwitcher)
  const ref = useRef<HTMLDialogElement>(null)
  const [opener] = useState(() => document.activeElement as HTMLElement | null)
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    // showModal focuses the first focusable element (a tab); the search field is where typing goes.
    d?.querySelector<HTMLInputElement>('.switcher-input')?.focus()
    // Back to where the user was (the list, a field) when the switcher goes away.
    return () => {
      if (opener?.isConnected) opener.focus()
    }
  }, [opener])
  const other: SwitcherMode = mode === 'contexts' ? 'namespaces' : 'contexts'
  const onTab = (e: KeyboardEvent) => {
    if (e.key === 'Tab' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault()
      open(other)
    }
  }
  return (
    <dialog
      ref={ref}
      className="switcher"
      aria-label={t('contexts.switcher.title')}
      data-testid="quick-switcher"
      data-mode={mode}
      onCancel={(e) => {
        e.preventDefault()
        close()
      }}
      onClick={(e) => {
        if (e.target === e.currentTarget) close()
      }}
    >
      <div className="switcher-tabs" role="tablist">
        {(['contexts', 'namespaces'] as const).map((m) => (
          <button key={m} role="tab" aria-selected={m === mode} tabIndex={-1} className={m === mode ? 'active' : ''} onClick={() => open(m)}>
            {t(`contexts.switcher.${m}`)}
          </button>
        ))}
      </div>
      {mode === 'contexts' ? <ContextSearch onTab={onTab} /> : <NamespaceSearch onTab={onTab} />}
    </dialog>
  )
}

function listKeyHandler(count: number, index: number, setIndex: (i: number) => void) {
  return (e: KeyboardEvent): boolean => {
    const page = 10
    const to = (i: number) => setIndex(Math.max(0, Math.min(count - 1, i)))
    if (e.key === 'ArrowDown') to(index + 1)
    else if (e.key === 'ArrowUp') to(index - 1)
    else if (e.key === 'PageDown') to(index + page)
    else if (e.key === 'PageUp') to(index - page)
    else return false
    e.preventDefault()
    return true
  }
}

function ContextSearch({ onTab }: { onTab(e: KeyboardEvent): void }) {
  const { t, i18n } = useTranslation()
  const kube = useAppStore((s) => s.kube)
  const switchContext = useAppStore((s) => s.switchContext)
  const switchToPrevious = useAppStore((s) => s.switchToPrevious)
  const close = useAppStore((s) => s.closeSwitcher)
  const [query, setQuery] = useState('')
  const [index, setIndex] = useState(0)
  const items = useMemo(() => (kube ? switcherEntries(kube, query, LIMIT) : []), [kube, query])
  const tokens = useMemo(() => queryTokens(query), [query])
  const recents = useMemo(() => new Set(kube?.recents.map(contextKey)), [kube])
  const total = kube?.contexts.length ?? 0
  const listKeys = listKeyHandler(items.length, index, setIndex)
  const previous = kube?.previous ? kube.contexts.find((c) => sameContext(c, kube.previous)) : undefined

  const choose = (ref: ContextRef) => {
    // Optimistic: close at once; the slice shows the new context and reverts with a notice on failure.
    close()
    void switchContext(ref)
  }

  return (
    <>
      <input
        autoFocus
        className="switcher-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="switcher-list"
        aria-autocomplete="list"
        aria-activedescendant={items.length ? `switcher-item-${index}` : undefined}
        aria-label={t('contexts.switcher.placeholder')}
        placeholder={t('contexts.switcher.placeholder')}
        spellCheck={false}
        autoComplete="off"
        value={query}
        data-testid="switcher-input"
        onChange={(e) => {
          setQuery(e.target.value)
          setIndex(0)
        }}
        onKeyDown={(e) => {
          if (listKeys(e)) return
          if (e.key === 'Enter') {
            e.preventDefault()
            const item = items[index]
            if (item) choose({ file: item.file, name: item.name })
          } else if (e.key === '-' && query === '' && kube?.previous) {
            // kubectx's "-": straight back to the previous context.
            e.preventDefault()
            close()
            void switchToPrevious()
          } else onTab(e)
        }}
      />
      <VirtualList
        id="switcher-list"
        role="listbox"
        aria-label={t('contexts.switcher.contexts')}
        className="switcher-list"
        items={items}
        rowHeight={ITEM_HEIGHT}
        scrollToIndex={index}
        getKey={(c) => contextKey(c)}
        renderRow={(c, i) => {
          const isActive = sameContext(kube?.active, c)
          return (
            <div
              id={`switcher-item-${i}`}
              role="option"
              aria-selected={i === index}
              className={`switcher-item${i === index ? ' selected' : ''}${c.shadowedBy ? ' shadowed' : ''}`}
              data-testid="switcher-item"
              data-name={c.name}
              onMouseMove={() => i !== index && setIndex(i)}
              onClick={() => choose({ file: c.file, name: c.name })}
            >
              <ColourDot colour={c.colour} />
              <span className="active-mark" aria-hidden>
                {isActive ? '●' : ''}
              </span>
              <span className="switcher-name">
                <Highlight text={c.name} positions={highlightContext(c, tokens).name} />
              </span>
              {c.favourite && (
                <span className="star on" aria-label={t('contexts.favourite')}>
                  ★
                </span>
              )}
              {recents.has(contextKey(c)) && !isActive && <span className="chip chip-info">{t('contexts.switcher.recent')}</span>}
              {c.shadowedBy && <span className="chip chip-info">{t('contexts.shadowed')}</span>}
              {c.diagnostics
                .filter((d) => d.severity === 'error')
                .slice(0, 1)
                .map((d) => (
                  <span key={d.kind} className="chip chip-error" title={diagnosticDetail(t, d, i18n.language)}>
                    {diagnosticLabel(t, d)}
                  </span>
                ))}
              <span className="switcher-meta muted">
                {c.cluster}
                {c.namespace ? ` · ${c.namespace}` : ''}
              </span>
              <span className="switcher-file muted mono" title={c.file}>
                {shortPath(c.file)}
              </span>
            </div>
          )
        }}
      />
      <footer className="switcher-footer muted">
        <span>{t('contexts.switcher.hint')}</span>
        {previous ? (
          <span>{t('contexts.switcher.previous', { name: previous.name })}</span>
        ) : (
          <span>{t('contexts.switcher.noPrevious')}</span>
        )}
        {items.length === LIMIT && total > LIMIT && <span>{t('contexts.switcher.more', { count: total - LIMIT })}</span>}
      </footer>
    </>
  )
}

function NamespaceSearch({ onTab }: { onTab(e: KeyboardEvent): void }) {
  const { t } = useTranslation()
  const kube = useAppStore((s) => s.kube)
  const setNamespace = useAppStore((s) => s.setContextNamespace)
  const notifyError = useAppStore((s) => s.notifyError)
  const close = useAppStore((s) => s.closeSwitcher)
  const active = kube?.active ?? null
  const entry = active ? kube?.contexts.find((c) => sameContext(c, active)) : undefined
  const list = useNamespaces(active)
  const [query, setQuery] = useState('')
  const [index, setIndex] = useState(0)
  const [problem, setProblem] = useState<ErrorInfo | null>(null)

  // Items: the cluster's namespaces that match, plus the typed text as a free choice when the
  // cluster cannot list them (unreachable, or RBAC) or the name is not among them (yet).
  const items = useMemo(() => {
    const names = list.state === 'done' ? list.names : []
    const q = query.trim().toLowerCase()
    const matched = q
      ? names
          .map((n) => ({ n, m: fuzzyMatch(q, n) }))
          .filter((x) => x.m)
          .sort((a, b) => b.m!.score - a.m!.score)
          .map((x) => ({ name: x.n, positions: x.m!.positions, free: false }))
      : names.map((n) => ({ name: n, positions: [] as number[], free: false }))
    const typed = query.trim()
    if (typed && !names.includes(typed)) {
      const free = { name: typed, positions: [] as number[], free: true }
      return list.state === 'done' && list.reachable && matched.length > 0 ? [...matched, free] : [free, ...matched]
    }
    return matched
  }, [list, query])
  const listKeys = listKeyHandler(items.length, index, setIndex)

  if (!active || !entry) {
    return <p className="switcher-message">{t('contexts.switcher.noActive')}</p>
  }

  const choose = (namespace: string) => {
    const bad = checkNamespace(namespace)
    if (bad) {
      setProblem(
        bad.code === 'too-long'
          ? { code: 'input.namespace', message: t('contexts.errors.namespaceTooLong', { namespace, max: bad.max }) }
          : { code: 'input.namespace', message: t('contexts.errors.namespaceInvalid', { namespace }) }
      )
      return
    }
    close()
    setNamespace(active, namespace).catch(notifyError)
  }

  return (
    <>
      <div className="switcher-context muted">
        {entry.colour && <ColourDot colour={entry.colour} />} <span className="mono">{entry.name}</span>
        {' · '}
        <span className="mono">{entry.namespace || t('contexts.defaultNamespace')}</span>
      </div>
      <input
        autoFocus
        className="switcher-input"
        role="combobox"
        aria-expanded="true"
        aria-controls="namespace-list"
        aria-autocomplete="list"
        aria-activedescendant={items.length ? `namespace-item-${index}` : undefined}
        aria-label={t('contexts.switcher.namespacePlaceholder')}
        aria-invalid={problem ? true : undefined}
        placeholder={t('contexts.switcher.namespacePlaceholder')}
        spellCheck={false}
        autoComplete="off"
        value={query}
        data-testid="namespace-input"
        onChange={(e) => {
          setQuery(e.target.value)
          setIndex(0)
          setProblem(null)
        }}
        onKeyDown={(e) => {
          if (listKeys(e)) return
          if (e.key === 'Enter') {
            e.preventDefault()
            const item = items[index]
            if (item) choose(item.name)
          } else onTab(e)
        }}
      />
      {problem && <ErrorMessage error={problem} />}
      {list.state === 'loading' && <p className="switcher-message muted">{t('contexts.switcher.loadingNamespaces', { name: entry.name })}</p>}
      {list.state === 'done' && !list.reachable && (
        <p className="switcher-message warning" data-testid="namespaces-unreachable">
          {t('contexts.switcher.unreachable', { error: list.error ?? entry.server })}
        </p>
      )}
      {list.state === 'done' && list.reachable && list.names.length === 0 && <p className="switcher-message muted">{t('contexts.switcher.noNamespaces')}</p>}
      <VirtualList
        id="namespace-list"
        role="listbox"
        aria-label={t('contexts.switcher.namespaces')}
        className="switcher-list"
        items={items}
        rowHeight={ITEM_HEIGHT}
        scrollToIndex={index}
        getKey={(it) => (it.free ? `free:${it.name}` : it.name)}
        renderRow={(it, i) => (
          <div
            id={`namespace-item-${i}`}
            role="option"
            aria-selected={i === index}
            className={`switcher-item${i === index ? ' selected' : ''}`}
            data-testid="namespace-item"
            data-name={it.name}
            onMouseMove={() => i !== index && setIndex(i)}
            onClick={() => choose(it.name)}
          >
            <span className="active-mark" aria-hidden>
              {it.name === (entry.namespace || 'default') && !it.free ? '●' : ''}
            </span>
            <span className="switcher-name">
              {it.free ? t('contexts.switcher.useNamespace', { namespace: it.name }) : <Highlight text={it.name} positions={it.positions} />}
            </span>
          </div>
        )}
      />
      <footer className="switcher-footer muted">
        <span>{t('contexts.switcher.namespaceHint')}</span>
      </footer>
    </>
  )
}
