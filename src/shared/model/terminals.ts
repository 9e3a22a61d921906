// What the renderer sees of a terminal session: who it talks to, its state, its size. The
// bytes themselves travel on the `terminals.data` stream; credentials never leave main.
import type { ErrorInfo } from '../errors'
import type { ContextRef } from './kubeconfig'

export type TerminalKind = 'ssh' | 'pod' | 'local'

/**
 * connecting/reconnecting: the source is being opened; connected: bytes flow; lost: the link
 * died under the session (SSH keepalive, API server gone) and Reconnect may bring it back;
 * exited: the remote program ended (exitCode/signal); failed: it could not be opened (error).
 */
export type TerminalState = 'connecting' | 'connected' | 'reconnecting' | 'lost' | 'exited' | 'failed'

export interface TerminalSize {
  cols: number
  rows: number
}

export interface TerminalInfo {
  /** Chosen by the renderer that opened it (a UUID), so output can never arrive before its tab exists. */
  id: string
  kind: TerminalKind
  /** Where the shell runs: the node's name, `pod/container`, or `local`. */
  host: string
  /** Extra detail for the tab's tooltip: `user@address:port`, `namespace/pod (container)`, the shell. */
  detail: string
  /** The context the terminal belongs to (its name is part of the tab title). */
  context?: ContextRef
  state: TerminalState
  exitCode?: number | null
  signal?: string
  error?: ErrorInfo
  size: TerminalSize
  /** False while no window shows it (after a page reload, until a window attaches again). */
  attached: boolean
  /** ISO time the session was opened. */
  openedAt: string
}

/** A session as `terminals.list` reports it to one window. */
export interface TerminalListing extends TerminalInfo {
  /** This window shows it (true again after an Electron reload: same window, new page). */
  yours: boolean
}

/** A pod the exec picker can offer, with the containers one can exec into. */
export interface ExecTarget {
  namespace: string
  pod: string
  phase: string
  containers: string[]
  /** The container `kubectl exec` would pick (the default-container annotation, else the first). */
  defaultContainer: string
}
