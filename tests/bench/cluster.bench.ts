// Cluster views at 10,000 pods (kwok runs them on the lab's nodes), against kubectl in the same
// run. Prints; asserts nothing.
//
//   full list   `kubedeck get pods -A` and the app's Cluster page until every row is in, against
//               `kubectl get pods -A` (aim ≤ kubectl's wall time)
//   first rows  the Cluster page opened until its first rows are drawn (aim ≤ 1 s)
//   updates     100 pod changes a second for 10 s while the list shows: frame time p95 (aim ≤ 33 ms)
//   memory      renderer JS heap and the server (main) process's RSS with the list open (aim ≤ 500 MB each)
//
// Run: npx tsx tests/bench/cluster.bench.ts (needs root for the lab; builds out/ if stale).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startApp, tempDir, repoRoot } from '../e2e/harness'
import { kubectl, loadPods, requireLab, unloadPods } from '../lab'
import { clientFromKubeconfig } from '../lab/host/kube-client'
import { seconds, sh } from './by-hand'

const PODS = 10_000
const NS = 'kd-bench-load'
const LAB_INSTANCE = process.env.KUBEDECK_LAB_INSTANCE ?? 'terminals'

/** Frame intervals, recorded from the first frame on. */
const FRAMES = `
  window.__frames = []
  let last = 0
  const tick = (t) => { if (last) window.__frames.push(t - last); last = t; requestAnimationFrame(tick) }
  requestAnimationFrame(tick)
`

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))]
const rssMb = (pid: number) => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0) / 1024

async function main(): Promise<void> {
  const lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
  await loadPods(lab, { namespace: NS, count: PODS })
  const home = tempDir('kubedeck-bench-cluster-home-')
  try {
    const total = (await kubectl(lab, ['get', 'pods', '-A', '--no-headers'], { timeoutMs: 120_000 })).stdout.trim().split('\n').length
    const cli = join(repoRoot, 'out', 'main', 'cli.js')
    const env = ['env', `KUBECONFIG=${lab.kubeconfig}`, `HOME=${home}`, `KUBEDECK_DATA_DIR=${join(home, 'data')}`]
    const kubectlTimes: number[] = []
    const oursTimes: number[] = []
    for (let i = 0; i < 3; i++) {
      let t = performance.now()
      await sh('kubectl', ['--kubeconfig', lab.kubeconfig, 'get', 'pods', '-A'])
      kubectlTimes.push(seconds(t))
      t = performance.now()
      const r = await sh(env[0], [...env.slice(1), process.execPath, cli, 'get', 'pods', '-A', '--context', lab.context])
      oursTimes.push(seconds(t))
      if (r.code !== 0) throw new Error(`kubedeck get failed: ${r.stderr}`)
    }

    const app = await startApp({ env: { HOME: home, KUBECONFIG: lab.kubeconfig } })
    try {
      const page = app.page
      await app.context.addInitScript(FRAMES)
      await page.reload()
      await page.getByRole('button', { name: 'Cluster', exact: true }).waitFor({ timeout: 30_000 })
      const opened = performance.now()
      await page.getByRole('button', { name: 'Cluster', exact: true }).click()
      await page.getByTestId('list-row').first().waitFor({ timeout: 60_000 })
      const firstRows = seconds(opened)
      await page
        .getByTestId('list-count')
        .filter({ hasText: `${total} of ${total}` })
        .waitFor({ timeout: 120_000 })
      const fullList = seconds(opened)

      // 100 changes a second for 10 s: a label on a different pod each time (each is a watch event).
      const api = clientFromKubeconfig(lab.kubeconfig)
      await page.evaluate('window.__frames = []')
      const until = Date.now() + 10_000
      let sent = 0
      while (Date.now() < until) {
        const tickStart = Date.now()
        await Promise.all(
          Array.from({ length: 10 }, () => {
            const n = sent++ % PODS
            return api.call('PATCH', `/api/v1/namespaces/${NS}/pods/load-${n}`, { metadata: { labels: { bench: String(sent) } } }, 'application/merge-patch+json')
          })
        )
        await new Promise((r) => setTimeout(r, Math.max(0, 100 - (Date.now() - tickStart))))
      }
      const frames = (await page.evaluate('window.__frames')) as number[]

      const cdp = await page.context().newCDPSession(page)
      await cdp.send('HeapProfiler.collectGarbage')
      await cdp.send('Performance.enable')
      const heap = (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize')!.value / 1048576
      const mainRss = rssMb(app.server.pid!)
      await app.screenshot('bench-cluster')

      const k = median(kubectlTimes)
      console.log(
        [
          `cluster: ${total} pods (${PODS} of them kwok's)`,
          `  kubectl get pods -A        median ${k.toFixed(2)} s (${kubectlTimes.map((x) => x.toFixed(2)).join(', ')})`,
          `  kubedeck get pods -A       median ${median(oursTimes).toFixed(2)} s   ratio ${(median(oursTimes) / k).toFixed(2)}×   (aim ≤ 1×)`,
          `  Cluster page: first rows   ${(firstRows * 1000).toFixed(0)} ms   (aim ≤ 1000 ms)`,
          `  Cluster page: every row    ${fullList.toFixed(2)} s   ratio ${(fullList / k).toFixed(2)}× kubectl   (aim ≤ 1×)`,
          `  ${sent} pod updates in 10 s   frame time p50 ${pct(frames, 0.5).toFixed(1)} ms, p95 ${pct(frames, 0.95).toFixed(1)} ms over ${frames.length} frames   (aim p95 ≤ 33 ms)`,
          `  memory                     renderer JS heap ${heap.toFixed(0)} MB, main (server) RSS ${mainRss.toFixed(0)} MB   (aim ≤ 500 MB each)`
        ].join('\n')
      )
    } finally {
      await app.close()
    }
  } finally {
    await unloadPods(lab, NS)
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exitCode = 1
})
