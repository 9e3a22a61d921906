// Log viewer benchmark on the lab (kubeadm-1). Prints; asserts nothing.
//
//   follow     500,000 lines of a pod followed into the rendered viewer (the built app in web
//              mode, Chromium) against `kubectl logs -f` of the same pod to /dev/null, same run.
//              Aims: ≥ 0.5× kubectl, ≥ 20,000 lines/s.
//   first line from "Open" to the first row drawn (aim ≤ 0.5 s).
//   memory     the renderer's JS heap holding 1,000,000 lines (aim ≤ 400 MB).
//   merged     20 pods × 10,000 lines through `kubedeck logs -l` (merged in time order) against
//              `kubectl logs -l … --tail=-1` (one pod after another).
//
// Run: npx tsx tests/bench/logs.bench.ts   (root; the lab instance "logs-bench" is brought down at the end)
import { spawn } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, tempDir } from '../e2e/harness'
import { runBuiltKubedeck } from '../kits/programs'
import { addLoggingPod, hostRun, labDown, requireLab, type LabInfo } from '../lab'
import { seconds } from './by-hand'

const INSTANCE = process.env.KUBEDECK_LOGS_BENCH_INSTANCE ?? 'logs-bench'
const KUBECTL = process.env.KUBEDECK_ORACLE_KUBECTL ?? '/usr/bin/kubectl'

/** Writes `n` CRI lines into a pod's log file on its host (awk on the host: fast). */
async function fill(lab: LabInfo, host: string, file: string, n: number, tag: string): Promise<void> {
  await hostRun(
    lab,
    host,
    `awk 'BEGIN { for (i = 0; i < ${n}; i++) printf "2026-12-06T01:%02d:%02d.%09dZ stdout F ${tag} line %d GET /api/v1/namespaces/default/pods 200 12ms\\n", int(i / 60000) % 60, int(i / 1000) % 60, i, i }' > ${file}`,
    { timeoutMs: 300_000 }
  )
}

/** `kubectl logs ARGS` until `lines` lines came (or it ended): seconds, and seconds to its first line. */
function kubectlUntil(lab: LabInfo, args: string[], lines: number): Promise<{ total: number; first: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    const child = spawn(KUBECTL, ['--kubeconfig', lab.kubeconfig, 'logs', ...args], { stdio: ['ignore', 'pipe', 'ignore'] })
    let n = 0
    let first = 0
    child.stdout.on('data', (d: Buffer) => {
      if (!first) first = seconds(started)
      for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) n++
      if (n >= lines) {
        resolve({ total: seconds(started), first })
        child.kill()
      }
    })
    child.on('error', reject)
    child.on('close', () => resolve({ total: seconds(started), first }))
  })
}

/** Waits until the viewer says it holds `n` lines (polled every 100 ms, up to 10 minutes). */
async function held(page: import('playwright-core').Page, n: number): Promise<void> {
  const want = `of ${n.toLocaleString('en-US')} held`
  const deadline = Date.now() + 600_000
  while (!((await page.getByTestId('log-status').textContent()) ?? '').includes(want)) {
    if (Date.now() > deadline) throw new Error(`the viewer never held ${n} lines`)
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function main(): Promise<void> {
  const lab = await requireLab('kubeadm-1', { instance: INSTANCE })
  const host = lab.hosts[lab.hosts.length - 1].name
  const home = tempDir('kubedeck-bench-logs-')
  mkdirSync(join(home, '.ssh'), { mode: 0o700 })
  writeFileSync(join(home, '.ssh', 'config'), `Include ${lab.sshConfig}\n`, { mode: 0o600 })
  const app = await startApp({ env: { HOME: home, KUBECONFIG: lab.kubeconfig } })
  try {
    const FOLLOW = 500_000
    const fast = await addLoggingPod(lab, { namespace: 'bench', name: 'fast', files: { app: [] }, host })
    await fill(lab, host, fast.logFile, FOLLOW, 'fast')
    const { total: ref, first: refFirst } = await kubectlUntil(lab, ['-n', 'bench', 'fast', '-f'], FOLLOW)

    const page = app.page
    await page.getByRole('button', { name: 'Logs', exact: true }).click()
    await page.getByTestId('log-kind-pod').check()
    await page.getByTestId('log-namespace').fill('bench')
    await page.getByTestId('log-pod').fill('fast')
    await page.getByTestId('log-tail').fill('')
    const started = performance.now()
    await page.getByTestId('log-open').click()
    await page.locator('.log-row').first().waitFor({ timeout: 60_000 })
    const first = seconds(started)
    await held(page, FOLLOW)
    const ours = seconds(started)
    console.log(
      `follow ${FOLLOW.toLocaleString()} lines: viewer ${ours.toFixed(2)} s (${Math.round(FOLLOW / ours).toLocaleString()} lines/s) vs kubectl logs -f to /dev/null ${ref.toFixed(2)} s (${Math.round(FOLLOW / ref).toLocaleString()} lines/s) → ratio ${(ref / ours).toFixed(2)} (aims ≥ 0.5, ≥ 20,000 lines/s)`
    )
    console.log(`time to first line: ${(first * 1000).toFixed(0)} ms, drawn (aim ≤ 500 ms); kubectl's first line on its stdout ${(refFirst * 1000).toFixed(0)} ms`)
    await page.getByTestId('log-close').click()
    // KUBEDECK_LOGS_BENCH_ONLY=follow: the first measurement only (while tuning).
    if (process.env.KUBEDECK_LOGS_BENCH_ONLY === 'follow') return

    const million = await addLoggingPod(lab, { namespace: 'bench', name: 'million', files: { app: [] }, host })
    await fill(lab, host, million.logFile, 1_000_000, 'million')
    await page.getByTestId('log-tab-new').click()
    await page.getByTestId('log-kind-pod').check()
    await page.getByTestId('log-namespace').fill('bench')
    await page.getByTestId('log-pod').fill('million')
    await page.getByTestId('log-follow-option').uncheck()
    await page.getByTestId('log-tail').fill('')
    await page.getByTestId('log-open').click()
    await held(page, 1_000_000)
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('HeapProfiler.collectGarbage')
    await cdp.send('Performance.enable')
    const metrics = (await cdp.send('Performance.getMetrics')).metrics
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1048576
    console.log(`renderer JS heap with 1,000,000 lines: ${heap.toFixed(0)} MB (aim ≤ 400 MB)`)

    const PODS = 20
    const PER = 10_000
    for (let i = 0; i < PODS; i++) {
      const p = await addLoggingPod(lab, { namespace: 'bench-merge', name: `p${i}`, files: { app: [] }, host, labels: { merge: 'yes' } })
      await fill(lab, host, p.logFile, PER, `p${i}`)
    }
    const env = { PATH: process.env.PATH, HOME: home, KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: join(home, 'data') }
    let t = performance.now()
    const r = await runBuiltKubedeck(['logs', '-n', 'bench-merge', '-l', 'merge=yes', '--tail=-1'], env, home)
    const kd = seconds(t)
    t = performance.now()
    const k = (await kubectlUntil(lab, ['-n', 'bench-merge', '-l', 'merge=yes', '--tail=-1'], PODS * PER)).total
    console.log(
      `${PODS} pods × ${PER.toLocaleString()} lines: kubedeck logs -l (merged in time order) ${kd.toFixed(2)} s, ${r.stdout.split('\n').length - 1} lines vs kubectl logs -l (one after another) ${k.toFixed(2)} s → ratio ${(kd / k).toFixed(2)}`
    )
  } finally {
    await app.close()
    rmSync(home, { recursive: true, force: true })
    await labDown(INSTANCE)
  }
}

await main()
