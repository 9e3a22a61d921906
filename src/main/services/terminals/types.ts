// The one interface behind every kind of terminal (SSH shell, pod exec, local shell): a byte
// source with a pty on the other side. Sessions only ever talk to this.
import type { ErrorInfo } from '../../../shared/errors'
import type { TerminalInfo, TerminalSize } from '../../../shared/model/terminals'
import type { SshInteraction } from '../ssh'

/** What a window is told about the terminals it shows. */
export interface TerminalEvents {
  /** Output, batched. */
  data: { id: string; data: string }
  /** The terminal changed state (connected, exited, lost, …). */
  state: TerminalInfo
  /** The terminal left this window (closed, or attached elsewhere). */
  closed: { id: string }
}

/** The window a terminal is shown in. It may go away (a reload): its terminals wait for it. */
export interface TerminalViewer {
  /** The same window calling again has the same id. */
  readonly id: string
  show<E extends keyof TerminalEvents>(event: E, payload: TerminalEvents[E]): void
  onGone(fn: () => void): void
  /** Who SSH asks about host keys and passwords for the terminals this window opens. */
  readonly asker?: SshInteraction
}

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
 * Opens a fresh source for a session (also used again by Reconnect). `asker` is the person at
 * the window that asked: SSH host-key and password prompts go to them. `currentSize` is the
 * pane's size now: the window fits itself while a slow source (SSH) connects, and the pty must
 * have the pane's size from its first byte.
 */
export type SourceOpener = (size: TerminalSize, asker: SshInteraction, currentSize: () => TerminalSize) => Promise<TerminalSource>
