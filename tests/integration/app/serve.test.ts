// `kubedeck serve` as a process: SIGTERM ends it within 5 s even with a terminal open, and the
// terminal's private kubeconfig is gone afterwards; a busy port is one clear line.
import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { request, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { ensureBuilt, repoRoot } from '../../e2e/harness'

let root: string
const children: ChildProcess[] = []

beforeAll(() => {
  ensureBuilt()
  root = mkdtempSync(join(tmpdir(), 'kubedeck-serve-'))
})
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(u.port), path: u.pathname + u.search, headers: { Host: u.host, ...headers } }, (res) => {
      res.resume()
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

function serve(env: NodeJS.ProcessEnv, args: string[] = []): { child: ChildProcess; output: () => string; url: Promise<string> } {
  let output = ''
  const child = spawn(process.execPath, [join(repoRoot, 'out', 'main', 'cli.js'), 'serve', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] })
  children.push(child)
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d))
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d))
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL in 30 s:\n${output}`)), 30_000)
    child.stdout!.on('data', () => {
      const m = /serving on (http:\/\/\S+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    })
  })
  return { child, output: () => output, url }
}

describe('kubedeck serve', () => {
  it('ends within 5 s of SIGTERM with a local terminal open, and removes its private kubeconfig', async () => {
    const home = join(root, 'home')
    const temp = join(root, 'tmp')
    mkdirSync(home, { recursive: true })
    mkdirSync(temp, { recursive: true })
    const kubeconfig = join(home, 'config')
    writeFileSync(
      kubeconfig,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "https://127.0.0.1:1"}\nusers:\n- name: u\n  user: {token: t}\ncontexts:\n- name: lab\n  context: {cluster: c, user: u}\ncurrent-context: lab\n',
      { mode: 0o600 }
    )
    const env = { PATH: process.env.PATH, HOME: home, SHELL: '/bin/sh', TMPDIR: temp, KUBECONFIG: kubeconfig, KUBEDECK_DATA_DIR: join(root, 'data') }
    const s = serve(env, ['--port', '0'])
    const url = await s.url
    const r = await get(url)
    expect(r.status).toBe(302)
    const cookie = String(r.headers['set-cookie']).split(';')[0]
    const u = new URL(url)
    const ws = new WebSocket(`ws://127.0.0.1:${u.port}/api`, { headers: { Host: u.host, Origin: u.origin, Cookie: cookie } })
    await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)))
    const connected = new Promise<void>((resolve) =>
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as { stream?: string; payload?: { state?: string } }
        if (m.stream === 'terminals.state' && m.payload?.state === 'connected') resolve()
      })
    )
    ws.send(JSON.stringify({ id: 1, call: 'terminals.openLocal', input: { id: randomUUID(), cols: 80, rows: 24, context: { file: kubeconfig, name: 'lab' } } }))
    await connected
    expect(readdirSync(temp).filter((n) => n.startsWith('kubedeck-shell-'))).toHaveLength(1)

    const started = Date.now()
    const exited = new Promise<number | null>((resolve) => s.child.once('exit', (code) => resolve(code)))
    s.child.kill('SIGTERM')
    const code = await exited
    expect(Date.now() - started).toBeLessThan(5000)
    expect(code).toBe(0)
    expect(readdirSync(temp).filter((n) => n.startsWith('kubedeck-shell-'))).toEqual([])
    ws.terminate()
  })

  it('--open hands the browser a private file that redirects, never the token on a command line', async () => {
    const bin = join(root, 'fake-bin')
    mkdirSync(bin, { recursive: true })
    const seen = join(root, 'opener-args')
    // The opener ps would show: record what it was given.
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > ${seen}\n`, { mode: 0o755 })
    const s = serve({ PATH: `${bin}:${process.env.PATH}`, HOME: root, DISPLAY: ':99', KUBEDECK_DATA_DIR: join(root, 'data4') }, ['--port', '0', '--open'])
    const url = await s.url
    const token = new URL(url).searchParams.get('token')!
    await expect.poll(() => existsSync(seen), { timeout: 10_000 }).toBe(true)
    const args = readFileSync(seen, 'utf8')
    expect(args).not.toContain(token)
    const page = fileURLToPath(args.trim())
    expect(statSync(page).mode & 0o777).toBe(0o600)
    expect(readFileSync(page, 'utf8')).toContain(url)
    s.child.kill('SIGTERM')
  })

  it('a busy --port is one line saying so, no stack trace', async () => {
    const first = serve({ PATH: process.env.PATH, HOME: root, KUBEDECK_DATA_DIR: join(root, 'data2') }, ['--port', '0'])
    const port = new URL(await first.url).port
    const second = serve({ PATH: process.env.PATH, HOME: root, KUBEDECK_DATA_DIR: join(root, 'data3') }, ['--port', port])
    const code = await new Promise<number | null>((resolve) => second.child.once('exit', resolve))
    expect(code).toBe(1)
    expect(second.output()).toContain(`Port ${port} on 127.0.0.1 is already in use.`)
    expect(second.output()).not.toMatch(/\n\s+at /)
    first.child.kill('SIGTERM')
  })
})
