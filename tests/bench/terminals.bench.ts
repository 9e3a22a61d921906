// Terminal benchmark: SSH into the renderer's xterm.js (web mode, Chromium) against raw
// `ssh host 'same' > /dev/null` in the same run. Counts what xterm.js has written (its write
// callbacks, through the app's probe hook), not what was sent. Prints; asserts nothing.
//
//   throughput  `head -c 200M /dev/urandom | base64`, rendered MB/s and the ratio to raw ssh
//               (also to `ssh -tt`: a terminal's output goes through the remote pty, which
//               alone costs a good part of raw ssh's speed)
//   echo        keystroke-to-echo latency while that flood runs (p50/p95)
//   Ctrl-C      `yes` for 3 s, then Ctrl-C until the prompt is rendered again
//
// Aims (issue 4): ≥ 25 MB/s rendered, p95 echo ≤ 50 ms under flood, Ctrl-C ≤ 300 ms.
// Run: npx tsx tests/bench/terminals.bench.ts (needs root for the lab; builds out/ if stale).
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { startApp, tempDir } from '../e2e/harness'
import { requireLab, type LabInfo } from '../lab'

const FLOOD = 'head -c 200M /dev/urandom | base64'
const PROMPT = 'kd$ '
const CTRL_C_ROUNDS = 5
/** Its own lab instance unless the run shares one (KUBEDECK_LAB_INSTANCE). */
const LAB_INSTANCE = process.env.KUBEDECK_LAB_INSTANCE ?? 'terminals'

/** Counts every batch xterm.js writes; notes when markers are written. */
const PROBE = `
  window.__bench = { bytes: 0, first: 0, last: 0, done: 0, hashes: [], prompts: [], keys: [] }
  window.addEventListener('keydown', (e) => { if (e.key === '#') window.__bench.keys.push(performance.now()) }, true)
  window.__kubedeckTerminalProbe = {
    written(id, data, at) {
      const b = window.__bench
      if (!b.first) b.first = at
      b.bytes += data.length
      b.last = at
      for (let i = data.indexOf('#'); i >= 0; i = data.indexOf('#', i + 1)) b.hashes.push(at)
      if (data.includes('kd-done')) b.done = at
      if (data.includes('${PROMPT}')) b.prompts.push(at)
    }
  }
`

interface Result {
  rawSeconds: number
  rawBytes: number
  ptySeconds: number
  ptyBytes: number
  termSeconds: number
  termBytes: number
  echoMs: number[]
  ctrlCMs: number[]
}

