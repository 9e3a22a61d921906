// The etcd page end to end on kubeadm-1: the built app in web mode, Debian's Chromium, the
// lab's API server, sshd and etcd. Discovery and health; the backup wizard (snapshot into the
// catalog, verified again from the catalog); the restore wizard (choose the snapshot, review,
// build the plan, type the context name, run) until the restored cluster answers — the
// namespace made after the backup is gone. Screenshots go to test-results/e2e/.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectl, labDown, labSkipReason, requireLab, waitForApiServer, type LabInfo } from '../lab'
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

    const run = page.getByTestId('plan-run')
    expect(await run.isDisabled()).toBe(true)
    await page.getByTestId('plan-confirm-input').fill('not-the-context')
    expect(await run.isDisabled()).toBe(true)
    await page.getByTestId('plan-confirm-input').fill(lab.context)
    await run.click()
    await expect.poll(() => plan.getAttribute('data-state'), { timeout: 30_000 }).toBe('running')
    // Where the run is, always in view: step N of M, its title, the time so far.
    expect(await page.getByTestId('plan-progress').textContent()).toMatch(/^Step \d+ of \d+ · .+ · [\d.]+ s$/)
    await page.getByTestId(`plan-step-stop-apiserver:${node}`).waitFor()
    await expect.poll(() => page.getByTestId(`plan-step-move-aside:${node}`).getAttribute('data-status'), { timeout: 120_000 }).not.toBe('pending')
    await app.screenshot('etcd-restore-running')
    await expect.poll(() => plan.getAttribute('data-state'), { timeout: 240_000, interval: 1000 }).toMatch(/succeeded|failed|refused/)
    const error = await page
      .getByTestId('plan-error')
      .textContent({ timeout: 1000 })
      .catch(() => '')
    expect(await plan.getAttribute('data-state'), error ?? '').toBe('succeeded')
    await app.screenshot('etcd-restore-done')

    await waitForApiServer(lab)
    const ns = await namespaces(lab)
    expect(ns).toContain('before')
    expect(ns).not.toContain('after')
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
