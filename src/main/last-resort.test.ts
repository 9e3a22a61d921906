// The last resort in a real process: an error nothing caught is logged and the process serves on;
// SIGTERM runs the shutdown and ends the process, even when the shutdown hangs.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-last-resort-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const module = fileURLToPath(new URL('./last-resort.ts', import.meta.url))

function child(body: string): Promise<{ code: number | null; out: string; ms: number }> {
  const file = join(dir, `child-${Math.random().toString(36).slice(2)}.mts`)
  writeFileSync(file, `import { exitOnSignals, keepServingOnUncaughtErrors } from ${JSON.stringify(module)}\n${body}\n`)
  const started = Date.now()
  const p = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  p.stdout.on('data', (d) => (out += d))
  p.stderr.on('data', (d) => (out += d))
  let told = false
  p.stdout.on('data', () => {
    if (!told && out.includes('READY')) {
      told = true
      p.kill('SIGTERM')
    }
  })
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, out, ms: Date.now() - started })))
}

describe('last resort', () => {
  it('logs an uncaught error and a rejected promise, and keeps serving', async () => {
    const r = await child(`
keepServingOnUncaughtErrors((m) => console.log('LOG ' + m.split('\\n')[0]))
setTimeout(() => { throw new Error('nobody caught me') }, 10)
setTimeout(() => { void Promise.reject(new Error('nobody awaited me')) }, 20)
setTimeout(() => console.log('READY'), 100)
const serving = setInterval(() => undefined, 1000)
await exitOnSignals(async () => {
  clearInterval(serving)
  console.log('SHUTDOWN')
})
`)
    expect(r.out).toContain('LOG an error nothing handled (the app keeps running): Error: nobody caught me')
    expect(r.out).toContain('nobody awaited me')
    expect(r.out).toContain('READY')
    expect(r.out).toContain('SHUTDOWN')
    expect(r.code).toBe(0)
  })

  it('ends on SIGTERM within its deadline even when the shutdown hangs', async () => {
    const r = await child(`
setTimeout(() => console.log('READY'), 10)
setInterval(() => undefined, 1000)
await exitOnSignals(() => new Promise(() => undefined), 1000)
`)
    expect(r.code).toBe(0)
    expect(r.ms).toBeLessThan(5000)
  })
})
