// ConnectTimeout for a hop's whole handshake (opening the transport, banner, key exchange,
// authentication): a server that accepts the connection and then stops answering must not hold
// a connection attempt forever. Only time spent waiting for the network counts: while a person
// reads a host key or types a secret, the clock stops.
import { AppError } from '../../../shared/errors'
import type { SshOptions } from './config'
import type { SshInteraction } from './types'
import { t } from '../../../shared/error-messages'

export type HandshakePhase = 'connect' | 'banner exchange' | 'key exchange' | 'authentication'

export class HandshakeDeadline {
  /** Rejects with the timeout error when the time is up (never after stop()). */
  readonly expired: Promise<never>
  private left: number
  private since = 0
  private timer: NodeJS.Timeout | undefined
  private waitingForPerson = 0
  private over = false
  private expire: (e: AppError) => void = () => undefined

  constructor(
    private readonly limitMs: number,
    private readonly o: SshOptions,
    /** Where the handshake is; a function when only the transport knows (asked when time is up). */
    public phase: HandshakePhase | (() => HandshakePhase),
    /** The jump host that opens the transport, if any. */
    private readonly via?: string
  ) {
    this.left = limitMs
    this.expired = new Promise<never>((_, reject) => (this.expire = reject))
    this.expired.catch(() => undefined)
    this.start()
  }

  private start(): void {
    this.since = Date.now()
    this.timer = setTimeout(() => {
      this.over = true
      this.expire(this.error())
    }, this.left)
  }

  /** The handshake ended (either way): the clock is no longer needed. */
  stop(): void {
    this.over = true
    clearTimeout(this.timer)
  }

  /** Wraps an interaction so that the clock stops while any of its questions waits for the person. */
  pausing(interaction: SshInteraction): SshInteraction {
    const paused =
      <A, R>(ask: (arg: A) => Promise<R>) =>
      async (arg: A): Promise<R> => {
        if (this.waitingForPerson++ === 0 && !this.over) {
          clearTimeout(this.timer)
          this.left -= Date.now() - this.since
        }
        try {
          return await ask(arg)
        } finally {
          if (--this.waitingForPerson === 0 && !this.over) this.start()
        }
      }
    return {
      confirmHostKey: paused((q) => interaction.confirmHostKey(q)),
      askSecret: paused((q) => interaction.askSecret(q)),
      keyboardInteractive: paused((q) => interaction.keyboardInteractive(q))
    }
  }

  /** The error for an expired deadline, naming the host (as given and as resolved) and the phase. */
  private error(): AppError {
    const { o, via } = this
    const phase = typeof this.phase === 'function' ? this.phase() : this.phase
    const name = o.hostArg && o.hostArg !== o.hostname ? `${o.hostArg} (${o.hostname} port ${o.port})` : `${o.hostname} port ${o.port}`
    const seconds = this.limitMs / 1000
    const what: Record<HandshakePhase, string> = {
      connect: via ? `${via} did not open a connection to it` : 'the connection did not open',
      'banner exchange': 'the server accepted the connection but sent no SSH banner',
      'key exchange': 'the server sent its banner but did not finish the key exchange',
      authentication: 'the server stopped answering before the login completed'
    }
    return new AppError({
      code: 'ssh.connect-timeout',
      message: t`Connection to ${name} timed out during ${phase} after ${seconds} s: ${what[phase]}.`,
      host: o.hostname,
      hint: t`The host (or its sshd) may be hung or overloaded. ConnectTimeout in the ssh config sets this limit (Kubedeck's default is 30 s); time spent answering questions does not count.`,
      data: { phase, timeoutSec: seconds }
    })
  }
}
