// The contexts feature: every kubeconfig context, the quick switcher (Ctrl/Cmd+K), the
// namespace switcher, the title-bar widget and the dialogs that edit kubeconfig files.
import './contexts.css'

export { ActiveContextWidget } from './ActiveContextWidget'
export { ContextsOverlay } from './ContextsOverlay'
export { ContextsPage } from './ContextsPage'
export { createContextsSlice, type ContextsSlice, type ContextDialog, type SwitcherMode } from './contexts-slice'
export { contextsStrings } from './strings'
export { namespaceNames, useNamespaces, type NamespaceList } from './use-namespaces'
