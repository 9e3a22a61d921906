import { useCallback, useMemo, type Ref } from 'react'
import { useTranslation } from 'react-i18next'
import { VirtualList } from '../../components'
import { useAppStore } from '../../store'
import { contextKey, type ContextRow } from './context-rows'
import { ContextHeader, tableStyle } from './ContextHeader'
import { ContextRowView, SourceRow, rowId } from './ContextTableRows'
import { queryTokens } from './fuzzy'
import { useContextTableKeys } from './use-context-table-keys'

const ROW_HEIGHT = 28

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

  const { onKeyDown, pageSize } = useContextTableKeys(rows, selectedIndex, toggleGroup)

  const renderRow = (row: ContextRow, index: number) =>
    row.kind === 'source' ? (
      <SourceRow row={row} index={index} selected={row.key === selected} toggleGroup={toggleGroup} />
    ) : (
      <ContextRowView row={row} index={index} selected={row.key === selected} active={row.key === activeKey} tokens={tokens} grouped={view.groupByFile} />
    )

  return (
    <div className="context-table" style={tableStyle(!view.groupByFile, view.widths)}>
      <ContextHeader flat={!view.groupByFile} />
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
