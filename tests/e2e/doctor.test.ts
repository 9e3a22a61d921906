// The Doctor page on the lab (kubeadm-1) in Chromium: a run reads the API and both hosts over
// SSH (the lab's ssh config, included from ~/.ssh/config), shows findings by area with their
// fixes and no error on a healthy lab; the contexts list then carries the context's health dot,
// which opens the Doctor page on it.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectl, labSkipReason, requireLab, type LabInfo } from '../lab'
import { LAB_INSTANCE } from '../integration/terminals/support'
import { startApp, tempDir, type AppUnderTest } from './harness'

const skip = labSkipReason()

describe.skipIf(!!skip)(`the Doctor page in the browser ${skip ?? ''}`, () => {
  let lab: LabInfo
  let app: AppUnderTest
  let page: Page
  let home: string

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    home = tempDir('kubedeck-e2e-doctor-home-')
    mkdirSync(join(home, '.ssh'), { mode: 0o700 })
    writeFileSync(join(home, '.ssh', 'config'), `Include ${lab.sshConfig}\n`, { mode: 0o600 })
    app = await startApp({ env: { HOME: home, KUBECONFIG: lab.kubeconfig } })
    page = app.page
  })
  afterAll(async () => {
    await app?.close()
    if (home) rmSync(home, { recursive: true, force: true })
  })

  it('runs every check, shows no error on a healthy lab, and marks the context in the contexts list', async () => {
    await page.getByRole('button', { name: 'Doctor', exact: true }).click()
    await page.getByTestId('doctor-run').click()
    await page.getByTestId('doctor-summary').waitFor({ timeout: 120_000 })
    expect(await page.locator('[data-testid="doctor-finding"][data-severity="error"]').count()).toBe(0)
    expect(await page.getByTestId('doctor-unknown').count()).toBe(0)
    // The lab's hosts run no time service: a warning per host, with the command that installs one.
    const sync = page.locator('[data-testid="doctor-finding"][data-check="time.sync"]')
    expect(await sync.count()).toBe(lab.hosts.length)
    expect(await sync.first().getByTestId('doctor-fix-command').textContent()).toContain('chrony')
    expect(await page.getByTestId('doctor-summary').textContent()).toMatch(/^0 errors, \d+ warnings; \d+ checks in [\d.]+ s$/)
    await app.screenshot('doctor')

    await page.getByRole('button', { name: 'Contexts', exact: true }).click()
    const dot = page.getByTestId('health-dot').first()
    await dot.waitFor({ timeout: 10_000 })
    expect(await dot.getAttribute('data-worst')).toBe('warning')
    await dot.click()
    await page.getByTestId('doctor-page').waitFor()
    expect(await page.getByTestId('doctor-summary').count()).toBe(1)
    expect(app.consoleErrors()).toEqual([])
  })

  it('shows every component’s version as the cluster reports it, and kubeadm upgrade plan from the control plane', async () => {
    await page.getByRole('button', { name: 'Doctor', exact: true }).click()
    await page.getByTestId('upgrade-open').click()
    const dialog = page.getByTestId('upgrade-dialog')
    await dialog.getByTestId('upgrade-versions').waitFor({ timeout: 120_000 })
    const rows = await dialog
      .getByTestId('upgrade-versions')
      .locator('tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
    const kubelets = (await kubectl(lab, ['get', 'nodes', '-o', 'jsonpath={range .items[*]}{.metadata.name} {.status.nodeInfo.kubeletVersion}{"\\n"}{end}'])).stdout
      .trim()
      .split('\n')
    for (const line of kubelets) expect(rows).toContainEqual([line.split(' ')[0], 'kubelet', line.split(' ')[1]])
    expect(rows.some((r) => r[1] === 'kube-apiserver')).toBe(true)
    const plan = await dialog.getByTestId('upgrade-plan').textContent()
    expect(plan).toMatch(/upgrade/i)
    await app.screenshot('doctor-upgrade')
    await page.keyboard.press('Escape')
  })
})
