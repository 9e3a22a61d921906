import { useRef, type CSSProperties, type KeyboardEvent, type PointerEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store'
import type { SortColumn } from './context-rows'

/** Each column's own size until the person drags it: [minimum px, share of the spare room]. */
const COLUMNS: { id: SortColumn; min: number; fr: number }[] = [
  { id: 'name', min: 130, fr: 2.4 },
  { id: 'cluster', min: 70, fr: 1.1 },
  { id: 'user', min: 60, fr: 0.9 },
  { id: 'namespace', min: 60, fr: 0.8 },
  { id: 'server', min: 100, fr: 1.3 },
  // Wide enough for the longest chip ("exec plugin missing", "cert expires in 30 days"): chips never clip.
  { id: 'diagnostics', min: 170, fr: 1.4 }
]
const FILE_COLUMN = { id: 'file' as const, min: 110, fr: 1 }
/** The star and colour columns, then the gaps and padding: what the named columns do not cover. */
const FIXED = 18 + 10
const MIN_WIDTH = 48

export function columnsOf(flat: boolean) {
  return flat ? [...COLUMNS, FILE_COLUMN] : COLUMNS
}

/** The grid template shared by the header and every row, and the width below which the table scrolls sideways. */
export function tableStyle(flat: boolean, widths: Partial<Record<SortColumn, number>>): CSSProperties {
  const cols = columnsOf(flat)
  const template = cols.map((c) => (widths[c.id] ? `${widths[c.id]}px` : `minmax(${c.min}px, ${c.fr}fr)`)).join(' ')
  const min = FIXED + cols.reduce((sum, c) => sum + (widths[c.id] ?? c.min), 0) + 10 * (cols.length + 1) + 36
  return { '--ctx-cols': `18px 10px ${template}`, minWidth: `${min}px` } as CSSProperties
}

/** Column headers: a click sorts by the column (again: the other way, a third time: back to the usual order); the edge resizes. */
export function ContextHeader({ flat }: { flat: boolean }) {
  const { t } = useTranslation()
  const view = useAppStore((s) => s.contextsView)
  const setView = useAppStore((s) => s.setContextsView)
  const drag = useRef<{ id: SortColumn; x: number; width: number } | null>(null)

  const sortBy = (id: SortColumn) => {
    const s = view.sort
    setView({ sort: s?.column !== id ? { column: id, desc: false } : !s.desc ? { column: id, desc: true } : null })
  }
  const setWidth = (id: SortColumn, width: number) => setView({ widths: { ...view.widths, [id]: Math.max(MIN_WIDTH, Math.round(width)) } })
  const cellWidth = (el: Element) => el.parentElement!.getBoundingClientRect().width

  const onPointerDown = (id: SortColumn) => (e: PointerEvent<HTMLSpanElement>) => {
    e.preventDefault()
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { id, x: e.clientX, width: cellWidth(e.currentTarget) }
  }
  const onPointerMove = (e: PointerEvent<HTMLSpanElement>) => {
    const d = drag.current
    if (d) setWidth(d.id, d.width + e.clientX - d.x)
  }
  const onResizeKey = (id: SortColumn) => (e: KeyboardEvent<HTMLSpanElement>) => {
    const step = e.key === 'ArrowRight' ? 16 : e.key === 'ArrowLeft' ? -16 : 0
    if (step) {
      e.preventDefault()
      setWidth(id, cellWidth(e.currentTarget) + step)
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      // Back to the size the column takes by itself.
      const { [id]: _gone, ...rest } = view.widths
      setView({ widths: rest })
    }
  }

  return (
    <div className={`context-header${flat ? ' flat' : ' grouped'}`} role="group" aria-label={t('contexts.columns.label')} data-testid="context-header">
      <span />
      <span />
      {columnsOf(flat).map((c) => {
        const sorted = view.sort?.column === c.id ? (view.sort.desc ? 'descending' : 'ascending') : undefined
        const label = t(`contexts.columns.${c.id}`)
        return (
          <span key={c.id} className="column-head" data-column={c.id}>
            <button
              type="button"
              className="column-sort"
              data-testid={`sort-${c.id}`}
              data-sorted={sorted}
              aria-label={sorted ? t(`contexts.columns.sorted.${sorted}`, { column: label }) : t('contexts.columns.sortBy', { column: label })}
              onClick={() => sortBy(c.id)}
            >
              {label}
              <span aria-hidden className="sort-mark">
                {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
              </span>
            </button>
            <span
              role="separator"
              aria-orientation="vertical"
              aria-label={t('contexts.columns.resize', { column: label })}
              tabIndex={0}
              className="column-resize"
              data-testid={`resize-${c.id}`}
              onPointerDown={onPointerDown(c.id)}
              onPointerMove={onPointerMove}
              onPointerUp={() => (drag.current = null)}
              onKeyDown={onResizeKey(c.id)}
              onDoubleClick={() => onResizeKey(c.id)({ key: 'Delete', preventDefault() {} } as KeyboardEvent<HTMLSpanElement>)}
            />
          </span>
        )
      })}
    </div>
  )
}
