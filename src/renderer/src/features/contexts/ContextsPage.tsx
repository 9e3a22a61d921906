import { useDeferredValue, useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextEntry } from '@shared/model/kubeconfig'
import { ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import { ContextDetails } from './ContextDetails'
import { ContextTable } from './ContextTable'
import { buildRows, contextKey, narrows } from './context-rows'

/** Every context of every kubeconfig file: search, group by file, act on one. */
export function ContextsPage() {
  const { t, i18n } = useTranslation()
  const kube = useAppStore((s) => s.kube)
  const kubeError = useAppStore((s) => s.kubeError)
  const load = useAppStore((s) => s.loadKubeconfig)
  const view = useAppStore((s) => s.contextsView)
  const setView = useAppStore((s) => s.setContextsView)
  const selected = useAppStore((s) => s.selectedContext)
  const select = useAppStore((s) => s.selectContext)
  const openDialog = useAppStore((s) => s.openContextDialog)
  const search = useRef<HTMLInputElement>(null)
  const list = useRef<HTMLDivElement>(null)

  // Typing stays instant with 10,000 contexts: the list catches up with the deferred query.
  const query = useDeferredValue(view.query)
  // Rows depend on the contexts and sources only: a switch (active, previous, recents) does
  // not rebuild 10,000 rows. A query that extends the last one searches only its matches.
  const contexts = kube?.contexts
  const sources = kube?.sources
  const lastSearch = useRef<{ contexts: ContextEntry[]; favouritesOnly: boolean; query: string; entries: ContextEntry[] } | null>(null)
  const result = useMemo(() => {
    if (!contexts || !sources) return null
    const last = lastSearch.current
    const within = last && last.contexts === contexts && last.favouritesOnly === view.favouritesOnly && narrows(query, last.query) ? last.entries : undefined
    const r = buildRows({ contexts, sources }, { query, groupByFile: view.groupByFile, favouritesOnly: view.favouritesOnly, collapsed: view.collapsed, sort: view.sort }, within)
    lastSearch.current = { contexts, favouritesOnly: view.favouritesOnly, query, entries: r.entries }
    return r
  }, [contexts, sources, query, view.groupByFile, view.favouritesOnly, view.collapsed, view.sort])
  // The details show the selected context, or the active one when no context is selected (or
  // the selected one is gone: deleted, renamed, undone).
  const selectedEntry = useMemo(() => {
    if (!kube) return null
    const find = (key: string | null) => (key ? kube.contexts.find((c) => contextKey(c) === key) : undefined)
    return find(selected) ?? find(kube.active ? contextKey(kube.active) : null) ?? null
  }, [kube, selected])

  // A new search selects its best match, so Enter (or ↓ then Enter) acts on it.
  useEffect(() => {
    if (!result || !query) return
    const first = result.rows.find((r) => r.kind === 'context')
    if (first) select(first.key)
  }, [query]) // only when the query changes, not on every reload of the overview

  // "/" focuses the search from anywhere on the page (not while typing in a field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey) return
      const target = e.target as HTMLElement | null
      if (target && (target.closest('input, textarea, select, [contenteditable="true"]') || target.closest('dialog'))) return
      e.preventDefault()
      search.current?.focus()
      search.current?.select()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const problems = kube?.sources.filter((s) => s.error) ?? []
  const number = (n: number) => n.toLocaleString(i18n.language)

  return (
    <div
      className="contexts-page"
      data-testid="contexts-page"
      // A kubeconfig dropped anywhere on the page opens the import with it.
      onDragOver={(e) => e.dataTransfer.types.includes('Files') && e.preventDefault()}
      onDrop={(e) => {
        const file = e.dataTransfer.files[0]
        if (!file) return
        e.preventDefault()
        void file.text().then((text) => openDialog({ kind: 'import', given: { text, name: file.name } }))
      }}
    >
      <div className="page-toolbar contexts-toolbar">
        <input
          ref={search}
          type="search"
          className="contexts-search"
          aria-label={t('contexts.search')}
          placeholder={t('contexts.searchPlaceholder')}
          value={view.query}
          spellCheck={false}
          autoComplete="off"
          data-testid="contexts-search"
          onChange={(e) => setView({ query: e.target.value })}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'Enter') {
              e.preventDefault()
              list.current?.focus()
            } else if (e.key === 'Escape' && view.query) {
              e.preventDefault()
              setView({ query: '' })
            }
          }}
        />
        {kube && result && (
          <span className="count muted" data-testid="contexts-count">
            {t('contexts.count', { shown: number(result.matched), total: number(kube.contexts.length) })}
          </span>
        )}
        <button className="toggle" aria-pressed={view.favouritesOnly} title={t('contexts.favouritesOnlyHint')} onClick={() => setView({ favouritesOnly: !view.favouritesOnly })}>
          ★ {t('contexts.favouritesOnly')}
        </button>
        <button className="toggle" aria-pressed={view.groupByFile} onClick={() => setView({ groupByFile: !view.groupByFile })}>
          {t('contexts.groupByFile')}
        </button>
        <span className="spacer" />
        <button onClick={() => openDialog({ kind: 'new-context' })} data-testid="open-new-context">
          {t('contexts.newContextButton')}
        </button>
        <button onClick={() => openDialog({ kind: 'import' })} data-testid="open-import">
          {t('contexts.importButton')}
        </button>
        <button onClick={() => openDialog({ kind: 'folders' })} data-testid="open-folders">
          {t('contexts.foldersButton')}
        </button>
        <button onClick={() => openDialog({ kind: 'undo' })} data-testid="open-undo">
          {t('contexts.undoButton')}
        </button>
      </div>

      {kubeError && (
        <div className="banner error" data-testid="contexts-load-error">
          <strong>{t('contexts.loadFailed')}</strong>
          <ErrorMessage error={kubeError} />
          <button onClick={() => void load()}>{t('contexts.retry')}</button>
        </div>
      )}
      {problems.length > 0 && (
        <div className="banner warning" data-testid="source-problems">
          <strong>{t('contexts.problems', { count: problems.length })}</strong>
          <ul>
            {problems.map((s) => (
              <li key={s.path}>
                <ErrorMessage error={{ file: s.path, ...s.error! }} />
              </li>
            ))}
          </ul>
        </div>
      )}

      <div className="contexts-body">
        {!kube || !result ? (
          <p className="contexts-empty muted">{kubeError ? '' : t('contexts.loading')}</p>
        ) : kube.contexts.length === 0 && kube.sources.every((s) => !s.error) ? (
          <p className="contexts-empty muted">{t('contexts.empty')}</p>
        ) : (
          <div className="contexts-main">
            <ContextTable rows={result.rows} query={query} listRef={list} />
            {result.matched === 0 && query && <p className="contexts-empty muted">{t('contexts.noMatch', { query })}</p>}
          </div>
        )}
        <ContextDetails entry={selectedEntry} />
      </div>
    </div>
  )
}
