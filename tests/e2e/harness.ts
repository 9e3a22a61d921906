// End-to-end harness: the built app in web mode (`node out/main/cli.js serve --port 0`, a real
// subprocess with the environment the test gives it) driven by Debian's Chromium through
// playwright-core. The renderer under test is the one users run; only the Electron shell is not.
//
//   const app = await startApp({ env: { KUBECONFIG: `${a}:${b}` } })
//   try {
//     await app.page.getByTestId('…').click()
//     await app.screenshot('contexts-list')        // → test-results/e2e/contexts-list.png
//     expect(app.consoleErrors()).toEqual([])
//   } finally {
//     await app.close()                             // browser, server and temp dirs, always
//   }
//
// Isolation by default: unless the test passes them, HOME and KUBEDECK_DATA_DIR are fresh temp
// folders and KUBECONFIG is unset (so ~/.kube/config means the temp HOME's), never the user's.
// The build is checked once per process: if anything under src/ is newer than out/, the
// harness rebuilds under the shared build lock (`flock /tmp/kubedeck-build.lock`), so running one
// e2e file after an edit never tests stale code.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '')
/** Screenshots land here; CI keeps the folder as an artifact. */
export const screenshotDir = join(repoRoot, 'test-results', 'e2e')

const CLI = join(repoRoot, 'out', 'main', 'cli.js')
const CHROMIUM = process.env.KUBEDECK_E2E_CHROMIUM ?? '/usr/bin/chromium'
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run']

export interface StartOptions {
  /**
   * Environment of the server process, over a minimal base (PATH, LANG, TZ…). Pass KUBECONFIG,
   * HOME, KUBEDECK_DATA_DIR, SSH_AUTH_SOCK, … here. A key set to undefined is removed.
   */
  env?: Record<string, string | undefined>
  /** Browser colour scheme: the app's default theme ('system') follows it. Default 'light'. */
  colorScheme?: 'light' | 'dark'
  /** Default 1440×900: wide enough for the dense tables, the size README screenshots use. */
  viewport?: { width: number; height: number }
  /** How long to wait for the server's URL and the renderer's connection (default 30 s). */
  timeoutMs?: number
  /** Extra arguments after `serve --port 0`. */
  serveArgs?: string[]
}

export interface AppUnderTest {
  /** The first page, already on the app, with its WebSocket connected. */
  page: Page
  browser: Browser
  context: BrowserContext
  /** The origin the app is served from, e.g. http://kd-….localhost:41235 (the session cookie is set). */
  origin: string
  /** The URL `kubedeck serve` printed, token included. */
  url: string
  /** The environment the server runs with (HOME, KUBEDECK_DATA_DIR, … resolved). */
  env: NodeJS.ProcessEnv
  home: string
  dataDir: string
  server: ChildProcess
  /** Everything the server wrote to stdout/stderr so far (for failure messages). */
  serverOutput(): string
  /** Console errors and uncaught page errors of every page of this context so far. */
  consoleErrors(): string[]
  /** Saves a full-page PNG of `page` (default: the first page) to test-results/e2e/<name>.png; returns its path. */
  screenshot(name: string, page?: Page): Promise<string>
  /** Another tab on the same (authenticated) app, connected. */
  newPage(): Promise<Page>
  /** Closes the browser, stops the server (SIGTERM, then SIGKILL after 5 s) and removes the temp dirs the harness made. Safe to call twice. */
  close(): Promise<void>
}

let buildChecked = false

/** Rebuilds out/ when src/ has anything newer than it (once per test process). */
export function ensureBuilt(): void {
  if (buildChecked) return
  const built = [CLI, join(repoRoot, 'out', 'renderer', 'index.html')]
  const builtAt = Math.min(...built.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)))
  if (builtAt === 0 || newestMtime(join(repoRoot, 'src')) > builtAt) {
    const r = spawnSync('flock', ['/tmp/kubedeck-build.lock', 'npx', 'electron-vite', 'build'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    if (r.status !== 0) {
      throw new Error(`e2e harness: \`npx electron-vite build\` failed (exit ${r.status ?? r.signal}) in ${repoRoot}:\n${r.stdout}\n${r.stderr}`)
    }
  }
  buildChecked = true
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    const m = entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs
    if (m > newest) newest = m
  }
  return newest
}

