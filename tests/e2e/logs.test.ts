// The log viewer end to end on kubeadm-1: the built app in web mode, Debian's Chromium, logs
// served by kwok through the real API server. A workload's logs (the demo deployment, every pod
// merged and followed), search with n of total, include/exclude filters, saving everything
// received to a file; a pod with a million lines, scrolled from end to start; a node's kubelet
// journal opened from the Nodes page. Screenshots go to test-results/e2e/.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addLoggingPod, hostRun, kubectl, labDown, labSkipReason, requireLab, type LabInfo } from '../lab'
import { labHome, startApp, type AppUnderTest } from './harness'

const skip = labSkipReason()
const INSTANCE = process.env.KUBEDECK_LOGS_LAB_INSTANCE ?? 'logs'
const MILLION = 1_000_000

describe.skipIf(!!skip)(`log viewer in the browser ${skip ?? ''}`, () => {
  let lab: LabInfo
  let home: string
  let app: AppUnderTest
  let page: Page

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: INSTANCE })
    home = labHome(lab.sshConfig, 'kubedeck-e2e-logs-home-')
    app = await startApp({ env: { HOME: home, KUBECONFIG: lab.kubeconfig } })
    page = app.page
    await page.getByRole('button', { name: 'Logs', exact: true }).click()
  })
  afterAll(async () => {
    await app?.close()
    if (home) rmSync(home, { recursive: true, force: true })
    if (lab) await labDown(INSTANCE)
  })

  const open = async (fill: () => Promise<void>) => {
    await page.getByTestId('log-tab-new').click()
    await fill()
    await page.getByTestId('log-open').click()
    await page.getByTestId('log-viewer').waitFor({ timeout: 30_000 })
  }

  it("follows a workload's pods merged, searches, filters and saves everything received", async () => {
    const replicas = Number((await kubectl(lab, ['-n', 'demo', 'get', 'deployment', 'web', '-o', 'jsonpath={.status.readyReplicas}'])).stdout)
    await open(async () => {
      await page.getByTestId('log-kind-workload').check()
      await page.getByTestId('log-namespace').fill('demo')
      await page.getByTestId('log-workload').fill('deployment/web')
    })
    const sources = page.getByTestId('log-sources').getByRole('button')
    await expect.poll(() => sources.count(), { timeout: 30_000 }).toBe(replicas)
    const status = page.getByTestId('log-status')
    await expect.poll(async () => Number((await status.textContent())!.match(/of ([\d,]+) held/)![1].replace(/,/g, '')), { timeout: 30_000 }).toBeGreaterThan(50)
    await page.getByTestId('log-include').fill('request=\\d*[05]$')
    const shown = await page.locator('.log-line').allTextContents()
    expect(shown.length).toBeGreaterThan(3)
    for (const line of shown) expect(line).toMatch(/request=\d*[05]$/)
    await page.getByTestId('log-search').fill('request=\\d*0$')
    await expect.poll(async () => (await page.getByTestId('log-search-count').textContent()) ?? '').toMatch(/^1 of \d+$/)
    expect(await page.locator('.log-line mark').count()).toBeGreaterThan(0)
    await app.screenshot('logs-workload')
    await page.getByTestId('log-include').fill('')
    await page.getByTestId('log-exclude').fill('healthz')
    await expect.poll(() => page.locator('.log-line').count()).toBe(0)
    await page.getByTestId('log-exclude').fill('')

    const file = join(home, 'web.log')
    await page.getByTestId('log-save').click()
    await page.getByTestId('log-save-path').fill(file)
    await page.getByTestId('log-save-go').click()
    await page.getByTestId('log-saved').waitFor()
    const saved = readFileSync(file, 'utf8').trim().split('\n')
    const held = Number((await status.textContent())!.match(/of ([\d,]+) held/)![1].replace(/,/g, ''))
    expect(saved.length).toBeGreaterThanOrEqual(held)
    expect(saved[0]).toMatch(/^\[pod\/web-[^/]+\/web\] /)
    // A file that is there is not replaced.
    await page.getByTestId('log-save-go').click()
    expect(await page.getByRole('alert').last().textContent()).toContain('exists')
    expect(existsSync(file)).toBe(true)
    // The whole current log of each pod, read again through the API: at least what was received.
    const whole = join(home, 'web-whole.log')
    await page.getByTestId('log-save-path').fill(whole)
    await page.getByTestId('log-save-full').check()
    await page.getByTestId('log-save-go').click()
    await expect.poll(() => existsSync(whole), { timeout: 30_000 }).toBe(true)
    expect(readFileSync(whole, 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(saved.length)
    await page.getByTestId('log-close').click()
  })

  it('holds a million lines and scrolls them from the end to the start', async () => {
    const host = lab.hosts[lab.hosts.length - 1].name
    const pod = await addLoggingPod(lab, { namespace: 'logs-e2e', name: 'million', files: { app: [] }, host })
    // A million CRI lines written on the host, served by kwok as the pod's log.
    await hostRun(
      lab,
      host,
      `awk 'BEGIN { for (i = 0; i < ${MILLION}; i++) printf "2026-12-06T01:%02d:%02d.%09dZ stdout F line %d of the million\\n", int(i / 60000) % 60, int(i / 1000) % 60, i, i }' > ${pod.logFile}`,
      { timeoutMs: 120_000 }
    )
    await open(async () => {
      await page.getByTestId('log-kind-pod').check()
      await page.getByTestId('log-namespace').fill('logs-e2e')
      await page.getByTestId('log-pod').fill('million')
      await page.getByTestId('log-follow-option').uncheck()
      await page.getByTestId('log-tail').fill('')
    })
    const status = page.getByTestId('log-status')
    await expect.poll(async () => (await status.textContent()) ?? '', { timeout: 180_000, interval: 1000 }).toContain(`of ${MILLION.toLocaleString('en-US')} held`)
    const lines = page.getByTestId('log-lines')
    await expect.poll(async () => (await lines.textContent()) ?? '').toContain('line 999999 of the million')
    await app.screenshot('logs-million-end')
    const started = Date.now()
    await lines.evaluate((el) => (el.scrollTop = 0))
    await expect.poll(async () => (await lines.textContent()) ?? '', { timeout: 5000 }).toContain('line 0 of the million')
    await lines.evaluate((el) => (el.scrollTop = el.scrollHeight / 2))
    await expect.poll(async () => (await lines.textContent()) ?? '', { timeout: 5000 }).toMatch(/line 5\d{5} of the million/)
    expect(Date.now() - started).toBeLessThan(5000)
    await page.getByTestId('log-search').fill('line 123456 of')
    await expect.poll(async () => await page.getByTestId('log-search-count').textContent(), { timeout: 10_000 }).toBe('1 of 1')
    await page.getByTestId('log-search').press('Enter')
    await expect.poll(async () => (await lines.textContent()) ?? '').toContain('line 123456 of the million')
    await app.screenshot('logs-million-search')
    await page.getByTestId('log-close').click()
  })

  it("opens a node's kubelet journal from the Nodes page, in 简体中文 too", async () => {
    const host = lab.hosts[0].name
    await page.getByRole('button', { name: 'Nodes', exact: true }).click()
    await page.getByTestId(`host-logs-${host}`).click()
    await expect.poll(async () => await page.getByTestId('log-host').inputValue()).toBe(host)
    await page.getByTestId('log-open').click()
    await page.getByTestId('log-viewer').waitFor({ timeout: 30_000 })
    await expect.poll(async () => (await page.getByTestId('log-lines').textContent()) ?? '', { timeout: 30_000 }).toMatch(/kubelet/)
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
    await page.getByRole('button', { name: '跟踪中' }).waitFor()
    await app.screenshot('logs-node-zh')
    expect(app.consoleErrors()).toEqual([])
  })
})
