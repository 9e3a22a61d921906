// An interactive shell on a node over SSH: one connection (through its jump hosts) per
// terminal, one pty channel on it. Pausing stops granting the server channel window
// (ChannelWindow), so sshd stops reading the pty and the remote program blocks.
import type { ClientChannel } from 'ssh2'
import type { TerminalSize } from '../../../../shared/model/terminals'
import type { SshConnection } from '../../ssh'
import type { SourceExit, TerminalSource } from '../types'
import { errorInfo } from '../../../../shared/errors'
import { t } from '../../../../shared/error-messages'

/** The most output the server may have on its way to us (ssh2's own window is 2 MiB). */
export const TERMINAL_WINDOW_BYTES = 256 * 1024
/** The least: enough for one full SSH packet and then some. */
const MIN_WINDOW_BYTES = 64 * 1024

interface ChannelInternals {
  incoming: { window: number }
  outgoing: { id: number; state: string }
  _client: { _protocol: { channelWindowAdjust(channel: number, amount: number): void } }
}

/**
 * SSH flow control for a terminal: the server may only send what the window allows, so the
 * window is where the remote program is made to wait. ssh2 keeps it at 1-2 MiB and refills
 * it whenever its buffer has room, paused or not; 2 MiB of `yes` is half a second of xterm.js
 * work a Ctrl-C would wait behind. This takes the refilling over: ssh2 is told its window is
 * huge (so it never refills), and credit is granted here in small steps, only while the
 * session is not paused. Returns null when ssh2's internals are not the expected ones; the
 * channel then keeps ssh2's own window (correct, just more output in flight).
 */
class ChannelWindow {
  private credit: number
  private paused = false

  private constructor(
    private readonly channel: ChannelInternals,
    private size: number
  ) {
    this.credit = channel.incoming.window
    channel.incoming.window = Number.MAX_SAFE_INTEGER
  }

  static take(channel: ClientChannel, size = TERMINAL_WINDOW_BYTES): ChannelWindow | null {
    const c = channel as unknown as Partial<ChannelInternals>
    const ok = typeof c.incoming?.window === 'number' && typeof c.outgoing?.id === 'number' && typeof c._client?._protocol?.channelWindowAdjust === 'function'
    return ok ? new ChannelWindow(c as ChannelInternals, size) : null
  }

  /** A smaller window takes effect as the server uses up what it was granted. */
  resize(bytes: number): void {
    this.size = Math.min(TERMINAL_WINDOW_BYTES, Math.max(MIN_WINDOW_BYTES, Math.round(bytes)))
  }

  /** `bytes` of output arrived. */
  consumed(bytes: number): void {
    this.credit -= bytes
    this.refill()
  }

  pause(): void {
    this.paused = true
  }

  resume(): void {
    this.paused = false
    this.refill()
  }

  private refill(): void {
    // Refill at half: one adjust message per half window, not one per packet.
    if (this.paused || this.credit > this.size / 2 || this.channel.outgoing.state !== 'open') return
    const amount = this.size - this.credit
    this.credit += amount
    this.channel._client._protocol.channelWindowAdjust(this.channel.outgoing.id, amount)
  }
}

export interface SshShellOptions {
  size: TerminalSize
  /** For messages: the host as the user named it. */
  host: string
}

export async function openSshShell(connection: SshConnection, opts: SshShellOptions): Promise<TerminalSource> {
  let channel: ClientChannel
  try {
    channel = await connection.shell({ cols: opts.size.cols, rows: opts.size.rows, term: 'xterm-256color', env: { COLORTERM: 'truecolor' } })
  } catch (e) {
    connection.close()
    throw e
  }
  const window = ChannelWindow.take(channel)

  let exitListener: ((exit: SourceExit) => void) | undefined
  let result: SourceExit | undefined
  let status: SourceExit | undefined
  let keepaliveTimedOut = false
  let closedByUs = false
  const finish = (exit: SourceExit) => {
    if (result) return
    result = exit
    connection.off('keepalive-timeout', onKeepaliveTimeout)
    connection.off('close', onConnectionClose)
    if (!connection.closed) connection.close()
    exitListener?.(exit)
  }
  const lost = (): SourceExit => ({
    lost: true,
    error: keepaliveTimedOut
      ? errorInfo({
          code: 'ssh.keepalive-timeout',
          message: t`The connection to ${opts.host} stopped answering (${connection.settings.serverAliveCountMax} keepalives, ${connection.settings.serverAliveInterval} s apart).`,
          host: opts.host,
          hint: t`The node or the network to it may be down. Reconnect when it is back.`
        })
      : errorInfo({ code: 'ssh.connection-closed', message: t`The connection to ${opts.host} was closed.`, host: opts.host, hint: t`Reconnect to open a new shell.` })
  })
  const onKeepaliveTimeout = () => {
    keepaliveTimedOut = true
  }
  const onConnectionClose = () => finish(closedByUs ? { code: null } : (status ?? lost()))
  connection.on('keepalive-timeout', onKeepaliveTimeout)
  connection.on('close', onConnectionClose)

  channel.on('exit', (code: number | null, signal?: string) => {
    status = signal ? { code: null, signal: `SIG${signal}` } : { code }
  })
  // 'close' comes after the last data: the shell ended (with the status above) or the link died.
  channel.on('close', () => finish(status ?? (closedByUs ? { code: null } : lost())))

  return {
    write: (data) => {
      if (!result) channel.write(data)
    },
    resize: ({ cols, rows }) => {
      if (!result) channel.setWindow(rows, cols, 0, 0)
    },
    pause: () => {
      window?.pause()
      channel.pause()
    },
    resume: () => {
      window?.resume()
      channel.resume()
    },
    setInFlightLimit: (bytes) => window?.resize(bytes),
    close: () => {
      closedByUs = true
      channel.close()
      connection.close()
    },
    onData: (listener) => {
      const take = (chunk: Buffer) => {
        window?.consumed(chunk.length)
        listener(chunk)
      }
      channel.on('data', take)
      // With a pty the server merges stderr into the output; a server that does not still shows it.
      channel.stderr.on('data', take)
    },
    onExit: (listener) => {
      exitListener = listener
      if (result) listener(result)
    }
  }
}
