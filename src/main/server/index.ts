// Web-mode transport (`kubedeck serve`): the built renderer plus the contract over a WebSocket,
// on 127.0.0.1 only. Every request needs the per-launch token (URL once, then cookie), a
// loopback Host, and for the WebSocket our own Origin. End-to-end tests drive the app through
// here, so this is the code path users of web mode run.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { CallMessage, ServerMessage } from '../../shared/contract'
import type { CallContext, Dispatch } from '../dispatch'
import type { EventHub } from '../events'
import { TOKEN_COOKIE, cookieToken, hostAllowed, newToken, originAllowed, tokensEqual } from './auth'
import { securityHeaders, serveStatic } from './static-files'

export interface WebServerOptions {
  dispatch: Dispatch
  hub: EventHub
  /** Folder holding the built renderer's index.html. */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed token (tests); a random one otherwise. */
  token?: string
}

export interface WebServer {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 32 * 1024 * 1024

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const token = opts.token ?? newToken()
  let port = opts.port ?? 0
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end(String(e))
    })
  })

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res)
    if (!hostAllowed(req, port)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end('Refused: this server only answers to 127.0.0.1 and localhost.')
      return
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
    const offered = url.searchParams.get('token')
    if (offered !== null) {
      if (!tokensEqual(offered, token)) {
        res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Refused: wrong token. Open the URL that `kubedeck serve` printed.')
        return
      }
      // Trade the token in the URL for a cookie, and drop it from the address bar and history.
      res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`)
      url.searchParams.delete('token')
      res.writeHead(302, { Location: url.pathname + (url.search || '') }).end()
      return
    }
    if (!tokensEqual(cookieToken(req), token)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Refused: no access token. Open the URL that `kubedeck serve` printed.')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    await serveStatic(opts.rendererDir, url.pathname, res)
  }

  server.on('upgrade', (req, socket, head) => {
    const refuse = (status: number, why: string) => {
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    const path = (req.url ?? '').split('?')[0]
    if (path !== '/api') return refuse(404, 'Not Found')
    if (!hostAllowed(req, port)) return refuse(421, 'Misdirected Request')
    if (!originAllowed(req, port)) return refuse(403, 'Forbidden Origin')
    if (!tokensEqual(cookieToken(req), token)) return refuse(401, 'Unauthorized')
    wss.handleUpgrade(req, socket, head, (ws) => serveClient(ws))
  })

  function serveClient(ws: WebSocket): void {
    const id = randomUUID()
    const disconnectHandlers: (() => void)[] = []
    const send = (msg: ServerMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg))
    }
    const removeFromHub = opts.hub.add({ id, send: (stream, payload) => send({ stream, payload }) })
    const ctx: CallContext = {
      clientId: id,
      emit: (stream, payload) => send({ stream, payload }),
      onDisconnect: (fn) => disconnectHandlers.push(fn)
    }
    ws.on('message', (data) => {
      let msg: CallMessage
      try {
        msg = JSON.parse(String(data)) as CallMessage
      } catch {
        ws.close(1003, 'messages must be JSON')
        return
      }
      if (typeof msg?.id !== 'number') {
        ws.close(1003, 'message without id')
        return
      }
      void opts.dispatch(msg.call, msg.input, ctx).then((reply) => send({ id: msg.id, ...reply }))
    })
    ws.on('close', () => {
      removeFromHub()
      for (const fn of disconnectHandlers.splice(0)) fn()
    })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const c of wss.clients) c.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
