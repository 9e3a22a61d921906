// The Nodes page and SSH prompts end to end: the built app in web mode, Debian's Chromium,
// the lab's API server and sshd (node hosts behind a bastion). Nodes and ~/.ssh/config hosts
// with the targets ssh would use; an unknown host key asked about in the page (fingerprint
// shown, trust and save); password (asked again after a wrong one) and keyboard-interactive
// prompts; a changed host key refused with OpenSSH's warning, then repaired from the page;
// editing a target with a live `ssh -G` preview. Screenshots go to test-results/e2e/.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectl, labSkipReason, replaceHostKey, requireLab, restoreHostKey, type LabInfo } from '../lab'
import { startApp, tempDir, type AppUnderTest } from './harness'

const skip = labSkipReason()

describe.skipIf(!!skip)(`Nodes page and SSH prompts in the browser ${skip ?? ''}`, () => {
  let lab: LabInfo
  let home: string
  let app: AppUnderTest
  let page: Page

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: process.env.KUBEDECK_SSH_LAB_INSTANCE ?? 'ssh', bastion: true })
    home = tempDir('kubedeck-e2e-nodes-home-')
    mkdirSync(join(home, '.ssh'), { mode: 0o700 })
    copyFileSync(lab.knownHosts, join(home, '.ssh', 'known_hosts_copy'))
    const pwHost = lab.hosts.find((h) => h.name === lab.passwordHost.host)!
    const passwordBlock = (alias: string, method: string) => [
      `Host ${alias}`,
      `  HostName ${pwHost.address}`,
      `  User ${lab.passwordHost.user}`,
      `  PreferredAuthentications ${method}`,
      '  IdentityAgent none',
      '  IdentityFile /nonexistent',
      '  ProxyJump bastion',
      `  UserKnownHostsFile ${lab.knownHosts}`,
      ''
    ]
    // First value wins: these come before the lab's own entries (Include), as a person would override them.
    writeFileSync(
      join(home, '.ssh', 'config'),
      [
        'Host node-1',
        '  UserKnownHostsFile ~/.ssh/known_hosts_e2e',
        '  StrictHostKeyChecking ask',
        'Host node-2',
        '  UserKnownHostsFile ~/.ssh/known_hosts_copy',
        '  StrictHostKeyChecking ask',
        '',
        ...passwordBlock('pw-node', 'password'),
        ...passwordBlock('kbd-node', 'keyboard-interactive'),
        // An Include inside a Host block only applies to that block's hosts (as in ssh).
        'Host *',
        `  Include ${lab.sshConfig}`,
        ''
      ].join('\n'),
      { mode: 0o600 }
    )
    app = await startApp({ env: { HOME: home, KUBECONFIG: lab.kubeconfig } })
    page = app.page
    await page.getByRole('button', { name: 'Nodes' }).click()
    await page.getByTestId('nodes-table').waitFor({ timeout: 30_000 })
  })
  afterAll(async () => {
    await app?.close()
    if (home) rmSync(home, { recursive: true, force: true })
  })

  const row = (id: string) => page.locator(`[data-testid="node-row"][data-host="${id}"]`)
  const result = (id: string) => row(id).locator('xpath=following-sibling::tr[1]').getByTestId('node-test-result')

  it('lists the cluster’s nodes and the ~/.ssh/config hosts with the targets ssh would use', async () => {
    await row('node/node-2').waitFor()
    const ids = await page.getByTestId('node-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host')))
    expect(ids).toEqual(['node/node-1', 'node/node-2', 'config/pw-node', 'config/kbd-node', 'config/bastion'])
    expect(await row('node/node-1').getByTestId('node-target').textContent()).toBe(`root@${lab.hosts[0].address}`)
    expect(await row('node/node-1').getByTestId('node-target-origin').getAttribute('data-origin')).toBe('ssh-config')
    expect(await row('node/node-1').textContent()).toContain('control-plane')
    expect(await row('node/node-1').textContent()).toContain('bastion')
    expect(await row('config/pw-node').getByTestId('node-target').textContent()).toBe(`${lab.passwordHost.user}@${lab.hosts[1].address}`)
    await app.screenshot('nodes-page')
  })

  it('asks about an unknown host key in the page, then connects and saves it', async () => {
    await row('node/node-1').getByTestId('node-test').click()
    const dialog = page.getByTestId('ssh-host-key-prompt')
    await dialog.waitFor({ timeout: 30_000 })
    expect(await dialog.getByTestId('host-key-fingerprint').textContent()).toBe(lab.hosts[0].hostKeyFingerprint)
    expect(await dialog.textContent()).toContain(join(home, '.ssh', 'known_hosts_e2e'))
    await app.screenshot('ssh-host-key-prompt')
    await dialog.getByTestId('host-key-save').click()
    const r = result('node/node-1')
    await r.waitFor({ timeout: 30_000 })
    expect(await r.getAttribute('data-ok')).toBe('true')
    expect(await r.textContent()).toContain('Connected as root with publickey')
    // Debian's /etc/ssh/ssh_config says HashKnownHosts yes, so the name is hashed, as ssh would; ssh-keygen finds it.
    const saved = join(home, '.ssh', 'known_hosts_e2e')
    expect(readFileSync(saved, 'utf8')).toMatch(/^\|1\|\S+ ssh-ed25519 AAAA/)
    expect(spawnSync('ssh-keygen', ['-F', lab.hosts[0].address, '-f', saved]).status).toBe(0)
  })

  it('asks for a password again after a wrong one, without offering to remember it in web mode', async () => {
    await row('config/pw-node').getByTestId('node-test').click()
    const dialog = page.getByTestId('ssh-secret-prompt')
    await dialog.waitFor({ timeout: 30_000 })
    expect(await dialog.getByTestId('secret-remember').count()).toBe(0)
    expect(await dialog.textContent()).toContain('Not remembered')
    await dialog.getByTestId('secret-input').fill('not the password')
    await dialog.getByTestId('secret-ok').click()
    await page.getByTestId('secret-retry').waitFor({ timeout: 30_000 })
    await app.screenshot('ssh-password-retry')
    await page.getByTestId('ssh-secret-prompt').getByTestId('secret-input').fill(lab.passwordHost.password)
    await page.getByTestId('ssh-secret-prompt').getByTestId('secret-ok').click()
    const r = result('config/pw-node')
    await r.waitFor({ timeout: 30_000 })
    expect(await r.textContent()).toContain(`Connected as ${lab.passwordHost.user} with password`)
  })

  it('relays keyboard-interactive prompts', async () => {
    await row('config/kbd-node').getByTestId('node-test').click()
    const dialog = page.getByTestId('ssh-kbd-prompt')
    await dialog.waitFor({ timeout: 30_000 })
    expect(await dialog.getByTestId('kbd-input').getAttribute('type')).toBe('password')
    await dialog.getByTestId('kbd-input').fill(lab.passwordHost.password)
    await dialog.getByTestId('kbd-ok').click()
    const r = result('config/kbd-node')
    await r.waitFor({ timeout: 30_000 })
    expect(await r.textContent()).toContain('with keyboard-interactive')
  })

  it('refuses a changed host key with OpenSSH’s warning, and removes the old line only when asked', async () => {
    const rotated = await replaceHostKey(lab, 'node-2')
    try {
      await row('node/node-2').getByTestId('node-test').click()
      const r = result('node/node-2')
      await r.waitFor({ timeout: 30_000 })
      expect(await r.getAttribute('data-code')).toBe('ssh.host-key-changed')
      expect(await r.locator('pre').textContent()).toContain('WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!')
      expect(await r.textContent()).toContain(`${join(home, '.ssh', 'known_hosts_copy')}:`)
      await app.screenshot('ssh-host-key-changed')
      await r.getByTestId('node-forget-key').click()
      await page.getByTestId('forget-key-confirm').click()
      const dialog = page.getByTestId('ssh-host-key-prompt')
      await dialog.waitFor({ timeout: 30_000 })
      expect(await dialog.getByTestId('host-key-fingerprint').textContent()).toBe(rotated.current)
      await dialog.getByTestId('host-key-once').click()
      await page.locator(`[data-testid="node-row"][data-host="node/node-2"] + tr [data-testid="node-test-result"][data-ok="true"]`).waitFor({ timeout: 30_000 })
      expect(readFileSync(join(home, '.ssh', 'known_hosts_copy'), 'utf8')).not.toContain('node-2,')
    } finally {
      await restoreHostKey(lab, 'node-2')
    }
  })

  it('edits a target with a live ssh -G preview, keeps it, and resets it to the default', async () => {
    await row('node/node-1').getByTestId('node-edit').click()
    const dialog = page.getByTestId('host-target-dialog')
    await dialog.waitFor()
    await dialog.getByTestId('host-target-port').fill('2222')
    await dialog.getByTestId('host-target-user').fill('core')
    await dialog.getByTestId('host-target-preview').getByText('port 2222').waitFor()
    const preview = await dialog.getByTestId('host-target-preview').textContent()
    expect(preview).toContain('user core')
    expect(preview).toContain(`hostname ${lab.hosts[0].address}`)
    expect(preview).toContain('proxyjump bastion')
    await app.screenshot('host-target-dialog')
    await dialog.getByTestId('host-target-save').click()
    await dialog.waitFor({ state: 'detached' })
    expect(await row('node/node-1').getByTestId('node-target').textContent()).toBe(`core@${lab.hosts[0].address}:2222`)
    expect(await row('node/node-1').getByTestId('node-target-origin').getAttribute('data-origin')).toBe('custom')
    expect(existsSync(join(app.dataDir, 'ssh-inventory.json'))).toBe(true)

    await page.reload()
    await page.getByRole('button', { name: 'Nodes' }).click()
    await row('node/node-1').waitFor({ timeout: 30_000 })
    expect(await row('node/node-1').getByTestId('node-target').textContent()).toBe(`core@${lab.hosts[0].address}:2222`)
    await row('node/node-1').getByTestId('node-edit').click()
    await page.getByTestId('host-target-reset').click()
    await page.getByTestId('host-target-dialog').waitFor({ state: 'detached' })
    expect(await row('node/node-1').getByTestId('node-target-origin').getAttribute('data-origin')).toBe('ssh-config')
    expect(app.consoleErrors()).toEqual([])
  })

  it('drains a node from its row: a plan that names the budget that blocks, the node cordoned, then uncordoned', async () => {
    const NS = 'kd-e2e-drain'
    const k = async (...args: string[]) => (await kubectl(lab, args, { timeoutMs: 120_000 })).stdout.trim()
    const unschedulable = async () => (await k('get', 'node', 'node-1', '-o', 'jsonpath={.spec.unschedulable}')) === 'true'
    await kubectl(lab, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=true', '--timeout=90s'], { timeoutMs: 120_000 })
    await kubectl(lab, ['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Namespace
metadata: { name: ${NS} }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: guarded, namespace: ${NS} }
spec:
  replicas: 1
  selector: { matchLabels: { app: guarded } }
  template:
    metadata: { labels: { app: guarded } }
    spec:
      nodeSelector: { kubernetes.io/hostname: node-1 }
      tolerations: [{ key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule }]
      containers: [{ name: app, image: registry.k8s.io/pause:3.10 }]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: { name: guarded-pdb, namespace: ${NS} }
spec: { minAvailable: 1, selector: { matchLabels: { app: guarded } } }
`
    })
    try {
      await kubectl(lab, ['-n', NS, 'rollout', 'status', 'deployment/guarded', '--timeout=90s'], { timeoutMs: 120_000 })
      await kubectl(lab, ['-n', NS, 'wait', '--for=jsonpath={.status.currentHealthy}=1', 'pdb/guarded-pdb', '--timeout=60s'], { timeoutMs: 90_000 })
      const guarded = await k('-n', NS, 'get', 'pods', '-l', 'app=guarded', '-o', 'jsonpath={.items[0].metadata.uid}')

      await row('node/node-1').getByTestId('node-drain').click()
      const options = page.getByTestId('drain-dialog')
      await options.waitFor()
      expect(await options.getByTestId('drain-ignore-daemonsets').isChecked()).toBe(true)
      await options.getByTestId('drain-force').check()
      await options.getByTestId('drain-timeout').fill('12')
      await options.getByTestId('drain-plan').click()
      const plan = page.getByTestId('node-plan-dialog').getByTestId('plan-view')
      await plan.waitFor()
      // The plan says what kubectl would say, and, opened, each pod it evicts.
      expect(await plan.textContent()).toContain('ignoring DaemonSet-managed Pods')
      await plan.getByRole('button', { name: 'Expand all' }).click()
      expect(await plan.textContent()).toContain(`kubectl evict ${NS}/guarded-`)
      await app.screenshot('drain-plan')
      await plan.getByTestId('plan-confirm-input').fill(lab.context)
      await plan.getByTestId('plan-run').click()
      await expect.poll(() => plan.getAttribute('data-state'), { timeout: 60_000 }).toBe('failed')
      // The plan view names the budget that blocked and the pod it kept; that pod was not deleted.
      expect(await plan.textContent()).toContain(`PodDisruptionBudget ${NS}/guarded-pdb`)
      expect(await k('-n', NS, 'get', 'pods', '-l', 'app=guarded', '-o', 'jsonpath={.items[0].metadata.uid}')).toBe(guarded)
      expect(await unschedulable()).toBe(true)
      await app.screenshot('drain-blocked')
      await page.getByTestId('node-plan-dialog').press('Escape')
      await row('node/node-1').getByTestId('node-cordoned').waitFor()

      // Uncordon from the row: a plan of its own.
      await row('node/node-1').getByTestId('node-schedule').click()
      const undo = page.getByTestId('node-plan-dialog').getByTestId('plan-view')
      await undo.getByTestId('plan-confirm-input').fill(lab.context)
      await undo.getByTestId('plan-run').click()
      await expect.poll(() => undo.getAttribute('data-state'), { timeout: 30_000 }).toBe('succeeded')
      expect(await unschedulable()).toBe(false)
      await page.getByTestId('node-plan-dialog').press('Escape')
      await row('node/node-1').getByTestId('node-cordoned').waitFor({ state: 'detached' })
      expect(app.consoleErrors()).toEqual([])
    } finally {
      await kubectl(lab, ['uncordon', 'node-1'], { allowFailure: true })
      await kubectl(lab, ['delete', 'namespace', NS, '--ignore-not-found', '--wait=false'], { allowFailure: true })
      // What the drain evicted from node-1 (a CoreDNS replica) is placed again before the next file needs it.
      await kubectl(lab, ['-n', 'kube-system', 'rollout', 'status', 'deployment/coredns', '--timeout=120s'], { timeoutMs: 150_000, allowFailure: true })
    }
  })
})
