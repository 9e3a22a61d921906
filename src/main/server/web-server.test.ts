// The web-mode transport against a real HTTP server, real WebSocket clients and raw TCP: every
// way in without the session, from another Origin, or under another Host name is refused; the
// launch URL opens the app once; input that fails the contract's schema never reaches a
// service; and no client, however broken its frames, takes the server down.
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises'
import { request } from 'node:http'
import { connect } from 'node:net'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { Handlers } from '../dispatch'
import { createDispatcher } from '../dispatch'
import { EventHub } from '../events'
import { appHandlers } from '../handlers/app'
import { PreferencesService } from '../services/app'
import { startWebServer, type WebServer } from '.'

let server: WebServer
let dataDir: string
let rendererDir: string
let launchToken: string
let session: string
const invoked: string[] = []
const logged: string[] = []

type Reply = { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function get(path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers: { Host: host(), ...headers } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const host = () => `${server.hostName}:${server.port}`
const origin = () => `http://${host()}`
const cookie = () => `kubedeck_session_${server.port}=${session}`

function openSocket(headers: Record<string, string>): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers: { Host: host(), ...headers } })
    ws.on('open', () => resolve({ ws }))
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode }))
    ws.on('error', () => undefined)
  })
}

function callOver(ws: WebSocket, call: string, input: unknown): Promise<Record<string, unknown>> {
  const id = Math.floor(Math.random() * 1e9)
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as Record<string, unknown>
      if (msg.id === id) {
        ws.off('message', onMessage)
        resolve(msg)
      }
    }
    ws.on('message', onMessage)
    ws.send(JSON.stringify({ id, call, input }))
  })
}

