import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { createServices } from '../composition'
import { createDispatcher } from '../dispatch'
import { EventHub } from '../events'
import { createHandlers } from '../handlers'
import { exitOnSignals, keepServingOnUncaughtErrors } from '../last-resort'
import { startWebServer } from '../server'
import type { CliCommand } from './types'

/**
 * The built renderer: out/renderer beside out/main. This file runs from a chunk of the CLI bundle
 * (out/main/chunks/), from out/main/cli.js itself, or from src/main/commands (tsx), where
 * ../../renderer is the renderer's source: only a folder with built assets counts.
 */
export function rendererDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBEDECK_RENDERER_DIR) return env.KUBEDECK_RENDERER_DIR
  const candidates = [new URL('../../renderer', import.meta.url), new URL('../renderer', import.meta.url), new URL('../../../out/renderer', import.meta.url)]
  const found = candidates.map((u) => fileURLToPath(u)).find((p) => existsSync(`${p}/index.html`) && existsSync(`${p}/assets`))
  return found ?? fileURLToPath(candidates[0])
}

/**
 * Opens the URL in the default browser without putting its token on a command line (`ps` shows
 * those to every user): the opener gets a file, readable only by this user, that redirects to
 * the URL; the file goes once the browser had time to read it.
 */
function openBrowser(url: string, env: NodeJS.ProcessEnv): boolean {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false
  try {
    const dir = mkdtempSync(join(tmpdir(), 'kubedeck-open-'))
    const page = join(dir, 'open.html')
    writeFileSync(page, `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="0;url=${url}"><title>Kubedeck</title>`, { mode: 0o600 })
    setTimeout(() => rmSync(dir, { recursive: true, force: true }), 60_000).unref()
    const child = spawn(opener, [pathToFileURL(page).href], { stdio: 'ignore', detached: true })
    child.on('error', () => undefined)
    child.unref()
    return true
  } catch {
    return false
  }
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'Serve the app to a browser on 127.0.0.1 (web mode)',
  usage: `Usage: kubedeck serve [--port N] [--open]

Serves the Kubedeck UI and its API on 127.0.0.1 only, under a random per-launch host name
(kd-….localhost). The printed URL carries a one-time token: its first use gives that browser a
session cookie, and the URL opens nothing after that. Ctrl-C (or SIGTERM) stops the server
within 5 seconds, closing terminals and removing their private kubeconfigs.

Options:
  --port N   listen on port N (default: a free port)
  --open     open the URL in the default browser`,
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { port: { type: 'string' }, open: { type: 'boolean' } } })
    const port = values.port === undefined ? 0 : Number(values.port)
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      io.stderr.write(`kubedeck serve: --port must be a port number, got ${JSON.stringify(values.port)}\n`)
      return 2
    }
    const log = (m: string) => io.stderr.write(`kubedeck serve: ${m}\n`)
    const stopCatching = keepServingOnUncaughtErrors(log)
    const hub = new EventHub()
    const services = await createServices({ mode: 'web', events: hub, env: io.env, cwd: io.cwd })
    let server: Awaited<ReturnType<typeof startWebServer>>
    try {
      server = await startWebServer({ dispatch: createDispatcher(createHandlers(services)), hub, rendererDir: rendererDir(io.env), port, log })
    } catch (e) {
      stopCatching()
      await services.close()
      throw e
    }
    io.stdout.write(`Kubedeck is serving on ${server.url}\n`)
    if (values.open && !openBrowser(server.url, io.env)) io.stdout.write('No browser could be opened here; open the URL above.\n')
    await exitOnSignals(async () => {
      await server.close()
      await services.close()
    })
    stopCatching()
    return 0
  }
}
