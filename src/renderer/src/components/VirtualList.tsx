import { useCallback, useEffect, useLayoutEffect, useRef, useState, type HTMLAttributes, type ReactNode, type Ref } from 'react'

interface VirtualListProps<T> extends Omit<HTMLAttributes<HTMLDivElement>, 'children'> {
  items: readonly T[]
  /** Every row has this height in px (dense tables: one line per row). */
  rowHeight: number
  getKey(item: T, index: number): string
  renderRow(item: T, index: number): ReactNode
  /** Scrolls just enough to bring this row into view whenever it changes (keyboard selection). */
  scrollToIndex?: number
  /** Rows rendered beyond the visible ones on each side, so fast scrolling shows no gaps. */
  overscan?: number
  listRef?: Ref<HTMLDivElement>
}

/**
 * A scrolling list that renders only the rows in view: 10,000 contexts cost the same as 40.
 * Rows are absolutely placed in a spacer as tall as all rows, so the scrollbar is honest and
 * the container keeps its own role/aria attributes (listbox, grid) for the rows it holds.
 */
export function VirtualList<T>({ items, rowHeight, getKey, renderRow, scrollToIndex, overscan = 8, listRef, style, ...rest }: VirtualListProps<T>) {
  const own = useRef<HTMLDivElement | null>(null)
  const [viewport, setViewport] = useState({ top: 0, height: 600 })

  const setRefs = useCallback(
    (el: HTMLDivElement | null) => {
      own.current = el
      if (typeof listRef === 'function') listRef(el)
      else if (listRef) (listRef as { current: HTMLDivElement | null }).current = el
    },
    [listRef]
  )

  useLayoutEffect(() => {
    const el = own.current
    if (!el) return
    const measure = () => setViewport({ top: el.scrollTop, height: el.clientHeight })
    measure()
    const observer = new ResizeObserver(measure)
    observer.observe(el)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    const el = own.current
    if (!el || scrollToIndex === undefined || scrollToIndex < 0) return
    const top = scrollToIndex * rowHeight
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight
  }, [scrollToIndex, rowHeight])

  const first = Math.max(0, Math.floor(viewport.top / rowHeight) - overscan)
  const last = Math.min(items.length, Math.ceil((viewport.top + viewport.height) / rowHeight) + overscan)
  const visible: ReactNode[] = []
  for (let i = first; i < last; i++) {
    visible.push(
      <div key={getKey(items[i], i)} className="virtual-row" style={{ position: 'absolute', top: i * rowHeight, left: 0, right: 0, height: rowHeight }}>
        {renderRow(items[i], i)}
      </div>
    )
  }
  return (
    <div
      {...rest}
      ref={setRefs}
      style={{ ...style, overflowY: 'auto', position: 'relative' }}
      onScroll={(e) => {
        setViewport({ top: e.currentTarget.scrollTop, height: e.currentTarget.clientHeight })
        rest.onScroll?.(e)
      }}
    >
      <div style={{ height: items.length * rowHeight, position: 'relative' }}>{visible}</div>
    </div>
  )
}
