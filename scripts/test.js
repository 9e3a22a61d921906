#!/usr/bin/env node
// `npm test`: every test, in order: typecheck, build, the lab's binaries (Go, cached), then
// unit, integration (real kubectl, sshd, etcd, API server) and e2e (Chromium via web mode).
// Stops at the first failing stage and exits non-zero; nothing is skipped silently.
// `npm test -- unit` (or integration, e2e) runs one stage; extra args go to vitest.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const [only, ...vitestArgs] = process.argv.slice(2)
const suites = ['unit', 'integration', 'e2e']
if (only && !suites.includes(only)) {
  console.error(`npm test: unknown suite "${only}" (one of ${suites.join(', ')})`)
  process.exit(2)
}

// The suites share one lab; take it down when the run ends, passed or failed.
let labUsed = false
function labDown() {
  if (!labUsed) return
  console.log('\n▶ lab down')
  spawnSync('npx', ['tsx', 'tests/lab/cli.ts', 'down', '--all'], { cwd: root, stdio: 'inherit' })
}

function run(title, cmd, args, env = {}) {
  const started = Date.now()
  console.log(`\n▶ ${title}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } })
  const secs = ((Date.now() - started) / 1000).toFixed(1)
  if (r.status !== 0) {
    console.error(`✖ ${title} failed after ${secs}s (exit ${r.status ?? r.signal})`)
    labDown()
    process.exit(r.status || 1)
  }
  console.log(`✔ ${title} (${secs}s)`)
  return r
}

function labBin() {
  console.log('\n▶ lab binaries (tests/lab/build-binaries.sh; cold: see README)')
  const r = spawnSync('tests/lab/build-binaries.sh', [], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })
  if (r.status !== 0) {
    console.error('✖ lab binaries failed to build: the integration and e2e tests need them')
    process.exit(r.status || 1)
  }
  return r.stdout.trim().split('\n').pop()
}

if (!only) {
  run('typecheck', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit'])
  run('typecheck (renderer)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit'])
  run('typecheck (component tests)', 'npx', ['tsc', '-p', 'tsconfig.components.json', '--noEmit'])
  run('build', 'npx', ['electron-vite', 'build'])
}
const env = {}
if (!only || only !== 'unit') env.KUBEDECK_LAB_BIN = labBin()
for (const suite of only ? [only] : suites) {
  // A single suite (development) leaves the lab up for the next run.
  if (!only && suite !== 'unit') labUsed = true
  run(`${suite} tests`, 'npx', ['vitest', 'run', '--project', suite, ...vitestArgs], env)
}
labDown()
console.log('\nAll tests passed.')
