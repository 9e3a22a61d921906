// First use, as a new admin meets it: the state the window shows never claims a change the app
// could not confirm. Here the app (web mode) goes away mid-session: a Ctrl+K switch is refused
// at once, the list and the title bar go back to the context the files still name, the message
// says Kubedeck itself is unreachable (not that the kubeconfig files are unreadable), and the
// files are unchanged (kubectl is the oracle). No cluster is needed.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, type AppUnderTest } from './harness'

const kubeconfig = (current: string) => `apiVersion: v1
kind: Config
current-context: ${current}
clusters:
- name: a
  cluster: { server: 'https://127.0.0.1:1' }
- name: b
  cluster: { server: 'https://127.0.0.1:2' }
users:
- name: u
  user: { token: t }
contexts:
- name: first
  context: { cluster: a, user: u }
- name: second
  context: { cluster: b, user: u }
`

/** The app over a fresh HOME whose only kubeconfig holds "first" (current) and "second". */
async function startWithTwoContexts(prefix: string): Promise<{ home: string; file: string; app: AppUnderTest }> {
  const home = mkdtempSync(join(tmpdir(), prefix))
  const file = join(home, 'config')
  writeFileSync(file, kubeconfig('first'))
  const app = await startApp({ env: { HOME: home, KUBECONFIG: file } })
  await app.page.getByTestId('active-context').waitFor()
  return { home, file, app }
}

async function stop(app: AppUnderTest | undefined, home: string | undefined): Promise<void> {
  await app?.close()
  if (home) rmSync(home, { recursive: true, force: true })
}

describe('first use: import without typing a path', () => {
  let home: string
  let file: string
  let app: AppUnderTest
  const contexts = () =>
    execFileSync('kubectl', ['config', 'get-contexts', '-o', 'name'], { env: { ...process.env, KUBECONFIG: file }, encoding: 'utf8' })
      .trim()
      .split('\n')
      .sort()

  beforeAll(async () => {
    ;({ home, file, app } = await startWithTwoContexts('kubedeck-e2e-import-'))
  })
  afterAll(() => stop(app, home))

  it('imports a file chosen with the picker, then a pasted kubeconfig, as kubectl then lists them', async () => {
    const { page } = app
    const picked = join(home, 'picked.yaml')
    writeFileSync(
      picked,
      kubeconfig('x')
        .replace(/first/g, 'picked-ctx')
        .replace(/second/g, 'picked-two')
        .replace(/name: a\b/, 'name: pa')
        .replace(/cluster: a\b/, 'cluster: pa')
    )
    await page.getByTestId('open-import').click()
    await page.getByTestId('import-file').setInputFiles(picked)
    // A picked file is previewed at once (the name it came from heads the preview).
    await page.getByTestId('import-dialog').getByText('picked-two').waitFor()
    expect(await page.getByTestId('import-dialog').textContent()).toContain('picked.yaml')
    await page.getByTestId('dialog-submit').click()
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' })
    await expect.poll(contexts).toEqual(['first', 'picked-ctx', 'picked-two', 'second'])

    await page.getByTestId('open-import').click()
    await page.getByTestId('import-paste').click()
    await page.getByTestId('import-text').fill(
      kubeconfig('x')
        .replace(/first/g, 'pasted-ctx')
        .replace(/second/g, 'pasted-two')
    )
    await page.getByTestId('import-text').blur()
    await page.getByTestId('dialog-submit').click()
    await page.getByText('pasted text').first().waitFor()
    await app.screenshot('import-pasted-preview')
    await page.getByTestId('dialog-submit').click()
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' })
    await expect.poll(contexts).toEqual(['first', 'pasted-ctx', 'pasted-two', 'picked-ctx', 'picked-two', 'second'])
    expect(app.consoleErrors()).toEqual([])
  })

  it('says in Settings where its data is, which PATH exec plugins run with, and its lock timeout and thresholds', async () => {
    const { page } = app
    await page.getByRole('button', { name: 'Settings' }).click()
    await page.getByTestId('settings-about').waitFor()
    expect(await page.getByTestId('settings-data-dir').textContent()).toBe(app.dataDir)
    expect((await page.getByTestId('settings-login-path').textContent())!.split(':')).toContain('/usr/bin')
    const about = (await page.getByTestId('settings-about').textContent())!
    expect(about).toMatch(/5 s \(KUBEDECK_LOCK_TIMEOUT_MS\)/)
    expect(about).toMatch(/expiring within 30 days; critical within \d+ days/)
    await app.screenshot('settings')
    expect(app.consoleErrors()).toEqual([])
  })
})

