// `npm start` and `npx kubedeck` as a user runs them: the built CLI, and the start script's
// fall-back to web mode where no Electron binary exists.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { request, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(__dirname, '../../..')

/** GET a *.localhost URL on 127.0.0.1 with its own Host header, as a browser sends it. */
function loopbackGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: string }> {
  const u = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(u.port), path: u.pathname + u.search, headers: { Host: u.host, ...headers } }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('error', reject)
    req.end()
  })
}
const temps: string[] = []
afterAll(async () => {
  for (const t of temps) await rm(t, { recursive: true, force: true })
})

describe('kubedeck CLI', () => {
  it('`npx kubedeck --help` lists the commands', () => {
    const r = spawnSync('npx', ['--no-install', 'kubedeck', '--help'], { cwd: root, encoding: 'utf8' })
    expect(r.status).toBe(0)
    expect(r.stdout).toMatch(/^Usage: kubedeck <command>/m)
    expect(r.stdout).toMatch(/^\s+serve\s+Serve the app/m)
    expect(r.stdout).toMatch(/^\s+config\s+/m)
  })

  it('an unknown command exits 2 and names it', () => {
    const r = spawnSync('node', ['bin/kubedeck.js', 'frobnicate'], { cwd: root, encoding: 'utf8' })
    expect(r.status).toBe(2)
    expect(r.stderr).toContain('unknown command "frobnicate"')
  })
})

describe('npm start without an Electron binary', () => {
  it('says so in one line and serves web mode at the printed URL', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'kubedeck-noelectron-'))
    const data = await mkdtemp(join(tmpdir(), 'kubedeck-start-data-'))
    temps.push(empty, data)
    const child = spawn('npm', ['start', '--silent'], {
      cwd: root,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: empty, KUBEDECK_DATA_DIR: data, DISPLAY: '', WAYLAND_DISPLAY: '' },
      detached: true
    })
    let out = ''
    child.stdout.on('data', (c) => (out += c))
    child.stderr.on('data', (c) => (out += c))
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed in 30 s:\n${out}`)), 30_000)
        child.stdout.on('data', () => {
          const m = /serving on (http:\/\/kd-[a-z2-7]+\.localhost:\d+\/\?token=\S+)/.exec(out)
          if (m) {
            clearTimeout(timer)
            resolve(m[1])
          }
        })
      })
      const electronLines = out.split('\n').filter((l) => /electron/i.test(l))
      expect(electronLines).toHaveLength(1)
      expect(electronLines[0]).toMatch(/^Electron binary is not available here \(.+\); starting web mode instead\.$/)
      // As a browser reaches it: *.localhost is loopback (browsers resolve it themselves).
      const res = await loopbackGet(url)
      expect(res.status).toBe(302)
      const page = await loopbackGet(new URL('/', url).href, { cookie: String(res.headers['set-cookie']).split(';')[0] })
      expect(page.status).toBe(200)
      expect(page.body).toContain('<div id="root">')
    } finally {
      process.kill(-child.pid!, 'SIGTERM')
    }
  })
})
