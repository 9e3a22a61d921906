// Terminals: SSH shells to nodes, pod exec and local shells pinned to a context, behind one
// source interface (types.ts) with end-to-end flow control (flow-control.ts).
export { TerminalService, type TerminalServiceDeps } from './terminal-service'
export type { TerminalEvents, TerminalViewer } from './types'
export { minifiedKubeconfigWriter } from './minified-kubeconfig'
export { TERMINAL_WINDOW_BYTES } from './sources/ssh-shell'