async function rawSsh(lab: LabInfo, host: string, pty = false): Promise<{ seconds: number; bytes: number }> {
  const started = performance.now()
  let bytes = 0
  await new Promise<void>((resolve, reject) => {
    const child = spawn('ssh', ['-F', lab.sshConfig, ...(pty ? ['-tt', '-o', 'LogLevel=ERROR'] : []), host, FLOOD], { stdio: ['ignore', 'pipe', 'inherit'] })
    child.stdout.on('data', (d: Buffer) => (bytes += d.length))
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ssh exited ${code}`))))
  })
  return { seconds: (performance.now() - started) / 1000, bytes }
}

async function typeLine(page: Page, line: string): Promise<void> {
  await page.locator('.terminal-host .xterm-helper-textarea').focus()
  await page.keyboard.type(line)
  await page.keyboard.press('Enter')
}

/** Polls a page expression (through the DevTools protocol: the app's CSP forbids eval in the page). */
async function pageCondition(page: Page, expression: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await page.evaluate(expression))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))] : NaN
}

export async function benchTerminals(): Promise<Result> {
  const lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
  const host = lab.hosts[0].name
  const home = tempDir('kubedeck-bench-terminals-home-')
  mkdirSync(join(home, '.ssh'), { mode: 0o700 })
  writeFileSync(join(home, '.ssh', 'config'), `Include ${lab.sshConfig}\n`, { mode: 0o600 })
  const app = await startApp({ env: { HOME: home, KUBECONFIG: lab.kubeconfig } })
  try {
    const page = app.page
    await app.context.addInitScript(PROBE)
    await page.reload()
    await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor()
    await page.getByRole('button', { name: 'Nodes' }).click()
    const row = page.locator(`[data-testid="node-row"][data-host="node/${host}"]`)
    await row.waitFor({ timeout: 30_000 })
    await row.getByTestId('open-host-terminal').click()
    await page.locator('[data-testid="terminal-status"][data-state="connected"]').waitFor({ timeout: 30_000 })
    await typeLine(page, `PS1='kd''$ '`)
    await pageCondition(page, 'window.__bench.prompts.length > 0', 15_000)

    const raw = await rawSsh(lab, host)
    const pty = await rawSsh(lab, host, true)

    // Throughput, with a '#' typed every 100 ms: its echo comes back through the same flood.
    await page.evaluate(`Object.assign(window.__bench, { bytes: 0, first: 0, last: 0, done: 0, hashes: [], keys: [] })`)
    await typeLine(page, `${FLOOD}; printf 'kd-%s\\n' done`)
    await pageCondition(page, 'window.__bench.bytes > 1000000', 60_000)
    let flooding = true
    const typing = (async () => {
      while (flooding) {
        await page.keyboard.press('#')
        await new Promise((r) => setTimeout(r, 100))
      }
    })()
    await pageCondition(page, 'window.__bench.done > 0', 600_000)
    flooding = false
    await typing
    // The typed '#'s form a comment line for the shell once the flood ends.
    await page.keyboard.press('Enter')
    const flood = (await page.evaluate(`window.__bench`)) as { bytes: number; first: number; done: number; hashes: number[]; keys: number[] }
    // Echoes of the keys typed during the flood (the last ones may come after it).
    const echoMs = flood.keys.map((k, i) => flood.hashes[i] - k).filter((ms) => Number.isFinite(ms))

    const ctrlCMs: number[] = []
    for (let i = 0; i < CTRL_C_ROUNDS; i++) {
      await typeLine(page, 'yes')
      await page.waitForTimeout(3000)
      await page.evaluate(`window.__bench.prompts = []; window.__bench.ctrlC = performance.now()`)
      await page.keyboard.press('Control+c')
      await pageCondition(page, 'window.__bench.prompts.some((t) => t > window.__bench.ctrlC)', 30_000)
      ctrlCMs.push((await page.evaluate(`window.__bench.prompts.find((t) => t > window.__bench.ctrlC) - window.__bench.ctrlC`)) as number)
    }
    await app.screenshot('bench-terminals')
    return { rawSeconds: raw.seconds, rawBytes: raw.bytes, ptySeconds: pty.seconds, ptyBytes: pty.bytes, termSeconds: (flood.done - flood.first) / 1000, termBytes: flood.bytes, echoMs, ctrlCMs }
  } finally {
    await app.close()
    rmSync(home, { recursive: true, force: true })
  }
}

export function report(r: Result): string {
  const mbs = (bytes: number, s: number) => bytes / 1e6 / s
  const term = mbs(r.termBytes, r.termSeconds)
  const raw = mbs(r.rawBytes, r.rawSeconds)
  const pty = mbs(r.ptyBytes, r.ptySeconds)
  return [
    `terminals: ${FLOOD}`,
    `  raw ssh > /dev/null   ${(r.rawBytes / 1e6).toFixed(0)} MB in ${r.rawSeconds.toFixed(2)} s = ${raw.toFixed(1)} MB/s`,
    `  ssh -tt > /dev/null   ${(r.ptyBytes / 1e6).toFixed(0)} MB in ${r.ptySeconds.toFixed(2)} s = ${pty.toFixed(1)} MB/s   (through the remote pty)`,
    `  xterm.js (rendered)   ${(r.termBytes / 1e6).toFixed(0)} MB in ${r.termSeconds.toFixed(2)} s = ${term.toFixed(1)} MB/s   (aim ≥ 25)`,
    `  ratio terminal/raw    ${(term / raw).toFixed(3)}   (terminal/ssh -tt ${(term / pty).toFixed(3)})`,
    `  echo under flood      p50 ${pct(r.echoMs, 0.5).toFixed(1)} ms, p95 ${pct(r.echoMs, 0.95).toFixed(1)} ms over ${r.echoMs.length} keys   (aim p95 ≤ 50)`,
    `  Ctrl-C after yes      median ${pct(r.ctrlCMs, 0.5).toFixed(0)} ms, max ${Math.max(...r.ctrlCMs).toFixed(0)} ms over ${r.ctrlCMs.length} rounds   (aim ≤ 300)`
  ].join('\n')
}

if (import.meta.url === `file://${process.argv[1]}`) {
  benchTerminals().then(
    (r) => console.log(report(r)),
    (e: unknown) => {
      console.error(e)
      process.exitCode = 1
    }
  )
}
