// Terminals: SSH shells to nodes, pod exec and local shells pinned to a context, behind one
// session type with end-to-end flow control (see flow-control.ts).
export { TerminalService, type TerminalServiceDeps } from './terminal-service'
export { TerminalSession, defaultTuning, type SessionTuning } from './terminal-session'
export { terminalsHandlers } from './handlers'
export { minifiedKubeconfigWriter } from './minified-kubeconfig'
export { TERMINAL_WINDOW_BYTES } from './sources/ssh-shell'
export type { TerminalSource, SourceExit, SourceOpener } from './types'
