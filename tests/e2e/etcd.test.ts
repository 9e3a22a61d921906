// The etcd page end to end on kubeadm-1: the built app in web mode, Debian's Chromium, the
// lab's API server, sshd and etcd. Discovery and health; the backup wizard (snapshot into the
// catalog, verified again from the catalog); the restore wizard (choose the snapshot, review,
// build the plan, type the context name, run) until the restored cluster answers — the
// namespace made after the backup is gone. Screenshots go to test-results/e2e/.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hostExec, kubectl, labDown, labSkipReason, requireLab, waitForApiServer, type LabInfo } from '../lab'
import { labHome, startApp, type AppUnderTest } from './harness'

const skip = labSkipReason()
const INSTANCE = process.env.KUBEDECK_ETCD_LAB_INSTANCE ?? 'etcd'

async function namespaces(lab: LabInfo): Promise<string[]> {
  return (await kubectl(lab, ['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}'])).stdout.trim().split(/\s+/)
}

describe.skipIf(!!skip)(`etcd page: backup and restore wizards in the browser ${skip ?? ''}`, () => {
  let lab: LabInfo
  let home: string
  let app: AppUnderTest
  let page: Page

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: INSTANCE })
    await kubectl(lab, ['delete', 'namespace', 'before', 'after', '--ignore-not-found', '--wait=true', '--timeout=90s'], { timeoutMs: 120_000 })
    home = labHome(lab.sshConfig, 'kubedeck-e2e-etcd-home-')
    app = await startApp({ env: { HOME: home, KUBECONFIG: lab.kubeconfig } })
    page = app.page
    await page.getByRole('button', { name: 'etcd', exact: true }).click()
  })
  afterAll(async () => {
    await app?.close()
    if (home) rmSync(home, { recursive: true, force: true })
    if (lab) await labDown(INSTANCE)
  })

  it('discovers the member and shows its health, configuration and findings', async () => {
    await page.getByTestId('etcd-layout').waitFor({ timeout: 60_000 })
    expect(await page.getByTestId('etcd-layout').textContent()).toBe('kubeadm · members: 1')
    const state = page.getByTestId('etcd-health-state')
    await state.waitFor({ timeout: 60_000 })
    expect(await state.getAttribute('data-ok')).toBe('true')
    const member = lab.etcd.members[0]
    const row = page.getByTestId(`etcd-endpoint-${member.name}`)
    expect(await row.getAttribute('data-healthy')).toBe('true')
    expect(await row.textContent()).toContain(lab.etcd.serverVersion)
    expect(await row.textContent()).toContain('leader')
    expect(await page.getByTestId(`etcd-member-${member.name}`).textContent()).toContain('/etc/kubernetes/manifests/etcd.yaml')
    expect(await page.getByTestId('etcd-findings').textContent()).toContain('consistent')
    await app.screenshot('etcd-overview')
  })

  it('backup wizard: a verified snapshot lands in the catalog', async () => {
    await kubectl(lab, ['create', 'namespace', 'before'])
    await page.getByTestId('etcd-tab-backups').click()
    await page.getByTestId('etcd-backup-start').click()
    const result = page.getByTestId('etcd-backup-result')
    await result.waitFor({ timeout: 120_000 })
    const file = (await page.getByTestId('etcd-backup-file').textContent())!
    expect(file.startsWith(join(app.dataDir, 'etcd-backups'))).toBe(true)
    expect(await result.textContent()).toMatch(/revision [\d,]+, [\d,]+ keys/)
    const row = page.getByTestId('etcd-snapshot-row')
    await expect.poll(() => row.count()).toBe(1)
    await app.screenshot('etcd-backup')
    await row.getByTestId('etcd-snapshot-verify').click()
    await expect.poll(() => row.getByTestId('etcd-snapshot-verified').getAttribute('data-ok')).toBe('true')
    await kubectl(lab, ['create', 'namespace', 'after'])
  })

  it('restore wizard: review, build the plan, confirm with the context name, run to a restored cluster', async () => {
    await page.getByTestId('etcd-snapshot-restore').click()
    const wizard = page.getByTestId('etcd-restore-wizard')
    await wizard.waitFor()
    expect(await wizard.getByTestId('etcd-restore-snapshot').first().isChecked()).toBe(true)
    await app.screenshot('etcd-restore-wizard')
    await page.getByTestId('etcd-restore-plan').click()
    const plan = page.getByTestId('plan-view')
    await plan.waitFor({ timeout: 60_000 })
    expect(await plan.getAttribute('data-state')).toBe('planned')
    const node = lab.hosts.find((h) => h.etcdMember)!.name
    await page.getByTestId(`plan-step-restore:${node}`).getByRole('button').click()
    expect(await page.getByTestId(`plan-step-restore:${node}`).textContent()).toContain('snapshot restore')
    await app.screenshot('etcd-restore-plan')

    // Before Run: how long it should take, and how long the API will be away.
    expect(await page.getByTestId('plan-estimate').textContent()).toMatch(/about \d.*API will be unavailable for about \d/)
    // Where each line runs: the upload's ssh/sftp lines from this machine, a member's commands on its host.
    expect(
      await page
        .getByTestId(`plan-step-upload:${node}`)
        .getByRole('button')
        .first()
        .click()
        .then(() => page.getByTestId(`plan-step-upload:${node}`).textContent())
    ).toContain('this machine $ ssh')
    const english = Object.fromEntries(
      await page.locator('.plan-step').evaluateAll((els) => els.map((e) => [e.getAttribute('data-step')!, e.querySelector('.plan-title')!.textContent!] as [string, string]))
    )

    const run = page.getByTestId('plan-run')
    expect(await run.isDisabled()).toBe(true)
    await page.getByTestId('plan-confirm-input').fill('not-the-context')
    expect(await run.isDisabled()).toBe(true)
    await page.getByTestId('plan-confirm-input').fill(lab.context)
    await run.click()
    await expect.poll(() => plan.getAttribute('data-state'), { timeout: 30_000 }).toBe('running')
    // Where the run is, always in view: step N of M, its title, the time so far.
    expect(await page.getByTestId('plan-progress').textContent()).toMatch(/^Step \d+ of \d+ · .+ · [\d.]+ s$/)
    const progress = async () => Number(/^Step (\d+)/.exec((await page.getByTestId('plan-progress').textContent()) ?? '')?.[1] ?? 0)
    const firstStep = await progress()
    await page.getByTestId(`plan-step-stop-apiserver:${node}`).waitFor()
    await expect.poll(() => page.getByTestId(`plan-step-move-aside:${node}`).getAttribute('data-status'), { timeout: 120_000 }).not.toBe('pending')
    // The bar moved on, says since when the API is down, and the running step is on screen.
    expect(await progress()).toBeGreaterThan(firstStep)
    expect(await page.getByTestId('plan-api-down').textContent()).toMatch(/API down since .+\(\d[\d. ms]*\)/)
    const current = page.locator('.plan-step[data-status="running"]').or(page.locator('.plan-step[data-status="succeeded"]').last()).first()
    const box = await current.boundingBox()
    const viewport = page.viewportSize()!
    const inView = !!box && box.y + box.height > 0 && box.y < viewport.height
    expect(inView).toBe(true)
    await app.screenshot('etcd-restore-running')
    await expect.poll(() => plan.getAttribute('data-state'), { timeout: 240_000, interval: 1000 }).toMatch(/succeeded|failed|refused/)
    const error = await page
      .getByTestId('plan-error')
      .textContent({ timeout: 1000 })
      .catch(() => '')
    expect(await plan.getAttribute('data-state'), error ?? '').toBe('succeeded')
    // The outcome: how long, how long the API was away, what changed, what to do next, what was kept.
    const outcome = page.getByTestId('plan-outcome')
    expect(await outcome.textContent()).toMatch(/^Done in \d[\d. ms]*\./)
    expect(await page.getByTestId('plan-api-downtime').textContent()).toMatch(/API was unavailable for \d[\d. ms]*\./)
    expect(await page.getByTestId('plan-next').textContent()).toContain(`kubectl --context ${lab.context} get nodes`)
    expect(await page.getByTestId('plan-leftovers').textContent()).toContain('.kubedeck-aside-')
    expect(await page.getByTestId('plan-rollback-offer').isVisible()).toBe(true)
    // Every ✓ step shows its check's last attempt passing (polled checks show each attempt).
    await page.getByText('Expand all').click()
    const shown = await page.locator('.plan-step[data-status="succeeded"]').evaluateAll((els) =>
      els.map((e) => ({
        step: e.getAttribute('data-step'),
        took: !!e.querySelector('.plan-took'),
        checks: [...e.querySelectorAll('[data-testid="plan-record"][data-phase="check"]')].map((r) => r.getAttribute('data-result'))
      }))
    )
    expect(shown.length).toBe(Object.keys(english).length)
    for (const s of shown) {
      expect(s.took, s.step!).toBe(true)
      if (s.checks.length) expect(s.checks.at(-1), `${s.step}: ${s.checks.join(' ')}`).toBe('ok')
      expect(
        s.checks.slice(0, -1).every((r) => r === 'retry'),
        `${s.step}: ${s.checks.join(' ')}`
      ).toBe(true)
    }
    expect(shown.some((s) => s.checks.length > 1)).toBe(true)
    await app.screenshot('etcd-restore-done')

    await waitForApiServer(lab)
    const ns = await namespaces(lab)
    expect(ns).toContain('before')
    expect(ns).not.toContain('after')

    // History: the run with when and how long, and the backup before it.
    await page.getByTestId('etcd-plan-back').click()
    await page.getByTestId('etcd-tab-history').click()
    const runRow = page.getByTestId('operation-row').first()
    expect(await runRow.getAttribute('data-state')).toBe('succeeded')
    expect(await runRow.textContent()).toMatch(/\d[\d.]* s.*Restore etcd of/)
    expect(await page.getByTestId('history-row').first().textContent()).toMatch(/Backup of .* at revision/)
    await app.screenshot('etcd-history')

    // The same plan in 简体中文: no step keeps its English title.
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
    await page.getByTestId('operation-row').first().getByRole('button').click()
    await page.getByTestId('plan-view').waitFor()
    const zh = Object.fromEntries(
      await page.locator('.plan-step').evaluateAll((els) => els.map((e) => [e.getAttribute('data-step')!, e.querySelector('.plan-title')!.textContent!] as [string, string]))
    )
    for (const [id, title] of Object.entries(english)) {
      expect(zh[id], id).not.toBe(title)
      expect(zh[id], id).toMatch(/[\u4e00-\u9fff]/)
    }
    expect(await page.locator('.plan-view h2').textContent()).toMatch(/^用 .* 恢复 .* 的 etcd$/)
    await app.screenshot('etcd-restore-zh')
    await page.getByRole('combobox', { name: '语言' }).selectOption('en')

    // What the restore set aside is removed by its own plan; then the restore can no longer be rolled back.
    const asideCount = async () => (await hostExec(lab, node, 'ls -d /var/lib/etcd.kubedeck-aside-* 2>/dev/null | wc -l')).stdout.trim()
    expect(await asideCount()).toBe('1')
    await page.getByTestId('plan-remove-leftovers').click()
    await expect.poll(() => page.locator('.plan-view h2').textContent()).toMatch(/^Remove what “Restore etcd of/)
    await page.getByTestId('plan-confirm-input').fill(lab.context)
    await page.getByTestId('plan-run').click()
    await expect.poll(() => page.getByTestId('plan-view').getAttribute('data-state'), { timeout: 60_000 }).toBe('succeeded')
    expect(await asideCount()).toBe('0')
    expect(app.consoleErrors()).toEqual([])
  })

  it('reads in 简体中文 too', async () => {
    await page.getByTestId('etcd-plan-back').click()
    await page.getByTestId('etcd-tab-overview').click()
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
    await page.getByRole('tab', { name: '健康与拓扑' }).waitFor()
    await page.getByTestId('etcd-health-refresh').click()
    await expect.poll(() => page.getByTestId('etcd-health-refresh').isDisabled(), { timeout: 60_000 }).toBe(false)
    expect(await page.getByTestId('etcd-health-state').getAttribute('data-ok')).toBe('true')
    expect(await page.getByTestId('etcd-health-state').textContent()).toBe('健康')
    await app.screenshot('etcd-overview-zh')
    expect(app.consoleErrors()).toEqual([])
  })
})
