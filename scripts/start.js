#!/usr/bin/env node
// `npm start`: the desktop app when the Electron binary is available, else web mode. Electron
// (>= 45) downloads its binary on first use; where that download cannot happen, say so in one
// line and serve the same app to a browser instead.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const require = createRequire(import.meta.url)

if (!existsSync(join(root, 'out/main/index.js')) || !existsSync(join(root, 'out/renderer/index.html'))) {
  const built = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: 'inherit' })
  if (built.status !== 0) process.exit(built.status ?? 1)
}

function electronBinary() {
  const pkgDir = dirname(require.resolve('electron/package.json'))
  const pathFile = join(pkgDir, 'path.txt')
  // Same lookup as electron's own index.js, including its ELECTRON_OVERRIDE_DIST_PATH.
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH
  if (override) {
    const bin = join(override, existsSync(pathFile) ? readFileSync(pathFile, 'utf8') : 'electron')
    return existsSync(bin) ? { path: bin } : { error: `ELECTRON_OVERRIDE_DIST_PATH has no ${bin}` }
  }
  const present = () => existsSync(pathFile) && existsSync(join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')))
  if (present()) return { path: join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')) }
  // First use: let Electron's own installer fetch it (bounded, so an offline machine moves on).
  const fetched = spawnSync(process.execPath, [join(pkgDir, 'install.js')], { cwd: pkgDir, stdio: 'pipe', timeout: 120_000, encoding: 'utf8' })
  if (present()) return { path: join(pkgDir, 'dist', readFileSync(pathFile, 'utf8')) }
  // The installer prints a stack; its first line says what failed ("TypeError: fetch failed").
  const output = (fetched.error?.message ?? `${fetched.stderr ?? ''}\n${fetched.stdout ?? ''}`).trim()
  const why = output.split('\n').find((l) => /error|fail|ENOTFOUND|ECONN|timed? ?out/i.test(l) && !/^\s+at /.test(l)) ?? 'download failed'
  return { error: why.trim() }
}

const electron = electronBinary()
if (electron.path) {
  const child = spawn(electron.path, [root], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  console.log(`Electron binary is not available here (${electron.error.slice(0, 160)}); starting web mode instead.`)
  const child = spawn(process.execPath, [join(root, 'out/main/cli.js'), 'serve', '--open', ...process.argv.slice(2)], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
}
