// Web-mode transport (`kubedeck serve`): the built renderer plus the contract over a WebSocket,
// on 127.0.0.1 only, under a per-launch host name (see auth.ts for who may connect). Every
// socket and stream has its error path: a client that misbehaves (a reset during an upgrade,
// invalid UTF-8, a bad frame, a message over the limit) loses its connection, never the server.
// End-to-end tests drive the app through here, so this is the code path users of web mode run.
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import type { CallMessage, ServerMessage } from '../../shared/contract'
import { AppError } from '../../shared/errors'
import type { CallContext, Dispatch } from '../dispatch'
import type { EventHub } from '../events'
import { WebAccess } from './auth'
import { securityHeaders, serveStatic } from './static-files'
import { verbatim } from '../../shared/error-messages'

export interface WebServerOptions {
  dispatch: Dispatch
  hub: EventHub
  /** Folder holding the built renderer's index.html. */
  rendererDir: string
  /** 0 picks a free port. */
  port?: number
  /** Fixed launch token and host name (tests); random otherwise. */
  token?: string
  hostName?: string
  /** Where problems with clients are reported (default: stderr). */
  log?(message: string): void
}

export interface WebServer {
  /** Opens the app once (its token is spent on first use). */
  url: string
  port: number
  hostName: string
  /** The launch token until it is used, then null. */
  readonly token: string | null
  close(): Promise<void>
}

const MAX_MESSAGE_BYTES = 32 * 1024 * 1024

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const access = new WebAccess(opts.hostName, opts.token)
  const log = opts.log ?? ((m: string) => process.stderr.write(`kubedeck serve: ${m}\n`))
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((e: unknown) => {
      log(`request ${req.method} ${req.url} failed: ${(e as Error).message}`)
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' })
      res.end('Internal error: see the server output.')
    })
  })
  // A client that resets mid-request is its own problem, not the server's.
  server.on('clientError', (_e, socket) => socket.destroy())

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    securityHeaders(res)
    if (!access.hostAllowed(req)) {
      res.writeHead(421, { 'Content-Type': 'text/plain' }).end(`Refused: this server only answers to ${access.hostName}. Open the URL that \`kubedeck serve\` printed.`)
      return
    }
    const url = new URL(req.url ?? '/', `http://${access.hostName}`)
    const offered = url.searchParams.get('token')
    if (offered !== null) {
      const r = access.redeem(req, offered)
      if (r.refused) {
        res.writeHead(r.status, { 'Content-Type': 'text/plain' }).end(r.why)
        return
      }
      // Drop the token from the address bar (and from history's newest entry).
      if (r.cookie) res.setHeader('Set-Cookie', r.cookie)
      url.searchParams.delete('token')
      res.writeHead(302, { Location: url.pathname + (url.search || '') }).end()
      return
    }
    if (!access.hasSession(req)) {
      res.writeHead(401, { 'Content-Type': 'text/plain' }).end('Refused: no session. Open the URL that `kubedeck serve` printed.')
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end()
      return
    }
    await serveStatic(opts.rendererDir, url.pathname, res)
  }

  server.on('upgrade', (req, socket, head) => {
    // The socket may be reset before, during or after the refusal: that ends it, nothing more.
    socket.on('error', () => socket.destroy())
    const refuse = (status: number, why: string) => {
      socket.end(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    }
    const path = (req.url ?? '').split('?')[0]
    if (path !== '/api') return refuse(404, 'Not Found')
    if (!access.hostAllowed(req)) return refuse(421, 'Misdirected Request')
    if (!access.originAllowed(req)) return refuse(403, 'Forbidden Origin')
    if (!access.hasSession(req)) return refuse(401, 'Unauthorized')
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
    // Invalid UTF-8, reserved bits, unmasked frames, oversized messages: ws reports them here and
    // closes the connection (1007/1002/1009). The client goes; the server stays.
    ws.on('error', (e) => {
      log(`a client sent what the WebSocket protocol forbids (${e.message}); it was disconnected`)
      ws.terminate()
    })
    ws.on('message', (data, isBinary) => {
      if (isBinary) return ws.close(1003, 'messages are JSON text')
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
    server.once('error', (e: NodeJS.ErrnoException) => {
      reject(
        e.code === 'EADDRINUSE'
          ? new AppError({
              code: 'serve.port-busy',
              message: verbatim(`Port ${opts.port} on 127.0.0.1 is already in use.`),
              hint: verbatim('Another program (perhaps another `kubedeck serve`) listens there: stop it, or pick another port with --port (or leave it out for a free one).')
            })
          : e.code === 'EACCES'
            ? new AppError({
                code: 'serve.port-denied',
                message: verbatim(`Port ${opts.port} needs privileges this user does not have.`),
                hint: verbatim('Use a port above 1023, or leave --port out.')
              })
            : e
      )
    })
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  server.on('error', (e) => log(`server error: ${e.message}`))
  const port = (server.address() as AddressInfo).port
  access.listening(port)

  return {
    get url() {
      return access.url
    },
    port,
    hostName: access.hostName,
    get token() {
      return access.token
    },
    close: async () => {
      for (const c of wss.clients) c.terminate()
      // Idle keep-alive connections would hold close() open for minutes.
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    }
  }
}
