import { useCallback, useMemo, useRef, type KeyboardEvent, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { Highlight, Tooltip, VirtualList } from '../../components'
import { useAppStore } from '../../store'
import { ColourDot } from './ColourDot'
import { contextKey, highlightContext, type ContextRow } from './context-rows'
import { queryTokens } from './fuzzy'
import { shortPath } from './short-path'
import { DiagnosticChip } from './DiagnosticChip'

const ROW_HEIGHT = 28

const rowId = (index: number) => `context-row-${index}`

/**
 * The contexts as a keyboard-driven listbox: one focus stop, arrow keys move the selection
 * (aria-activedescendant), Enter switches, and single keys act on the selected context.
 */
export function ContextTable({ rows, query, listRef }: { rows: ContextRow[]; query: string; listRef?: Ref<HTMLDivElement> }) {
  const { t } = useTranslation()
  const selected = useAppStore((s) => s.selectedContext)
  const select = useAppStore((s) => s.selectContext)
  const active = useAppStore((s) => s.kube?.active ?? null)
  const view = useAppStore((s) => s.contextsView)
  const setView = useAppStore((s) => s.setContextsView)
  const switchContext = useAppStore((s) => s.switchContext)
  const setPreferences = useAppStore((s) => s.setContextPreferences)
  const openDialog = useAppStore((s) => s.openContextDialog)
  const testConnection = useAppStore((s) => s.testConnection)
  const pageSize = useRef(20)

  const activeKey = active ? contextKey(active) : null
  const tokens = useMemo(() => queryTokens(query), [query])
  const selectedIndex = useMemo(() => (selected ? rows.findIndex((r) => r.key === selected) : -1), [rows, selected])

  const toggleGroup = useCallback(
    (path: string) => {
      const collapsed = new Set(view.collapsed)
      if (collapsed.has(path)) collapsed.delete(path)
      else collapsed.add(path)
      setView({ collapsed })
    },
    [view.collapsed, setView]
  )

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return
    const row = rows[selectedIndex]
    const moveTo = (i: number) => {
      if (rows.length === 0) return
      select(rows[Math.max(0, Math.min(rows.length - 1, i))].key)
    }
    const ref: ContextRef | null = row?.kind === 'context' ? { file: row.entry.file, name: row.entry.name } : null
    let handled = true
    switch (e.key) {
      case 'ArrowDown':
        moveTo(selectedIndex + 1)
        break
      case 'ArrowUp':
        moveTo(selectedIndex < 0 ? 0 : selectedIndex - 1)
        break
      case 'PageDown':
        moveTo(selectedIndex + pageSize.current)
        break
      case 'PageUp':
        moveTo(selectedIndex - pageSize.current)
        break
      case 'Home':
        moveTo(0)
        break
      case 'End':
        moveTo(rows.length - 1)
        break
      case 'Enter':
        if (row?.kind === 'source') toggleGroup(row.source.path)
        else if (ref) void switchContext(ref)
        break
      case 'ArrowLeft':
        if (row?.kind === 'source' && !row.collapsed) toggleGroup(row.source.path)
        else if (row?.kind === 'context') {
          // Up to the file this context sits in (tree-like), when grouped.
          const file = rows.slice(0, selectedIndex).findLast((r) => r.kind === 'source')
          if (file) select(file.key)
        } else handled = false
        break
      case 'ArrowRight':
        if (row?.kind === 'source' && row.collapsed) toggleGroup(row.source.path)
        else handled = false
        break
      case 'F2':
        if (ref) openDialog({ kind: 'rename', context: ref })
        break
      case 'Delete':
        if (ref) openDialog({ kind: 'delete', context: ref })
        break
      case 'f':
      case 'F':
        if (ref && row?.kind === 'context') void setPreferences(ref, { favourite: !row.entry.favourite })
        break
      case 'n':
      case 'N':
        if (ref) openDialog({ kind: 'namespace', context: ref })
        break
      case 't':
      case 'T':
        if (ref) void testConnection(ref)
        break
      default:
        handled = false
    }
    if (handled) e.preventDefault()
  }

  const renderRow = (row: ContextRow, index: number) => {
    if (row.kind === 'source') {
      const s = row.source
      const label = row.collapsed ? t('contexts.source.expand', { file: s.path }) : t('contexts.source.collapse', { file: s.path })
      return (
        <div
          role="option"
          id={rowId(index)}
          aria-selected={row.key === selected}
          aria-expanded={!row.collapsed}
          aria-label={label}
          className={`source-row${row.key === selected ? ' selected' : ''}${s.error ? ' has-error' : ''}${s.exists ? '' : ' missing'}`}
          data-testid="source-row"
          data-file={s.path}
          onClick={() => {
            select(row.key)
            toggleGroup(s.path)
          }}
        >
          <span className="twisty" aria-hidden>
            {row.collapsed ? '▸' : '▾'}
          </span>
          <span className="source-path mono">{s.path}</span>
          <span className={`origin-badge origin-${s.origin}`}>{t(`contexts.origin.${s.origin}`)}</span>
          {s.folder && <span className="muted">{t('contexts.source.folder', { folder: s.folder })}</span>}
          <span className="muted">
            {row.shown === s.contextCount || s.error
              ? t('contexts.source.contexts', { count: s.contextCount })
              : t('contexts.source.shown', { shown: row.shown, count: s.contextCount })}
          </span>
          {!s.exists && <span className="chip chip-info">{t('contexts.source.missing')}</span>}
          {s.error && (
            <Tooltip
              className="chip-anchor"
              content={
                <>
                  <strong>{s.error.message}</strong>
                  {s.error.hint && <div className="tooltip-detail">{s.error.hint}</div>}
                </>
              }
            >
              <span className="chip chip-error">
                {t('contexts.source.failed')}
                {s.error.line ? ` · ${t('contexts.source.line', { line: s.error.line })}` : ''}
              </span>
            </Tooltip>
          )}
        </div>
      )
    }
    const c = row.entry
    const key = row.key
    const isActive = key === activeKey
    const m = highlightContext(c, tokens)
    return (
      <div
        role="option"
        id={rowId(index)}
        aria-selected={key === selected}
        aria-current={isActive ? 'true' : undefined}
        aria-label={c.name}
        aria-description={[c.cluster, c.namespace, c.file].filter(Boolean).join(', ')}
        className={`context-row${key === selected ? ' selected' : ''}${isActive ? ' active' : ''}${c.shadowedBy ? ' shadowed' : ''}${
          view.groupByFile ? ' grouped' : ' flat'
        }`}
        data-testid="context-row"
        data-name={c.name}
        data-file={c.file}
        data-namespace={c.namespace}
        onClick={() => select(key)}
        onDoubleClick={() => void switchContext({ file: c.file, name: c.name })}
      >
        <span className="cell cell-fav">
          <button
            type="button"
            tabIndex={-1}
            className={`star${c.favourite ? ' on' : ''}`}
            aria-label={c.favourite ? t('contexts.removeFavourite', { name: c.name }) : t('contexts.addFavourite', { name: c.name })}
            aria-pressed={c.favourite}
            onClick={(e) => {
              e.stopPropagation()
              void setPreferences({ file: c.file, name: c.name }, { favourite: !c.favourite })
            }}
          >
            {c.favourite ? '★' : '☆'}
          </button>
        </span>
        <span className="cell cell-colour">
          <ColourDot colour={c.colour} label={c.colour ? t(`contexts.colours.${c.colour}`) : undefined} />
        </span>
        <span className="cell cell-name">
          <span className="active-mark" aria-hidden title={isActive ? t('contexts.active') : c.current ? t('contexts.fileCurrent') : undefined}>
            {isActive ? '●' : c.current ? '○' : ''}
          </span>
          <span className="name-text">
            <Highlight text={c.name} positions={m.name} />
          </span>
          {c.shadowedBy && (
            <Tooltip className="chip-anchor" content={t('contexts.shadowedBy', { file: c.shadowedBy })}>
              <span className="chip chip-info">{t('contexts.shadowed')}</span>
            </Tooltip>
          )}
        </span>
        <span className="cell">
          <Highlight text={c.cluster} positions={m.cluster} />
        </span>
        <span className="cell">
          <Highlight text={c.user} positions={m.user} />
        </span>
        <span className={`cell${c.namespace ? '' : ' muted'}`}>
          {c.namespace ? <Highlight text={c.namespace} positions={m.namespace} /> : t('contexts.defaultNamespace')}
        </span>
        <span className="cell mono server">
          <Highlight text={c.server} positions={m.server} />
        </span>
        <span className="cell cell-diag">
          {c.diagnostics.map((d, i) => (
            <DiagnosticChip key={i} diagnostic={d} />
          ))}
        </span>
        {!view.groupByFile && (
          <span className="cell mono muted file" title={c.file}>
            {shortPath(c.file)}
          </span>
        )}
      </div>
    )
  }

  return (
    <div className="context-table">
      <div className={`context-header${view.groupByFile ? ' grouped' : ' flat'}`} aria-hidden>
        <span />
        <span />
        <span>{t('contexts.columns.name')}</span>
        <span>{t('contexts.columns.cluster')}</span>
        <span>{t('contexts.columns.user')}</span>
        <span>{t('contexts.columns.namespace')}</span>
        <span>{t('contexts.columns.server')}</span>
        <span>{t('contexts.columns.diagnostics')}</span>
        {!view.groupByFile && <span>{t('contexts.columns.file')}</span>}
      </div>
      <VirtualList
        listRef={listRef}
        className="context-list"
        role="listbox"
        aria-label={t('contexts.list')}
        aria-activedescendant={selectedIndex >= 0 ? rowId(selectedIndex) : undefined}
        tabIndex={0}
        data-testid="context-list"
        items={rows}
        rowHeight={ROW_HEIGHT}
        getKey={(r) => r.key}
        renderRow={renderRow}
        scrollToIndex={selectedIndex}
        onKeyDown={onKeyDown}
        onFocus={(e) => {
          pageSize.current = Math.max(1, Math.floor(e.currentTarget.clientHeight / ROW_HEIGHT) - 1)
          if (selectedIndex < 0 && rows.length > 0) select((rows.find((r) => r.kind === 'context') ?? rows[0]).key)
        }}
      />
    </div>
  )
}
