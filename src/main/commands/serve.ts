import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createServices } from '../composition'
import { createDispatcher } from '../dispatch'
import { EventHub } from '../events'
import { createHandlers } from '../handlers'
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

function openBrowser(url: string, env: NodeJS.ProcessEnv): boolean {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open'
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return false
  try {
    const child = spawn(opener, [url], { stdio: 'ignore', detached: true })
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

Serves the Kubedeck UI and its API on 127.0.0.1 only. The printed URL carries a random
per-launch token; the browser keeps it in a cookie. Ctrl-C stops the server.

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
    const hub = new EventHub()
    const services = await createServices({ mode: 'web', events: hub, env: io.env, cwd: io.cwd })
    const server = await startWebServer({ dispatch: createDispatcher(createHandlers(services)), hub, rendererDir: rendererDir(io.env), port })
    io.stdout.write(`Kubedeck is serving on ${server.url}\n`)
    if (values.open && !openBrowser(server.url, io.env)) io.stdout.write('No browser could be opened here; open the URL above.\n')
    await new Promise<void>((resolve) => {
      const stop = () => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await server.close()
    await services.close()
    return 0
  }
}