describe('first use: errors from the app in the reader language', () => {
  let home: string
  let app: AppUnderTest

  beforeAll(async () => {
    ;({ home, app } = await startWithTwoContexts('kubedeck-e2e-zh-errors-'))
  })
  afterAll(() => stop(app, home))

  it('words import errors made by the app in 简体中文, names and paths as they are', async () => {
    const { page } = app
    await page.getByRole('combobox', { name: 'Language' }).first().selectOption('zh-CN')
    await page.getByTestId('open-import').getByText('导入…').waitFor()
    // A folder typed as a path: main says it, the window words it in the reader's language.
    const folder = join(home, 'my "configs" $(id)')
    mkdirSync(folder)
    await page.getByTestId('open-import').click()
    await page.getByTestId('import-path').fill(folder)
    await page.getByTestId('dialog-submit').click()
    const error = page.getByTestId('import-dialog').getByRole('alert')
    await error.waitFor()
    expect(await error.getAttribute('data-code')).toBe('kubeconfig.import-folder')
    const text = (await error.textContent())!
    expect(text).toContain(`${folder} 是文件夹而不是文件；未导入任何内容。`)
    expect(text).toContain(`${folder}/config`)
    expect(text).not.toMatch(/nothing was imported|is a folder/)
    // A manifest picked with the picker: the sentence nested in another is worded too.
    const manifest = join(home, 'web.yaml')
    writeFileSync(manifest, 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n')
    await page.getByTestId('import-file').setInputFiles(manifest)
    await expect.poll(async () => (await error.textContent()) ?? '').toContain('web.yaml 是 Kubernetes Deployment 清单（apps/v1），不是 kubeconfig；未导入任何内容。')
    // The private staged copy is not what the reader picked: it is not named.
    expect(await error.textContent()).not.toContain(app.dataDir)
    await app.screenshot('import-error-zh')
    await page.keyboard.press('Escape')
    // The cluster pages of a cluster that does not answer: said (in the reader's language), not "listing…" forever.
    await page.getByRole('button', { name: '集群', exact: true }).click()
    await expect.poll(async () => (await page.getByTestId('list-error').textContent()) ?? '', { timeout: 20_000 }).toContain('无法读取列表')
    expect(await page.getByTestId('list-count').textContent()).toBe('')
    expect(await page.getByTestId('list-row').count()).toBe(0)
    await page.getByRole('button', { name: '概览', exact: true }).click()
    // Each part says it could not be read; the page itself stands.
    await expect.poll(async () => (await page.getByTestId('overview-nodes').textContent()) ?? '', { timeout: 30_000 }).toContain('无法读取：')
    await app.screenshot('overview-unreachable-zh')
    expect(app.consoleErrors()).toEqual([])
  })
})

describe('first use: state that never lies', () => {
  let home: string
  let file: string
  let app: AppUnderTest

  beforeAll(async () => {
    ;({ home, file, app } = await startWithTwoContexts('kubedeck-e2e-first-use-'))
  })
  afterAll(() => stop(app, home))

  it('a switch made while the app is gone is refused at once and shows nothing that did not happen', async () => {
    const { page } = app
    expect(await page.getByTestId('active-context').getAttribute('data-name')).toBe('first')
    const before = readFileSync(file, 'utf8')

    app.server.kill('SIGKILL')
    await page.locator('[data-testid="connection-state"][data-state="closed"]').waitFor({ timeout: 10_000 })
    expect(await page.getByTestId('connection-state').textContent()).toBe('Kubedeck is not reachable: reconnecting…')

    await page.keyboard.press('Control+k')
    await page.getByTestId('switcher-input').waitFor()
    await page.keyboard.type('second')
    await page.keyboard.press('Enter')
    await page.locator('.notice-error').filter({ hasText: 'Kubedeck itself is not reachable' }).waitFor({ timeout: 5000 })
    await expect.poll(() => page.getByTestId('active-context').getAttribute('data-name')).toBe('first')
    expect(await page.locator('[data-testid="context-row"][data-name="first"]').getAttribute('class')).toMatch(/\bactive\b/)
    expect(await page.locator('[data-testid="context-row"][data-name="second"]').getAttribute('class')).not.toMatch(/\bactive\b/)
    // Not blamed on the files.
    expect(await page.getByTestId('contexts-load-error').count()).toBe(0)
    expect(readFileSync(file, 'utf8')).toBe(before)
    expect(execFileSync('kubectl', ['config', 'current-context'], { env: { ...process.env, KUBECONFIG: file }, encoding: 'utf8' }).trim()).toBe('first')
    await app.screenshot('first-use-app-gone')
  })
})
