// The Certificates page end to end on kubeadm-1: the built app in web mode, Debian's Chromium,
// the lab's hosts over SSH. The page reads every host; the API server's certificate is aged into
// the past (kubectl fails as users see it); the page shows it expired, with the finding; the
// renewal plan is built, confirmed with the context name and run from the page, after which
// the table shows it valid and kubectl works again. In Chinese too. Screenshots go to
// test-results/e2e/.
import { rmSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ageCertificate, kubeadmPki, kubectl, labDown, labSkipReason, opensslTime, requireLab, type LabInfo } from '../lab'
import { labHome, startApp, type AppUnderTest } from './harness'

const skip = labSkipReason()
const INSTANCE = process.env.KUBEDECK_CERTS_LAB_INSTANCE ?? 'certs'

describe.skipIf(!!skip)(`certificates page: an expired API server certificate found and renewed in the browser ${skip ?? ''}`, () => {
  let lab: LabInfo
  let home: string
  let app: AppUnderTest
  let page: Page
  let cp: string

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: INSTANCE })
    cp = lab.hosts.find((h) => h.roles.includes('control-plane'))!.name
    home = labHome(lab.sshConfig, 'kubedeck-e2e-certs-home-')
    app = await startApp({ env: { HOME: home, KUBECONFIG: lab.kubeconfig } })
    page = app.page
    await page.getByRole('button', { name: 'Certificates', exact: true }).click()
  })
  afterAll(async () => {
    await app?.close()
    if (home) rmSync(home, { recursive: true, force: true })
    if (lab) await labDown(INSTANCE)
  })

  it('reads every host: one table per host, the timeline, what to do', async () => {
    const table = page.getByTestId(`certs-table-${cp}`)
    await table.waitFor({ timeout: 90_000 })
    expect(await page.getByTestId(`cert-row-${cp}-apiserver`).first().getAttribute('data-status')).toBe('ok')
    expect(await page.getByTestId('certs-timeline').getByRole('listitem').count()).toBeGreaterThan(10)
    expect(await page.getByTestId('certs-findings').textContent()).toContain('kubelet.conf')
    // Details: SANs and the chain up to the CA, the key checked on the host.
    await page.getByTestId(`cert-row-${cp}-apiserver`).first().click()
    const details = page.getByTestId('cert-details')
    expect(await details.textContent()).toContain('DNS:kubernetes.default.svc')
    expect(await details.textContent()).toContain('apiserver ← ca ✓')
    expect(await details.textContent()).toContain('belongs to it')
    await app.screenshot('certs-overview')
  })

  it('shows the expired certificate and renews it from the page', async () => {
    await ageCertificate(lab, cp, { ...kubeadmPki('apiserver'), notBefore: opensslTime(-400), notAfter: opensslTime(-3) })
    await expect.poll(async () => (await kubectl(lab, ['get', 'nodes'], { allowFailure: true })).stderr, { timeout: 90_000, interval: 2000 }).toMatch(/certificate has expired/)
    await page.getByTestId('certs-read').click()
    const row = page.getByTestId(`cert-row-${cp}-apiserver`).first()
    await expect.poll(() => row.getAttribute('data-status'), { timeout: 90_000 }).toBe('expired')
    expect(await page.getByTestId('certs-counts').textContent()).toMatch(/expired/)
    expect(await page.getByTestId('certs-findings').textContent()).toMatch(/apiserver \(.*\) expired on/)
    await app.screenshot('certs-expired')

    await page.getByTestId(`certs-renew-${cp}-apiserver`).click()
    const plan = page.getByTestId('plan-view')
    await plan.waitFor({ timeout: 60_000 })
    expect(await plan.getAttribute('data-state')).toBe('planned')
    expect(await page.getByTestId(`plan-step-renew:${cp}`).textContent()).toContain(`Renew 1 certificate on ${cp}`)
    await app.screenshot('certs-plan')
    await page.getByTestId('plan-confirm-input').fill(lab.context)
    await page.getByTestId('plan-run').click()
    await expect.poll(() => plan.getAttribute('data-state'), { timeout: 240_000, interval: 1000 }).toMatch(/succeeded|failed|refused/)
    const error = await page
      .getByTestId('plan-error')
      .textContent({ timeout: 1000 })
      .catch(() => '')
    expect(await plan.getAttribute('data-state'), error ?? '').toBe('succeeded')
    // The outcome says how long it took and what changed; rolling back is offered, not first.
    expect(await page.getByTestId('plan-outcome').textContent()).toMatch(/^Done in .*Renew 1 certificate on/)
    expect(await page.getByTestId('plan-rollback-offer').isVisible()).toBe(true)
    await app.screenshot('certs-renewed-plan')

    await page.getByTestId('certs-plan-back').click()
    await expect.poll(() => page.getByTestId(`cert-row-${cp}-apiserver`).first().getAttribute('data-status'), { timeout: 90_000 }).toBe('ok')
    expect((await kubectl(lab, ['get', 'nodes'])).code).toBe(0)
    // The history lists the run: when, how long, what, how it ended.
    const history = page.getByTestId('operations-list').getByTestId('operation-row').first()
    expect(await history.getAttribute('data-state')).toBe('succeeded')
    expect(await history.textContent()).toMatch(/\d+(\.\d)? s.*Renew certificates of .*certs\.renew/)
    await app.screenshot('certs-after')
  })

  it('speaks Chinese', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
    await page.getByRole('heading', { name: `证书 · ${lab.context}` }).waitFor()
    expect(await page.getByTestId(`cert-row-${cp}-apiserver`).first().textContent()).toContain('正常')
    expect(await page.getByTestId('certs-counts').textContent()).toMatch(/个正常/)
    await app.screenshot('certs-zh')
    expect(app.consoleErrors()).toEqual([])
  })
})
