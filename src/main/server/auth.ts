// Who may talk to the web-mode server: a browser on this machine that was given the per-launch
// token. The token arrives once in the printed URL and is then kept in an HttpOnly cookie.
// Host is checked against DNS rebinding, Origin against other sites' pages opening a WebSocket.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage } from 'node:http'

export const TOKEN_COOKIE = 'kubedeck_token'

export function newToken(): string {
  return randomBytes(32).toString('base64url')
}

export function tokensEqual(a: string | undefined, b: string): boolean {
  if (!a) return false
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

export function cookieToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie
  if (!header) return undefined
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq > 0 && part.slice(0, eq).trim() === TOKEN_COOKIE) return part.slice(eq + 1).trim()
  }
  return undefined
}

/** The only Host values a page served by us can send: loopback names with our port. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`])
}

export function hostAllowed(req: IncomingMessage, port: number): boolean {
  return allowedHosts(port).has((req.headers.host ?? '').toLowerCase())
}

/** A WebSocket must come from one of our own pages. */
export function originAllowed(req: IncomingMessage, port: number): boolean {
  const origin = req.headers.origin
  if (!origin) return false
  return [...allowedHosts(port)].some((h) => origin.toLowerCase() === `http://${h}`)
}