/** A raw TCP client that completes an authenticated WebSocket handshake, then sends `frame` as is. */
function rawFrame(frame: Buffer): Promise<{ closedBy: 'server' | 'timeout'; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    const sock = connect(server.port, '127.0.0.1')
    let got = Buffer.alloc(0)
    let upgraded = false
    const timer = setTimeout(() => {
      sock.destroy()
      resolve({ closedBy: 'timeout', bytes: got })
    }, 5000)
    sock.on('error', () => undefined)
    sock.on('connect', () => {
      sock.write(
        [
          'GET /api HTTP/1.1',
          `Host: ${host()}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
          'Sec-WebSocket-Version: 13',
          `Origin: ${origin()}`,
          `Cookie: ${cookie()}`,
          '',
          ''
        ].join('\r\n')
      )
    })
    sock.on('data', (d) => {
      got = Buffer.concat([got, d])
      if (!upgraded && got.includes('\r\n\r\n')) {
        if (!got.toString('latin1').startsWith('HTTP/1.1 101')) {
          clearTimeout(timer)
          sock.destroy()
          return reject(new Error(`no upgrade: ${got.toString('latin1').split('\r\n')[0]}`))
        }
        upgraded = true
        got = got.subarray(got.indexOf('\r\n\r\n') + 4)
        sock.write(frame)
      }
    })
    sock.on('close', () => {
      clearTimeout(timer)
      resolve({ closedBy: 'server', bytes: got })
    })
  })
}

/** A client-to-server frame: FIN + opcode, masked unless told otherwise, with the given first-byte bits. */
function frame(payload: Buffer, o: { opcode?: number; rsv1?: boolean; masked?: boolean; claimedLength?: number } = {}): Buffer {
  const first = 0x80 | (o.rsv1 ? 0x40 : 0) | (o.opcode ?? 1)
  const masked = o.masked ?? true
  const len = o.claimedLength ?? payload.length
  const head: number[] = [first]
  if (len < 126) head.push((masked ? 0x80 : 0) | len)
  else if (len < 65536) head.push((masked ? 0x80 : 0) | 126, len >> 8, len & 0xff)
  else {
    head.push((masked ? 0x80 : 0) | 127)
    const b = Buffer.alloc(8)
    b.writeBigUInt64BE(BigInt(len))
    head.push(...b)
  }
  const mask = randomBytes(4)
  const body = masked ? Buffer.from(payload.map((x, i) => x ^ mask[i % 4])) : payload
  return Buffer.concat([Buffer.from(head), masked ? mask : Buffer.alloc(0), body])
}

/** The close code in a close frame the server sent, if any. */
const closeCode = (bytes: Buffer) => (bytes.length >= 4 && (bytes[0] & 0x0f) === 8 ? bytes.readUInt16BE(2) : null)

async function stillServing(): Promise<void> {
  expect((await get('/', { Cookie: cookie() })).status).toBe(200)
  const { ws } = await openSocket({ Origin: origin(), Cookie: cookie() })
  expect(ws).toBeDefined()
  expect((await callOver(ws!, 'app.preferences', {})).ok).toBe(true)
  ws!.close()
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kubedeck-web-'))
  rendererDir = join(dataDir, 'renderer')
  await mkdir(rendererDir)
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Kubedeck</title>')
  const real = appHandlers({
    info: { version: 'test', transport: 'web', platform: process.platform, dataDir },
    preferences: new PreferencesService(dataDir),
    desktop: { openExternal: async () => undefined },
    kubeconfig: () => ({ about: async () => ({ loginPath: { path: '/usr/bin:/bin', source: 'process' as const }, lockTimeoutMs: 5000 }) })
  })
  // Record which handlers run, around the real ones.
  const recorded = Object.fromEntries(
    Object.entries(real).map(([name, fn]) => [name, (args: never, ctx: never) => (invoked.push(name), (fn as (a: never, c: never) => unknown)(args, ctx))])
  ) as unknown as Handlers
  server = await startWebServer({ dispatch: createDispatcher(recorded), hub: new EventHub(), rendererDir, port: 0, log: (m) => logged.push(m) })
  launchToken = server.token!
})

afterAll(async () => {
  await server.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('web server: access', () => {
  it('prints a URL under a per-launch *.localhost name, with a launch token', () => {
    expect(server.url).toBe(`http://${server.hostName}:${server.port}/?token=${launchToken}`)
    expect(server.hostName).toMatch(/^kd-[a-z2-7]{16}\.localhost$/)
    expect(launchToken.length).toBeGreaterThanOrEqual(40)
  })

  it('refuses a page request without a session, and a wrong token', async () => {
    const r = await get('/')
    expect(r.status).toBe(401)
    expect(r.body).not.toContain('Kubedeck</title>')
    expect((await get('/?token=nope')).status).toBe(401)
    expect((await get('/', { Cookie: `kubedeck_session_${server.port}=nope` })).status).toBe(401)
  })

  it('answers only to its own host name: not 127.0.0.1, localhost or another name, token or not (cookies are per host, not per port)', async () => {
    for (const h of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `attacker.example:${server.port}`, `kd-aaaaaaaaaaaaaaaa.localhost:${server.port}`]) {
      expect((await get(`/?token=${launchToken}`, { Host: h })).status, h).toBe(421)
    }
  })

  it('trades the launch token once for an HttpOnly SameSite=Strict session cookie named after the port, and drops it from the URL', async () => {
    const r = await get(`/?token=${launchToken}`)
    expect(r.status).toBe(302)
    expect(r.headers.location).toBe('/')
    const set = String(r.headers['set-cookie'])
    expect(set).toMatch(new RegExp(`^kubedeck_session_${server.port}=[^;]+; HttpOnly; SameSite=Strict; Path=/$`))
    session = /=([^;]+);/.exec(set)![1]
    expect(session).not.toBe(launchToken)
    expect(server.token).toBeNull()
  })

  it('refuses the same URL replayed (history, another browser) once it was used; the browser holding the session only loses the token', async () => {
    const replay = await get(`/?token=${launchToken}`)
    expect(replay.status).toBe(401)
    expect(replay.body).toContain('already used')
    expect(replay.headers['set-cookie']).toBeUndefined()
    const same = await get(`/?token=${launchToken}`, { Cookie: cookie() })
    expect(same.status).toBe(302)
    expect(same.headers['set-cookie']).toBeUndefined()
  })

  it('serves the renderer with a strict CSP to the session', async () => {
    const r = await get('/', { Cookie: cookie() })
    expect(r.status).toBe(200)
    expect(r.body).toContain('<title>Kubedeck</title>')
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(String(r.headers['content-security-policy'])).toContain("object-src 'none'")
  })

  it('does not serve files outside the renderer folder', async () => {
    const r = await get('/../../../../etc/passwd', { Cookie: cookie() })
    expect(r.body).not.toContain('root:')
  })
})

