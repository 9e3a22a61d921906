// Who may talk to the web-mode server: the browser that opened the printed URL, and only it.
//
// - The server answers only to a per-launch random host name under .localhost (browsers resolve
//   every *.localhost to loopback), never to 127.0.0.1 or localhost: cookies are scoped to host
//   names, not ports, so a cookie for 127.0.0.1 would be sent to every other server on the
//   machine; one for kd-<random>.localhost reaches no other server.
// - The printed URL carries a one-time launch token. Its first use is traded for a session
//   secret in an HttpOnly, SameSite=Strict cookie named after the port, and the token is spent:
//   the URL replayed from history or copied elsewhere opens nothing.
// - Host is checked against DNS rebinding, Origin against other sites' pages opening a WebSocket.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const secret = (bytes = 32): string => randomBytes(bytes).toString('base64url')

export function secretsEqual(a: string | undefined, b: string): boolean {
  if (!a) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** A host name only this launch uses: kd-<16 base32 letters>.localhost. */
export function launchHostName(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'
  return `kd-${[...randomBytes(16)].map((b) => alphabet[b % 32]).join('')}.localhost`
}

/** Why a request is refused. */
export interface Refusal {
  refused: true
  status: number
  why: string
}

export class WebAccess {
  private launchToken: string | null
  private readonly sessions = new Set<string>()
  private port = 0

  constructor(
    readonly hostName: string = launchHostName(),
    launchToken: string = secret()
  ) {
    this.launchToken = launchToken
  }

  listening(port: number): void {
    this.port = port
  }

  /** The URL to print: opens the app once. */
  get url(): string {
    return `http://${this.hostName}:${this.port}/?token=${this.launchToken ?? 'spent'}`
  }

  get token(): string | null {
    return this.launchToken
  }

  get cookieName(): string {
    return `kubedeck_session_${this.port}`
  }

  /** The one Host a page of ours can send. */
  hostAllowed(req: IncomingMessage): boolean {
    return (req.headers.host ?? '').toLowerCase() === `${this.hostName}:${this.port}`
  }

  /** A WebSocket must come from one of our own pages. */
  originAllowed(req: IncomingMessage): boolean {
    return (req.headers.origin ?? '').toLowerCase() === `http://${this.hostName}:${this.port}`
  }

  hasSession(req: IncomingMessage): boolean {
    const offered = this.cookie(req)
    return !!offered && [...this.sessions].some((s) => secretsEqual(offered, s))
  }

  /**
   * Trades the launch token for a session (once). Returns the Set-Cookie value, or why not: a
   * spent token is refused unless this browser already holds a session (then it is only dropped
   * from the address bar).
   */
  redeem(req: IncomingMessage, offered: string): { refused?: false; cookie?: string } | Refusal {
    if (this.hasSession(req)) return {}
    if (!this.launchToken || !secretsEqual(offered, this.launchToken)) {
      return {
        refused: true,
        status: 401,
        why: this.launchToken
          ? 'Refused: wrong token. Open the URL that `kubedeck serve` printed.'
          : 'Refused: this link was already used (each `kubedeck serve` URL opens the app once, in one browser). Use the tab it opened, or run `kubedeck serve` again for a new URL.'
      }
    }
    this.launchToken = null
    const session = secret()
    this.sessions.add(session)
    return { cookie: `${this.cookieName}=${session}; HttpOnly; SameSite=Strict; Path=/` }
  }

  private cookie(req: IncomingMessage): string | undefined {
    const header = req.headers.cookie
    if (!header) return undefined
    for (const part of header.split(';')) {
      const eq = part.indexOf('=')
      if (eq > 0 && part.slice(0, eq).trim() === this.cookieName) return part.slice(eq + 1).trim()
    }
    return undefined
  }
}
