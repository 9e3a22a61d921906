import { useEffect, useRef, useState, type ReactNode } from 'react'

/**
 * A modal dialog on the native <dialog> element: focus trapped, Escape closes, labelled. When
 * it goes away, focus goes back to where it was (React removes the element without close(),
 * which would otherwise leave focus on <body>).
 */
export function Dialog(props: { title: string; onClose: () => void; children: ReactNode; footer?: ReactNode; wide?: boolean; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null)
  // Read while rendering, before showModal moves focus into the dialog.
  const [opener] = useState(() => document.activeElement as HTMLElement | null)
  useEffect(() => {
    const d = ref.current
    if (d && !d.open) d.showModal()
    return () => {
      if (opener?.isConnected) opener.focus()
    }
  }, [opener])
  return (
    <dialog
      ref={ref}
      className={`dialog${props.wide ? ' dialog-wide' : ''}`}
      aria-label={props.title}
      data-testid={props.testId}
      onCancel={(e) => {
        e.preventDefault()
        props.onClose()
      }}
    >
      <header className="dialog-title">{props.title}</header>
      <div className="dialog-body">{props.children}</div>
      {props.footer && <footer className="dialog-footer">{props.footer}</footer>}
    </dialog>
  )
}