describe('web server: WebSocket', () => {
  it('refuses a socket without the session, with a wrong one, from a foreign Origin or none, or under a foreign Host', async () => {
    expect((await openSocket({ Origin: origin() })).status).toBe(401)
    expect((await openSocket({ Origin: origin(), Cookie: `kubedeck_session_${server.port}=wrong` })).status).toBe(401)
    expect((await openSocket({ Origin: 'http://evil.example', Cookie: cookie() })).status).toBe(403)
    expect((await openSocket({ Origin: `http://127.0.0.1:${server.port}`, Cookie: cookie() })).status).toBe(403)
    expect((await openSocket({ Cookie: cookie() })).status).toBe(403)
    expect((await openSocket({ Origin: origin(), Cookie: cookie(), Host: `127.0.0.1:${server.port}` })).status).toBe(421)
  })

  it('refuses invalid input by the schema before any service runs, and writes nothing', async () => {
    const { ws } = await openSocket({ Origin: origin(), Cookie: cookie() })
    expect(ws).toBeDefined()
    invoked.length = 0
    const reply = await callOver(ws!, 'app.setPreferences', { theme: 'purple', terminalScrollback: -1 })
    expect(reply.ok).toBe(false)
    const error = reply.error as { code: string; issues: { path: string }[] }
    expect(error.code).toBe('input.invalid')
    expect(error.issues.map((i) => i.path).sort()).toEqual(['terminalScrollback', 'theme'])
    expect(invoked).toEqual([])
    expect(await readdir(dataDir)).toEqual(['renderer'])

    const unknown = await callOver(ws!, 'app.doesNotExist', {})
    expect((unknown.error as { code: string }).code).toBe('call.unknown')
    expect(invoked).toEqual([])

    const good = await callOver(ws!, 'app.setPreferences', { theme: 'dark' })
    expect(good.ok).toBe(true)
    expect(invoked).toEqual(['app.setPreferences'])
    expect((good.result as { theme: string }).theme).toBe('dark')
    ws!.close()
  })
})

describe('web server: survives any client', () => {
  it('an unauthenticated upgrade that is refused, then reset by the client', async () => {
    await new Promise<void>((resolve) => {
      const sock = connect(server.port, '127.0.0.1', () => {
        sock.write(
          `GET /api HTTP/1.1\r\nHost: ${host()}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`
        )
        // Reset (RST) at once, while the server writes its refusal.
        sock.resetAndDestroy()
        resolve()
      })
      sock.on('error', () => undefined)
    })
    await new Promise((r) => setTimeout(r, 200))
    await stillServing()
  })

  it.each([
    ['a text frame of invalid UTF-8', frame(Buffer.from([0xff, 0xfe, 0xfd])), 1007],
    ['a frame with RSV1 set (no extension agreed)', frame(Buffer.from('{}'), { rsv1: true }), 1002],
    ['an unmasked frame', frame(Buffer.from('{}'), { masked: false }), 1002],
    ['a message over the size limit', frame(Buffer.alloc(16), { claimedLength: 64 * 1024 * 1024 }), 1009]
  ])('%s: that client is disconnected, the server serves on', async (_what, bytes, code) => {
    const r = await rawFrame(bytes)
    expect(r.closedBy).toBe('server')
    expect(closeCode(r.bytes)).toBe(code)
    await stillServing()
  })

  it('says which port is busy instead of a stack trace', async () => {
    const error = await startWebServer({ dispatch: async () => ({ ok: true, result: null }), hub: new EventHub(), rendererDir, port: server.port }).catch((e: unknown) => e)
    expect(error).toMatchObject({ info: { code: 'serve.port-busy', message: `Port ${server.port} on 127.0.0.1 is already in use.` } })
  })
})
