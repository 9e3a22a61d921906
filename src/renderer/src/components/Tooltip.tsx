import { useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react'
import { createPortal } from 'react-dom'

/**
 * Shows `content` next to its child on hover and on keyboard focus (a `title` attribute does
 * neither for keyboard users nor inside scrolling lists). Rendered in a portal with fixed
 * placement, so clipping containers (virtual lists) do not cut it off; inside a modal dialog the
 * portal goes into the dialog, which sits in the top layer above everything in document.body.
 */
export function Tooltip(props: { content: ReactNode; children: ReactNode; focusable?: boolean; className?: string; label?: string }) {
  const id = useId()
  const anchor = useRef<HTMLSpanElement>(null)
  const bubble = useRef<HTMLDivElement>(null)
  const [open, setOpen] = useState(false)
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null)

  useLayoutEffect(() => {
    if (!open || !anchor.current || !bubble.current) return
    const a = anchor.current.getBoundingClientRect()
    const b = bubble.current.getBoundingClientRect()
    const below = a.bottom + 6 + b.height < window.innerHeight
    setPlace({
      left: Math.max(8, Math.min(a.left, window.innerWidth - b.width - 8)),
      top: below ? a.bottom + 6 : Math.max(8, a.top - 6 - b.height)
    })
  }, [open])

  return (
    <span
      ref={anchor}
      className={props.className}
      tabIndex={props.focusable ? 0 : undefined}
      aria-label={props.label}
      aria-describedby={open ? id : undefined}
      onMouseEnter={() => setOpen(true)}
      onMouseLeave={() => setOpen(false)}
      onFocus={() => setOpen(true)}
      onBlur={() => setOpen(false)}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation()
          setOpen(false)
        }
      }}
    >
      {props.children}
      {open &&
        createPortal(
          <div
            ref={bubble}
            id={id}
            role="tooltip"
            className="tooltip"
            style={{ position: 'fixed', left: place?.left ?? -9999, top: place?.top ?? -9999 }}
          >
            {props.content}
          </div>,
          anchor.current?.closest('dialog') ?? document.body
        )}
    </span>
  )
}
