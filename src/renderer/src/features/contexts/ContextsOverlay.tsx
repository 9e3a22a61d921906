import { useEffect, useRef } from 'react'
import { useApi, useAppStore } from '../../store'
import { ContextDialogs } from './dialogs'
import { QuickSwitcher } from './QuickSwitcher'

/**
 * Always mounted (an app overlay): keeps the overview in step with the files (first load,
 * `kubeconfig.changed`, reconnects), owns the global shortcuts, and hosts the quick switcher
 * and the context dialogs so they open from any page.
 */
export function ContextsOverlay() {
  const api = useApi()
  const load = useAppStore((s) => s.loadKubeconfig)
  const connection = useAppStore((s) => s.connection)
  const openSwitcher = useAppStore((s) => s.openSwitcher)
  const wasClosed = useRef(false)

  useEffect(() => {
    void load()
    return api.on('kubeconfig.changed', (e) => void load(e.revision))
  }, [api, load])

  // Changes made while the socket was down were never streamed to us: reload on reconnect.
  useEffect(() => {
    if (connection === 'closed') wasClosed.current = true
    else if (connection === 'open' && wasClosed.current) {
      wasClosed.current = false
      void load()
    }
  }, [connection, load])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey || e.key.toLowerCase() !== 'k') return
      // Not over another modal (a dialog of ours, or another feature's).
      if (document.querySelector('dialog[open]:not(.switcher)')) return
      e.preventDefault()
      openSwitcher(e.shiftKey ? 'namespaces' : 'contexts')
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [openSwitcher])

  return (
    <>
      <QuickSwitcher />
      <ContextDialogs />
    </>
  )
}
