// The one interface behind every kind of terminal (SSH shell, pod exec, local shell): a byte
// source with a pty on the other side. Sessions only ever talk to this.
import type { ErrorInfo } from '../../../shared/errors'
import type { TerminalSize } from '../../../shared/model/terminals'
import type { CallContext } from '../../dispatch'

export interface SourceExit {
  /** Exit status of the remote program, when it reported one. */
  code?: number | null
  signal?: string
  /** The link died (keepalive, socket reset) rather than the program ending: offer Reconnect. */
  lost?: boolean
  error?: ErrorInfo
}

export interface TerminalSource {
  /** Input for the pty; must not wait for output to drain (Ctrl-C answers at once). */
  write(data: string): void
  resize(size: TerminalSize): void
  /** Stop reading so the producer blocks (ssh2 stops adjusting the window, the pty fills up). */
  pause(): void
  resume(): void
  /**
   * How much output the producer may have on its way before it must wait (SSH: the channel
   * window). Follows the session's high watermark; sources without such a window ignore it.
   */
  setInFlightLimit?(bytes: number): void
  /** Ends the remote program and releases everything the source holds (temp files, connections). */
  close(): void
  onData(listener: (chunk: Uint8Array) => void): void
  /** Called once, after the last data. */
  onExit(listener: (exit: SourceExit) => void): void
}

/**
 * Opens a fresh source for a session (also used again by Reconnect). `requester` is the window
 * that asked: SSH host-key and password prompts go to it.
 */
export type SourceOpener = (size: TerminalSize, requester: CallContext) => Promise<TerminalSource>
