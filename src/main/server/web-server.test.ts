// The web-mode transport against a real HTTP server and a real WebSocket client: every way in
// without the token, from another Origin, or under another Host name is refused, and input that
// fails the contract's schema never reaches a service.
import { mkdtemp, readdir, rm, writeFile, mkdir } from 'node:fs/promises'
import { request } from 'node:http'
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
const invoked: string[] = []

function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

function openSocket(headers: Record<string, string>): Promise<{ ws?: WebSocket; status?: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api`, { headers })
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

const cookie = () => `kubedeck_token=${server.token}`
const origin = () => `http://127.0.0.1:${server.port}`

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'kubedeck-web-'))
  rendererDir = join(dataDir, 'renderer')
  await mkdir(rendererDir)
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Kubedeck</title>')
  const real = appHandlers({
    info: { version: 'test', transport: 'web', platform: process.platform, dataDir },
    preferences: new PreferencesService(dataDir),
    desktop: { openExternal: async () => undefined }
  })
  // Record which handlers run, around the real ones.
  const recorded = Object.fromEntries(
    Object.entries(real).map(([name, fn]) => [name, (args: never, ctx: never) => (invoked.push(name), (fn as (a: never, c: never) => unknown)(args, ctx))])
  ) as unknown as Handlers
  server = await startWebServer({ dispatch: createDispatcher(recorded), hub: new EventHub(), rendererDir, port: 0 })
})

afterAll(async () => {
  await server.close()
  await rm(dataDir, { recursive: true, force: true })
})

describe('web server: HTTP', () => {
  it('binds to 127.0.0.1 and prints a URL carrying the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`)
    expect(server.token.length).toBeGreaterThanOrEqual(40)
  })

  it('refuses a page request without the token', async () => {
    const r = await get('/')
    expect(r.status).toBe(401)
    expect(r.body).not.toContain('Kubedeck</title>')
  })

  it('refuses a wrong token and a wrong cookie', async () => {
    expect((await get('/?token=nope')).status).toBe(401)
    expect((await get('/', { Cookie: 'kubedeck_token=nope' })).status).toBe(401)
  })

  it('trades the URL token for an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const r = await get(`/?token=${server.token}`)
    expect(r.status).toBe(302)
    expect(r.headers.location).toBe('/')
    expect(String(r.headers['set-cookie'])).toMatch(/kubedeck_token=[^;]+; HttpOnly; SameSite=Strict; Path=\//)
  })

  it('serves the renderer with a strict CSP once the cookie is set', async () => {
    const r = await get('/', { Cookie: cookie() })
    expect(r.status).toBe(200)
    expect(r.body).toContain('<title>Kubedeck</title>')
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'")
    expect(String(r.headers['content-security-policy'])).toContain("object-src 'none'")
  })

  it('refuses a foreign Host name even with a valid token (DNS rebinding)', async () => {
    const r = await get(`/?token=${server.token}`, { Host: `attacker.example:${server.port}` })
    expect(r.status).toBe(421)
    expect((await get('/', { Host: `attacker.example:${server.port}`, Cookie: cookie() })).status).toBe(421)
  })

  it('does not serve files outside the renderer folder', async () => {
    const r = await get('/../../../../etc/passwd', { Cookie: cookie() })
    expect(r.body).not.toContain('root:')
  })
})

describe('web server: WebSocket', () => {
  it('refuses a socket without the token cookie', async () => {
    expect((await openSocket({ Origin: origin() })).status).toBe(401)
  })

  it('refuses a socket with a wrong token cookie', async () => {
    expect((await openSocket({ Origin: origin(), Cookie: 'kubedeck_token=wrong' })).status).toBe(401)
  })

  it('refuses a socket from a foreign Origin or without Origin', async () => {
    expect((await openSocket({ Origin: 'http://evil.example', Cookie: cookie() })).status).toBe(403)
    expect((await openSocket({ Origin: `http://127.0.0.1:${server.port + 1}`, Cookie: cookie() })).status).toBe(403)
    expect((await openSocket({ Cookie: cookie() })).status).toBe(403)
  })

  it('refuses a socket under a foreign Host name', async () => {
    expect((await openSocket({ Origin: origin(), Cookie: cookie(), Host: `evil.example:${server.port}` })).status).toBe(421)
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
