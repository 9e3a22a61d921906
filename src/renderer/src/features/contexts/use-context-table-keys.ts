// The contexts list's keys: arrows, pages, Home/End move the selection; Enter switches (or opens
// a file's group); single keys act on the selected context (F2 rename, Delete, f favourite,
// n namespace, t test connection).
import { useRef, type KeyboardEvent } from 'react'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../store'
import type { ContextRow } from './context-rows'

export function useContextTableKeys(rows: ContextRow[], selectedIndex: number, toggleGroup: (path: string) => void) {
  const select = useAppStore((s) => s.selectContext)
  const switchContext = useAppStore((s) => s.switchContext)
  const setPreferences = useAppStore((s) => s.setContextPreferences)
  const openDialog = useAppStore((s) => s.openContextDialog)
  const testConnection = useAppStore((s) => s.testConnection)
  /** Rows per page, measured when the list takes focus. */
  const pageSize = useRef(20)

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

  return { onKeyDown, pageSize }
}