/** A fresh temp folder under the OS temp dir; the caller removes it (or lets close() do it for HOME/data). */
export function tempDir(prefix = 'kubedeck-e2e-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A HOME whose ~/.ssh/config includes the lab's, as a person who added the lab's hosts would have it. */
export function labHome(sshConfig: string, prefix: string): string {
  const home = tempDir(prefix)
  mkdirSync(join(home, '.ssh'), { mode: 0o700 })
  writeFileSync(join(home, '.ssh', 'config'), `Include ${sshConfig}\n`, { mode: 0o600 })
  return home
}

export async function startApp(opts: StartOptions = {}): Promise<AppUnderTest> {
  ensureBuilt()
  const timeoutMs = opts.timeoutMs ?? 30_000
  const owned: string[] = []
  const given = opts.env ?? {}
  const home = given.HOME ?? track(owned, tempDir('kubedeck-e2e-home-'))
  const dataDir = given.KUBEDECK_DATA_DIR ?? track(owned, tempDir('kubedeck-e2e-data-'))
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    LANG: process.env.LANG ?? 'C.UTF-8',
    TZ: process.env.TZ,
    TMPDIR: process.env.TMPDIR,
    HOME: home,
    // ssh takes its home from the passwd entry, not $HOME: point Kubedeck's ssh at the test's.
    KUBEDECK_SSH_HOME: home,
    KUBEDECK_DATA_DIR: dataDir
  }
  for (const [k, v] of Object.entries(given)) {
    if (v === undefined) delete env[k]
    else env[k] = v
  }

  let output = ''
  const server = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...(opts.serveArgs ?? [])], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  server.stdout!.setEncoding('utf8').on('data', (d: string) => (output += d))
  server.stderr!.setEncoding('utf8').on('data', (d: string) => (output += d))
  const exited = new Promise<void>((resolveExit) => server.once('exit', () => resolveExit()))

  let browser: Browser | undefined
  let closed = false
  const close = async (): Promise<void> => {
    if (closed) return
    closed = true
    await browser?.close().catch(() => undefined)
    if (server.exitCode === null && server.signalCode === null) {
      server.kill('SIGTERM')
      const killer = setTimeout(() => server.kill('SIGKILL'), 5_000)
      await exited
      clearTimeout(killer)
    }
    for (const dir of owned) rmSync(dir, { recursive: true, force: true })
  }

  try {
    const url = await waitForUrl(server, () => output, exited, timeoutMs)
    const origin = new URL(url).origin
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true })
    const context = await browser.newContext({
      viewport: opts.viewport ?? { width: 1440, height: 900 },
      colorScheme: opts.colorScheme ?? 'light',
      reducedMotion: 'reduce'
    })
    const errors: string[] = []
    const watch = (p: Page) => {
      p.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console: ${m.text()}`)
      })
      p.on('pageerror', (e) => errors.push(`page error: ${e.message}`))
    }
    context.on('page', watch)
    context.setDefaultTimeout(15_000)

    const openConnected = async (target: string): Promise<Page> => {
      const p = await context.newPage()
      await p.goto(target)
      await p.locator('[data-testid="connection-state"][data-state="open"]').waitFor({ timeout: timeoutMs })
      return p
    }
    // The printed URL trades its token for a cookie and redirects to the app.
    const page = await openConnected(url)

    return {
      page,
      browser,
      context,
      origin,
      url,
      env,
      home,
      dataDir,
      server,
      serverOutput: () => output,
      consoleErrors: () => [...errors],
      screenshot: async (name, target = page) => {
        mkdirSync(screenshotDir, { recursive: true })
        const file = join(screenshotDir, `${name.replace(/[^\w.-]+/g, '-')}.png`)
        await target.screenshot({ path: file, fullPage: true, animations: 'disabled' })
        return file
      },
      newPage: () => openConnected(origin + '/'),
      close
    }
  } catch (e) {
    await close()
    throw new Error(`e2e harness: the app did not start: ${(e as Error).message}\n--- server output ---\n${output}`, { cause: e })
  }
}

function track(list: string[], dir: string): string {
  list.push(dir)
  return dir
}

async function waitForUrl(server: ChildProcess, output: () => string, exited: Promise<void>, timeoutMs: number): Promise<string> {
  const pattern = /serving on (http:\/\/[\w.-]+:\d+\/\S*)/
  const deadline = Date.now() + timeoutMs
  let gone = false
  void exited.then(() => (gone = true))
  for (;;) {
    const m = pattern.exec(output())
    if (m) return m[1]
    if (gone) throw new Error(`\`kubedeck serve\` exited (code ${server.exitCode ?? server.signalCode}) before printing its URL`)
    if (Date.now() > deadline) throw new Error(`\`kubedeck serve\` printed no URL within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
