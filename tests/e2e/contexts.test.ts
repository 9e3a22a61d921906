// The contexts experience end to end: the built app in web mode, driven in Debian's Chromium,
// against a KUBECONFIG of three files made here. Every change made through the UI is checked
// twice: in the UI, and on disk with the real kubectl (`config current-context`,
// `get-contexts`) reading the same files. Screenshots go to test-results/e2e/.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startApp, tempDir, type AppUnderTest } from './harness'

const KUBECTL = process.env.KUBEDECK_ORACLE_KUBECTL ?? 'kubectl'
const SECRET = 'e2e-secret-token-must-never-reach-the-renderer'

let dir: string
let files: { a: string; b: string; c: string }
let kubeconfig: string
let app: AppUnderTest
let page: Page
const calls: string[] = []
/** A TCP server that accepts and never answers: a cluster that hangs, on loopback. */
let silent: Server
const silentSockets: Socket[] = []

function kubectl(...args: string[]): string {
  return execFileSync(KUBECTL, ['config', ...args], {
    env: { PATH: process.env.PATH, HOME: app.home, KUBECONFIG: kubeconfig },
    encoding: 'utf8'
  }).trim()
}

interface OracleRow {
  current: boolean
  name: string
  cluster: string
  user: string
  namespace: string
}

/** `kubectl config get-contexts` as rows; the table is fixed-width with the header giving the columns. */
function oracleContexts(): OracleRow[] {
  const [header, ...lines] = kubectl('get-contexts').split('\n')
  const at = (col: string) => header.indexOf(col)
  const cols = [at('NAME'), at('CLUSTER'), at('AUTHINFO'), at('NAMESPACE')]
  const cut = (line: string, i: number) => line.slice(cols[i], i + 1 < cols.length ? cols[i + 1] : undefined).trim()
  return lines.map((line) => ({ current: line.startsWith('*'), name: cut(line, 0), cluster: cut(line, 1), user: cut(line, 2), namespace: cut(line, 3) }))
}

async function eventually<T>(what: string, read: () => T, ok: (v: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let last = read()
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(last)} after ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 50))
    last = read()
  }
  return last
}

async function uiRows(): Promise<{ name: string; file: string; namespace: string; cluster: string; user: string; shadowed: boolean; active: boolean }[]> {
  return page.locator('[data-testid="context-row"]').evaluateAll((els) =>
    els.map((e) => {
      const cells = [...e.querySelectorAll('.cell')].map((c) => c.textContent ?? '')
      return {
        name: e.getAttribute('data-name')!,
        file: e.getAttribute('data-file')!,
        namespace: e.getAttribute('data-namespace')!,
        cluster: cells[3],
        user: cells[4],
        shadowed: e.classList.contains('shadowed'),
        active: e.getAttribute('aria-current') === 'true'
      }
    })
  )
}

const activeWidget = () => page.getByTestId('active-context')
const row = (name: string, file: string) => page.locator(`[data-testid="context-row"][data-name="${name}"][data-file="${file}"]`)

async function quickSwitch(keys: string) {
  await page.keyboard.press('Control+k')
  await page.getByTestId('switcher-input').waitFor()
  await page.keyboard.type(keys)
}

beforeAll(async () => {
  silent = createServer((s) => silentSockets.push(s))
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()))
  const hangingPort = (silent.address() as AddressInfo).port

  dir = tempDir('kubedeck-e2e-contexts-')
  mkdirSync(join(dir, 'clusters'))
  files = { a: join(dir, 'team.yaml'), b: join(dir, 'clusters', 'staging.yaml'), c: join(dir, 'clusters', 'lab.yaml') }
  kubeconfig = [files.a, files.b, join(dir, 'does-not-exist.yaml'), files.c].join(':')
  // team.yaml: the first file, so its current-context wins (kubectl's first-definition-wins).
  writeFileSync(
    files.a,
    `# Team clusters: keep this comment
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: dev-cluster
  cluster:
    server: https://127.0.0.1:1
- name: prod-cluster
  cluster:
    server: https://127.0.0.1:${hangingPort}
    insecure-skip-tls-verify: true
contexts:
- name: dev
  context:
    cluster: dev-cluster
    user: dev-user
    namespace: team-a
- name: prod
  context:
    cluster: prod-cluster
    user: prod-admin
    namespace: payments
users:
- name: dev-user
  user:
    token: ${SECRET}
- name: prod-admin
  user:
    token: ${SECRET}-prod
`,
    { mode: 0o600 }
  )
  // staging.yaml: its own current-context is ignored, and its "dev" is shadowed by team.yaml's.
  writeFileSync(
    files.b,
    `apiVersion: v1
kind: Config
current-context: staging
clusters:
- name: staging-cluster
  cluster:
    server: https://127.0.0.1:2
contexts:
- name: staging
  context:
    cluster: staging-cluster
    user: staging-user
- name: dev
  context:
    cluster: staging-cluster
    user: staging-user
    namespace: shadowed-ns
users:
- name: staging-user
  user:
    token: ${SECRET}-staging
`,
    { mode: 0o600 }
  )
  // lab.yaml: contexts with problems the diagnostics must find before anyone connects: a client
  // certificate that expires in 12 days (made by openssl here), an exec plugin that is on no
  // PATH, and a certificate authority given relative to this file that does not exist.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '12',
      '-subj',
      '/O=system:masters/CN=kubernetes-admin',
      '-keyout',
      join(dir, 'admin.key'),
      '-out',
      join(dir, 'admin.crt')
    ],
    { stdio: 'ignore' }
  )
  const b64 = (f: string) => readFileSync(join(dir, f)).toString('base64')
  writeFileSync(
    files.c,
    `apiVersion: v1
kind: Config
clusters:
- name: kind-lab
  cluster:
    server: https://127.0.0.1:3
- name: kubeadm-lab
  cluster:
    server: https://127.0.0.1:4
- name: binary-cluster
  cluster:
    server: https://127.0.0.1:5
    certificate-authority: pki/ca.pem
- name: gke_acme_europe-west1_analytics
  cluster:
    server: https://127.0.0.1:6
x-unknown-field: kept as is
contexts:
- name: kind-lab
  context:
    cluster: kind-lab
    user: kind-lab
- name: kubeadm-lab
  context:
    cluster: kubeadm-lab
    user: kubernetes-admin
    namespace: kube-system
- name: binary-cluster
  context:
    cluster: binary-cluster
    user: kind-lab
- name: gke_acme_europe-west1_analytics
  context:
    cluster: gke_acme_europe-west1_analytics
    user: gke-user
users:
- name: kind-lab
  user:
    token: ${SECRET}-kind
- name: kubernetes-admin
  user:
    client-certificate-data: ${b64('admin.crt')}
    client-key-data: ${b64('admin.key')}
- name: gke-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: kubedeck-e2e-no-such-plugin
      provideClusterInfo: true
`,
    { mode: 0o600 }
  )
  app = await startApp({ env: { KUBECONFIG: kubeconfig } })
  page = app.page
  // Every call the renderer makes, in order (to see how many overviews a switch costs).
  page.on('websocket', (ws) =>
    ws.on('framesent', (f) => {
      const m = /"call":"([\w.]+)"/.exec(String(f.payload))
      if (m) calls.push(m[1])
    })
  )
  await page.reload()
  await page.locator('[data-testid="connection-state"][data-state="open"]').waitFor()
  await page.getByTestId('contexts-page').waitFor()
  await row('kind-lab', files.c).waitFor()
})

async function stopSilentServer(): Promise<void> {
  for (const s of silentSockets) s.destroy()
  if (silent?.listening) await new Promise<void>((r) => silent.close(() => r()))
}

afterAll(async () => {
  await app?.close()
  await stopSilentServer()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('contexts page (web mode, Chromium)', () => {
  it('lists every context of every file, as kubectl merges them, with shadowed duplicates shown', async () => {
    const oracle = oracleContexts()
    const ui = await uiRows()
    // Both "dev" contexts are listed; the one in the later file is marked shadowed, not hidden.
    expect(ui.map((r) => `${r.name}@${r.file}`).sort()).toEqual(
      [
        `dev@${files.a}`,
        `prod@${files.a}`,
        `staging@${files.b}`,
        `dev@${files.b}`,
        ...['kind-lab', 'kubeadm-lab', 'binary-cluster', 'gke_acme_europe-west1_analytics'].map((n) => `${n}@${files.c}`)
      ].sort()
    )
    expect(ui.filter((r) => r.shadowed).map((r) => `${r.name}@${r.file}`)).toEqual([`dev@${files.b}`])
    // The shadowed one is not offered a switch kubectl would refuse: renaming it is what helps.
    await row('dev', files.b).click()
    expect(await page.getByTestId('details-switch').count()).toBe(0)
    expect(await page.getByTestId('details-shadowed').textContent()).toContain('rename it, or put its file first in KUBECONFIG')
    expect(await page.getByTestId('details-rename-shadowed').textContent()).toBe('Rename it to use it…')
    // The merged view (the unshadowed rows) is exactly kubectl's get-contexts, column for column.
    const merged = ui.filter((r) => !r.shadowed)
    expect(merged.map((r) => ({ current: r.active, name: r.name, cluster: r.cluster, user: r.user, namespace: r.namespace })).sort(byName)).toEqual(oracle.sort(byName))
    expect(kubectl('current-context')).toBe('dev')
    await expect.poll(() => activeWidget().getAttribute('data-name')).toBe('dev')
    // Grouped by file in KUBECONFIG order; the missing file is listed as such.
    const sources = await page.getByTestId('source-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))
    expect(sources).toEqual([files.a, files.b, join(dir, 'does-not-exist.yaml'), files.c])
    // Secrets stay in main: no token reaches the page.
    expect(await page.content()).not.toContain(SECRET)
    await app.screenshot('contexts-list')
  })

  it('finds contexts with the fuzzy search and reports the count', async () => {
    const search = page.getByTestId('contexts-search')
    await search.fill('kndlb')
    await expect.poll(async () => (await uiRows()).map((r) => r.name)).toEqual(['kind-lab'])
    await expect.poll(() => page.getByTestId('contexts-count').textContent()).toBe('1 of 8')
    await search.fill('')
    await expect.poll(async () => (await uiRows()).length).toBe(8)
  })

  it('sorts by a column header, resizes a column by its edge, and at 1100 px hides no column under the details', async () => {
    const labNames = async () => (await uiRows()).filter((r) => r.file === files.c).map((r) => r.name)
    const fileOrder = ['kind-lab', 'kubeadm-lab', 'binary-cluster', 'gke_acme_europe-west1_analytics']
    expect(await labNames()).toEqual(fileOrder)
    // A click sorts (within each file: files keep kubectl's merge order), again the other way, a third time back.
    await page.getByTestId('sort-name').click()
    await expect.poll(labNames).toEqual([...fileOrder].sort())
    expect(await page.getByTestId('sort-name').getAttribute('data-sorted')).toBe('ascending')
    await page.getByTestId('sort-name').click()
    await expect.poll(labNames).toEqual([...fileOrder].sort().reverse())
    await page.getByTestId('sort-name').click()
    await expect.poll(labNames).toEqual(fileOrder)
    // Diagnostics, worst first: the certificate that expires and the missing files before the clean one.
    await page.getByTestId('sort-diagnostics').click()
    await page.getByTestId('sort-diagnostics').click()
    await expect.poll(async () => (await labNames()).at(-1)).toBe('kind-lab')
    await page.getByTestId('sort-diagnostics').click()

    // Dragging a column's edge widens it, and every row follows the header.
    const head = page.locator('.column-head[data-column="server"]')
    const before = (await head.boundingBox())!.width
    const edge = (await page.getByTestId('resize-server').boundingBox())!
    await page.mouse.move(edge.x + edge.width / 2, edge.y + edge.height / 2)
    await page.mouse.down()
    await page.mouse.move(edge.x + edge.width / 2 + 80, edge.y + edge.height / 2, { steps: 5 })
    await page.mouse.up()
    const after = (await head.boundingBox())!.width
    expect(after).toBeGreaterThan(before + 60)
    expect(Math.abs((await row('kind-lab', files.c).locator('.cell.server').boundingBox())!.width - after)).toBeLessThan(2)
    // Delete on the edge: the column sizes itself again.
    await page.getByTestId('resize-server').focus()
    await page.keyboard.press('Delete')
    await expect.poll(async () => Math.round((await head.boundingBox())!.width)).toBe(Math.round(before))

    // A laptop-sized window: the toolbar stays one row, and Diagnostics is never under the details.
    const toolbarHeight = (await page.locator('.contexts-toolbar').boundingBox())!.height
    await page.setViewportSize({ width: 1100, height: 800 })
    await row('kubeadm-lab', files.c).click()
    await app.screenshot('contexts-1100px')
    expect((await page.locator('.contexts-toolbar').boundingBox())!.height).toBe(toolbarHeight)
    const diagnostics = page.locator('.column-head[data-column="diagnostics"]')
    await diagnostics.scrollIntoViewIfNeeded()
    const details = (await page.getByTestId('context-details').boundingBox())!
    const box = (await diagnostics.boundingBox())!
    expect(box.x + box.width).toBeLessThanOrEqual(details.x + 1)
    expect(box.width).toBeGreaterThan(100)
    await expect(row('kubeadm-lab', files.c).locator('[data-kind="cert-expiring"]').isVisible()).resolves.toBe(true)
    await app.screenshot('contexts-1100px')
    await page.setViewportSize({ width: 1440, height: 900 })
  })

  it('shows diagnostics as chips, with the detail on hover and on keyboard focus', async () => {
    const expiring = row('kubeadm-lab', files.c).locator('[data-kind="cert-expiring"]')
    await expect(expiring.textContent()).resolves.toMatch(/^cert expires in 1[01] days$/)
    await expiring.hover()
    await expect(page.getByRole('tooltip').textContent()).resolves.toContain('kubernetes-admin')
    // The CA path is relative: resolved against the file that defines it, as kubectl does.
    const missing = row('binary-cluster', files.c).locator('[data-kind="file-missing"]')
    await missing.hover()
    await expect(page.getByRole('tooltip').textContent()).resolves.toContain(join(dir, 'clusters', 'pki', 'ca.pem'))
    await row('gke_acme_europe-west1_analytics', files.c).click()
    const plugin = page.getByTestId('context-details').locator('.chip-anchor', { has: page.locator('[data-kind="exec-plugin-missing"]') })
    await page.mouse.move(0, 0)
    await plugin.focus()
    await expect(page.getByRole('tooltip').textContent()).resolves.toContain('kubedeck-e2e-no-such-plugin')
    await app.screenshot('diagnostics')
    // A certificate chip opens the Certificates page on that context's cluster (not the active one).
    await expiring.click()
    await page.getByRole('heading', { name: 'Certificates · kubeadm-lab' }).waitFor()
    await page.getByRole('button', { name: 'Contexts', exact: true }).click()
  })

  it('adds a folder of kubeconfigs: each file its own source, a broken one named with file and line', async () => {
    const folder = join(dir, 'more')
    mkdirSync(folder)
    writeFileSync(join(folder, 'ops.yaml'), 'apiVersion: v1\nkind: Config\ncontexts:\n- name: ops\n  context:\n    cluster: kind-lab\n    user: kind-lab\n')
    writeFileSync(join(folder, 'broken.yaml'), 'apiVersion: v1\nkind: Config\ncontexts:\n- name: broken\n  context:\n    cluster: x\n   user: y\n')
    await page.getByTestId('open-folders').click()
    await page.getByTestId('folder-path').fill(folder)
    await page.keyboard.press('Enter')
    await page.getByTestId('folders-dialog').getByText(folder, { exact: true }).waitFor()
    await page.keyboard.press('Escape')
    await row('ops', join(folder, 'ops.yaml')).waitFor()
    const problem = page.getByTestId('source-problems')
    await expect(problem.textContent()).resolves.toMatch(new RegExp(`${join(folder, 'broken.yaml').replace(/[.]/g, '\\.')}:\\d+`))
    await app.screenshot('folder-sources')
    // Folders are Kubedeck's, not kubectl's: the merged view kubectl sees is unchanged.
    expect(kubectl('get-contexts', '-o', 'name').split('\n').sort()).toEqual(namesWith('prod'))

    await page.getByTestId('open-folders').click()
    await page.getByRole('button', { name: `Remove ${folder}` }).click()
    await page.getByTestId('folders-dialog').getByText(folder, { exact: true }).waitFor({ state: 'detached' })
    await page.keyboard.press('Escape')
    await row('ops', join(folder, 'ops.yaml')).waitFor({ state: 'detached' })
    expect(await page.getByTestId('source-problems').count()).toBe(0)
  })

  it('switches with Ctrl+K (Enter) and back with "-", in the UI at once and on disk for kubectl', async () => {
    await quickSwitch('stag')
    await expect.poll(() => page.getByTestId('switcher-item').first().getAttribute('data-name')).toBe('staging')
    await app.screenshot('quick-switcher')
    const before = calls.length
    await page.keyboard.press('Enter')
    await expect.poll(() => activeWidget().getAttribute('data-name')).toBe('staging')
    expect(await page.getByTestId('quick-switcher').count()).toBe(0)
    await eventually(
      'kubectl current-context',
      () => kubectl('current-context'),
      (v) => v === 'staging'
    )
    // Main records the switch before it announces it: the one reload that announcement causes
    // already has previous and recents, so the renderer asks for the overview once, not twice.
    await eventually(
      'the switch settled',
      () => calls.slice(before),
      (c) => c.includes('kubeconfig.useContext') && c.includes('kubeconfig.overview')
    )
    await page.waitForTimeout(300)
    expect(calls.slice(before).filter((c) => c.startsWith('kubeconfig.'))).toEqual(['kubeconfig.useContext', 'kubeconfig.overview'])

    await quickSwitch('-')
    await expect.poll(() => activeWidget().getAttribute('data-name')).toBe('dev')
    await eventually(
      'kubectl current-context',
      () => kubectl('current-context'),
      (v) => v === 'dev'
    )
    expect(oracleContexts().find((r) => r.current)?.name).toBe('dev')
  })

  it('sets a namespace by free text when the cluster cannot list them (nothing waits on it)', async () => {
    await page.keyboard.press('Control+Shift+K')
    await page.getByTestId('namespace-input').waitFor()
    // dev's server (127.0.0.1:1) refuses connections: the switcher says so and takes free text.
    await page.getByTestId('namespaces-unreachable').waitFor()
    await page.keyboard.type('Team_B')
    await page.keyboard.press('Enter')
    // Not a DNS-1123 label: refused in place, nothing written.
    await expect(page.locator('[data-testid="quick-switcher"] [role="alert"]').textContent()).resolves.toContain('Team_B')
    expect(oracleContexts().find((r) => r.name === 'dev')?.namespace).toBe('team-a')
    await page.getByTestId('namespace-input').fill('team-b')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.getByTestId('active-namespace').textContent()).toBe('team-b')
    await eventually(
      'kubectl namespace of dev',
      () => oracleContexts().find((r) => r.name === 'dev')?.namespace,
      (v) => v === 'team-b'
    )
  })

  it('switches to a cluster that never answers without waiting for it', async () => {
    await quickSwitch('prod')
    const entered = Date.now()
    await page.keyboard.press('Enter')
    await expect.poll(() => activeWidget().getAttribute('data-name')).toBe('prod')
    expect(Date.now() - entered).toBeLessThan(1_500)
    await eventually(
      'kubectl current-context',
      () => kubectl('current-context'),
      (v) => v === 'prod',
      15_000
    )
    // kubectl itself waits ~5 s on a current context whose server hangs; from here on the
    // server refuses instead, so the oracle answers at once.
    await stopSilentServer()
  })

  it('tests the connection of a context on demand and says why it failed', async () => {
    await row('dev', files.a).click()
    await page.getByTestId('test-connection').click()
    const report = page.getByTestId('connection-report')
    await report.waitFor({ timeout: 20_000 })
    expect(await report.getAttribute('data-ok')).toBe('false')
    expect(await report.textContent()).toMatch(/127\.0\.0\.1:1|ECONNREFUSED|refused/i)
  })

  it('tags a context red and shows it in the title bar while active, without touching the kubeconfig', async () => {
    const before = readFileSync(files.a)
    const otherWindow = await app.newPage()
    await row('prod', files.a).click()
    await page.getByRole('radio', { name: 'Red' }).click()
    await expect.poll(() => activeWidget().getAttribute('data-colour')).toBe('red')
    await app.screenshot('production-in-red')
    expect(readFileSync(files.a).equals(before)).toBe(true)
    // Every window shows it, not only the one where it was set.
    await expect.poll(() => otherWindow.getByTestId('active-context').getAttribute('data-colour')).toBe('red')
    await otherWindow.close()
  })

  it('renames: refuses a clashing name in place with nothing written, then renames as kubectl would', async () => {
    await row('prod', files.a).click()
    await page.getByTestId('context-list').focus()
    await page.keyboard.press('F2')
    const input = page.getByTestId('rename-input')
    const before = readFileSync(files.a)
    // Checked while typing: the button stays off, and the problem is said once, under the field.
    await input.fill(' prod2')
    await expect(page.getByTestId('rename-problem').textContent()).resolves.toMatch(/starts or ends with a space/)
    expect(await page.getByTestId('dialog-submit').isDisabled()).toBe(true)
    await input.fill('dev')
    const alert = page.locator('[data-testid="rename-dialog"] [role="alert"]')
    await expect.poll(() => alert.count()).toBe(1)
    await expect(alert.textContent()).resolves.toContain('dev')
    await expect(alert.textContent()).resolves.toContain(files.a)
    expect(await page.getByTestId('dialog-submit').isDisabled()).toBe(true)
    await page.keyboard.press('Enter')
    await app.screenshot('rename-refused')
    expect(readFileSync(files.a).equals(before)).toBe(true)

    await input.fill('prod-eu')
    await page.keyboard.press('Enter')
    await page.getByTestId('rename-dialog').waitFor({ state: 'detached' })
    await row('prod-eu', files.a).waitFor()
    // The write says what it did, with Undo right there.
    const toast = page.locator('.notice-info').filter({ hasText: 'Renamed prod to prod-eu' })
    await toast.waitFor()
    expect(await toast.getByTestId('notice-undo').isVisible()).toBe(true)
    const names = kubectl('get-contexts', '-o', 'name').split('\n').sort()
    expect(names).toEqual(namesWith('prod-eu'))
    // prod was the current context: kubectl's rename-context moves current-context along.
    expect(kubectl('current-context')).toBe('prod-eu')
    await expect.poll(() => activeWidget().getAttribute('data-name')).toBe('prod-eu')
    // The red tag is the context's, not the name's: it moved along.
    expect(await activeWidget().getAttribute('data-colour')).toBe('red')
    const text = readFileSync(files.a, 'utf8')
    expect(text).toContain('# Team clusters: keep this comment')
    expect(text).toContain(`token: ${SECRET}-prod`)
  })

  it('undoes the rename from the file’s history, in the UI and on disk', async () => {
    await page.getByTestId('open-undo').click()
    await page.getByTestId('undo-dialog').waitFor()
    // Undo opens on the file of the most recent change (not the first file), and says what it restores.
    await page.getByTestId('undo-version').first().waitFor()
    expect(await page.getByTestId('undo-file').inputValue()).toBe(files.a)
    expect(await page.getByTestId('undo-target').textContent()).toMatch(
      new RegExp(`^Undo puts ${files.a.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} back as it was before “.*rename-context.*”`)
    )
    // What it restores, as a diff of the file: the rename goes back; the token shows only as a fingerprint.
    const diff = page.getByTestId('undo-diff')
    await diff.getByText(/name: prod-eu/).first().waitFor()
    const diffText = (await diff.textContent())!
    expect(diffText).toMatch(/-\s*-?\s*name: prod-eu/)
    expect(diffText).toMatch(/\+\s*-?\s*name: prod\b/)
    expect(diffText).not.toContain(SECRET)
    await app.screenshot('undo-dialog')
    await page.getByTestId('dialog-submit').click()
    await row('prod', files.a).waitFor()
    expect(kubectl('current-context')).toBe('prod')
    // The undo can be undone (redo) from its notice, and the redo undone again, kubectl agreeing each time.
    const undone = page.locator('.notice-info').filter({ has: page.getByTestId('notice-redo') })
    await undone.getByTestId('notice-redo').click()
    await row('prod-eu', files.a).waitFor()
    expect(kubectl('get-contexts', '-o', 'name').split('\n').sort()).toEqual(namesWith('prod-eu'))
    expect(kubectl('current-context')).toBe('prod-eu')
    const redone = page.locator('.notice-info').filter({ hasText: /Redid “rename-context prod prod-eu”/ })
    await redone.waitFor()
    await app.screenshot('redo-notice')
    await redone.getByTestId('notice-undo').click()
    await row('prod', files.a).waitFor()
    expect(await row('prod-eu', files.a).count()).toBe(0)
    expect(kubectl('get-contexts', '-o', 'name').split('\n').sort()).toEqual(namesWith('prod'))
    expect(kubectl('current-context')).toBe('prod')
    await expect.poll(() => activeWidget().getAttribute('data-name')).toBe('prod')
    // prod is back, and so is its red tag.
    await expect.poll(() => activeWidget().getAttribute('data-colour')).toBe('red')
    await row('prod', files.a).click()
    expect(await page.getByTestId('context-details').getByRole('radio', { name: 'Red' }).getAttribute('aria-checked')).toBe('true')
  })

  it('restores an older version of a file from its history, and undoes the restore', async () => {
    await page.getByTestId('open-undo').click()
    await page.getByTestId('undo-file').selectOption(files.a)
    const versions = page.getByTestId('undo-version')
    await versions.first().waitFor()
    expect(await page.getByTestId('dialog-submit').textContent()).toBe('Undo last change')
    // The version before the namespace was set to team-b: dev in team-a, and the active context then.
    const older = versions.filter({ hasText: 'set-context dev' })
    await older.getByRole('radio').check()
    expect(await page.getByTestId('dialog-submit').textContent()).toBe('Restore this version')
    await app.screenshot('restore-dialog')
    await page.getByTestId('dialog-submit').click()
    await page.getByTestId('undo-dialog').waitFor({ state: 'detached' })
    await eventually(
      'kubectl namespace of dev',
      () => oracleContexts().find((r) => r.name === 'dev')?.namespace,
      (v) => v === 'team-a'
    )
    expect(kubectl('current-context')).toBe('dev')
    await expect.poll(() => row('dev', files.a).getAttribute('data-namespace')).toBe('team-a')
    await expect.poll(() => activeWidget().getAttribute('data-name')).toBe('dev')

    // The restore is a write like any other: Undo takes it back.
    await page.getByTestId('open-undo').click()
    await page.getByTestId('undo-file').selectOption(files.a)
    await expect(versions.first().textContent()).resolves.toContain('restore ')
    await page.getByTestId('dialog-submit').click()
    await page.getByTestId('undo-dialog').waitFor({ state: 'detached' })
    await eventually(
      'kubectl namespace of dev',
      () => oracleContexts().find((r) => r.name === 'dev')?.namespace,
      (v) => v === 'team-b'
    )
    expect(kubectl('current-context')).toBe('prod')
    await expect.poll(() => activeWidget().getAttribute('data-name')).toBe('prod')
  })

  it('imports a kubeconfig: shows the target and the renames first, then writes exactly that plan', async () => {
    // In the user's home: typed as ~/…, which main expands.
    const source = join(app.home, 'downloaded-admin.conf')
    writeFileSync(
      source,
      `apiVersion: v1
kind: Config
clusters:
- name: dev-cluster
  cluster:
    server: https://127.0.0.1:7
contexts:
- name: dev
  context:
    cluster: dev-cluster
    user: new-admin
- name: edge-01
  context:
    cluster: dev-cluster
    user: new-admin
users:
- name: new-admin
  user:
    token: ${SECRET}-import
`
    )
    const before = kubectl('get-contexts', '-o', 'name').split('\n')
    await page.getByTestId('open-import').click()
    await page.getByTestId('import-path').fill('downloaded-admin.conf')
    await page.keyboard.press('Enter')
    // A relative path is refused in place: main never sees it.
    await expect(page.locator('[data-testid="import-dialog"] [role="alert"]').textContent()).resolves.toContain('downloaded-admin.conf')
    await page.getByTestId('import-path').fill('~/downloaded-admin.conf')
    await page.keyboard.press('Enter')
    const renames = page.getByTestId('import-renames')
    await renames.waitFor()
    await expect(page.getByTestId('import-dialog').textContent()).resolves.toContain(source)
    const shown = await renames.locator('tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')))
    await app.screenshot('import-plan')
    // "dev" and "dev-cluster" exist already: the plan renames them; edge-01 comes in as is.
    const contextRename = shown.find((r) => r[1] === 'dev' && r[0] === 'context')
    expect(contextRename).toBeDefined()
    const newDev = contextRename![3]
    expect(shown.some((r) => r[0] === 'cluster' && r[1] === 'dev-cluster')).toBe(true)
    expect(kubectl('get-contexts', '-o', 'name').split('\n')).toEqual(before)
    await page.getByTestId('dialog-submit').click()
    await page.getByTestId('import-dialog').waitFor({ state: 'detached' })
    await eventually(
      'kubectl get-contexts',
      () => kubectl('get-contexts', '-o', 'name').split('\n').sort(),
      (v) => v.length === before.length + 2
    )
    const after = oracleContexts()
    expect(after.map((r) => r.name).sort()).toEqual([...before, newDev, 'edge-01'].sort())
    // The renamed context points at the renamed cluster, as the plan said.
    const renamedCluster = shown.find((r) => r[0] === 'cluster' && r[1] === 'dev-cluster')![3]
    expect(after.find((r) => r.name === newDev)?.cluster).toBe(renamedCluster)
    await row('edge-01', files.a).waitFor()
  })

  it('exports one context as a standalone kubeconfig that kubectl can use', async () => {
    await row('kind-lab', files.c).click()
    await page.getByTestId('context-details').getByRole('button', { name: 'Export…' }).click()
    // Relative to what? Refused at the field; ~/… is the user's home, expanded by main.
    await page.getByTestId('export-path').fill('exported/kind-lab.kubeconfig')
    await page.keyboard.press('Enter')
    await expect(page.locator('[data-testid="export-dialog"] [role="alert"]').textContent()).resolves.toContain('~/')
    const target = join(app.home, 'exported', 'kind-lab.kubeconfig')
    await page.getByTestId('export-path').fill('~/exported/kind-lab.kubeconfig')
    await page.keyboard.press('Enter')
    await page.getByTestId('export-dialog').waitFor({ state: 'detached' })
    const standalone = (...args: string[]) =>
      execFileSync(KUBECTL, ['config', '--kubeconfig', target, ...args], { env: { PATH: process.env.PATH, HOME: app.home }, encoding: 'utf8' }).trim()
    expect(standalone('get-contexts', '-o', 'name')).toBe('kind-lab')
    expect(standalone('current-context')).toBe('kind-lab')
    expect(standalone('view', '--raw', '-o', 'jsonpath={.users[0].user.token}')).toBe(`${SECRET}-kind`)
    expect(statSync(target).mode & 0o777).toBe(0o600)
  })

  it('deletes a context after confirmation, as kubectl config delete-context', async () => {
    await row('edge-01', files.a).click()
    await page.getByTestId('context-list').focus()
    await page.keyboard.press('Delete')
    const dialog = page.getByTestId('delete-dialog')
    await expect(dialog.textContent()).resolves.toContain('edge-01')
    // Focus starts on Cancel: Enter alone must not delete; focus then returns to the list.
    await page.keyboard.press('Enter')
    await dialog.waitFor({ state: 'detached' })
    expect(kubectl('get-contexts', '-o', 'name').split('\n')).toContain('edge-01')
    expect(await page.getByTestId('context-list').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true)
    await page.keyboard.press('Delete')
    await page.getByTestId('dialog-submit').click()
    await row('edge-01', files.a).waitFor({ state: 'detached' })
    expect(kubectl('get-contexts', '-o', 'name').split('\n')).not.toContain('edge-01')
  })

  it('adds a context with its own cluster and user, edits them from the details, and deletes all of it in one undoable step', async () => {
    const typedToken = 'typed-token-for-edge-02'
    await page.getByTestId('open-new-context').click()
    const dialog = page.getByTestId('new-context-dialog')
    await dialog.waitFor()
    await page.getByTestId('new-context-file').selectOption(files.b)
    // A name the file has already: said at the field, nothing can be sent.
    await page.getByTestId('new-context-name').fill('staging')
    await expect(page.getByTestId('new-context-problem').textContent()).resolves.toContain(files.b)
    expect(await page.getByTestId('dialog-submit').isDisabled()).toBe(true)
    await page.getByTestId('new-context-name').fill('edge-02')
    await page.getByTestId('new-context-namespace').fill('ops')
    await page.getByTestId('new-cluster-name').fill('edge-cluster')
    await page.getByTestId('cluster-server').fill('https://127.0.0.1:9')
    await page.getByTestId('new-user-name').fill('edge-admin')
    await page.getByTestId('user-token').fill(typedToken)
    await app.screenshot('new-context')
    await page.getByTestId('dialog-submit').click()
    await dialog.waitFor({ state: 'detached' })
    await row('edge-02', files.b).waitFor()
    expect(oracleContexts().find((r) => r.name === 'edge-02')).toMatchObject({ cluster: 'edge-cluster', user: 'edge-admin', namespace: 'ops' })
    expect(kubectl('view', '--raw', '-o', 'jsonpath={.users[?(@.name=="edge-admin")].user.token}')).toBe(typedToken)

    // Its cluster, edited from the details: kubectl sees the new server.
    await row('edge-02', files.b).click()
    await page.getByTestId('details-edit-cluster').click()
    await page.getByTestId('cluster-dialog').waitFor()
    await expect.poll(() => page.getByTestId('cluster-server').inputValue()).toBe('https://127.0.0.1:9')
    expect(await page.getByTestId('cluster-where').textContent()).toContain(files.b)
    await page.getByTestId('cluster-server').fill('https://127.0.0.1:10')
    await page.getByTestId('dialog-submit').click()
    await page.getByTestId('cluster-dialog').waitFor({ state: 'detached' })
    expect(kubectl('view', '-o', 'jsonpath={.clusters[?(@.name=="edge-cluster")].cluster.server}')).toBe('https://127.0.0.1:10')
    // Its user: how it signs in, never the token itself.
    await page.getByTestId('details-edit-user').click()
    await page.getByTestId('user-dialog').waitFor()
    await expect.poll(() => page.getByTestId('user-where').textContent()).toContain('Signs in with a token')
    expect(await page.getByTestId('user-token').inputValue()).toBe('')
    expect(await page.content()).not.toContain(typedToken)
    await page.getByTestId('user-dialog').getByRole('button', { name: 'Cancel' }).click()

    // Deleting it takes the cluster and user nothing else uses (ticked), in one write.
    await row('edge-02', files.b).click()
    await page.getByTestId('context-list').focus()
    await page.keyboard.press('Delete')
    await page.getByTestId('delete-also-cluster').waitFor()
    expect(await page.getByTestId('delete-also-user').isChecked()).toBe(true)
    await app.screenshot('delete-with-entries')
    await page.getByTestId('dialog-submit').click()
    await row('edge-02', files.b).waitFor({ state: 'detached' })
    expect(kubectl('get-clusters')).not.toContain('edge-cluster')
    expect(kubectl('get-users')).not.toContain('edge-admin')
    // One Undo from the notice brings all three back.
    await page.locator('.notice-info').filter({ hasText: 'Deleted edge-02' }).getByTestId('notice-undo').click()
    await row('edge-02', files.b).waitFor()
    expect(kubectl('get-clusters')).toContain('edge-cluster')
    expect(kubectl('get-users')).toContain('edge-admin')
    expect(app.consoleErrors()).toEqual([])
  })

  it('speaks 简体中文 in the dark theme', async () => {
    await page.getByRole('combobox', { name: 'Language' }).selectOption('zh-CN')
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('zh-CN')
    await page.getByRole('combobox', { name: '主题' }).selectOption('dark')
    await expect.poll(() => page.locator('html').getAttribute('data-theme')).toBe('dark')
    await expect(page.getByRole('button', { name: '导入…' }).count()).resolves.toBe(1)
    await expect(page.locator('.context-header').textContent()).resolves.toContain('命名空间')
    // Diagnostics are worded by the renderer from main's facts (a date, a path, names).
    await expect(row('kubeadm-lab', files.c).locator('[data-kind="cert-expiring"]').textContent()).resolves.toMatch(/^证书 1[01] 天后过期$/)
    await row('binary-cluster', files.c).click()
    await expect(page.getByTestId('diagnostic-detail').textContent()).resolves.toBe(
      `${join(dir, 'clusters', 'pki', 'ca.pem')} 不存在：它是 ${files.c} 中集群“binary-cluster”的 certificate-authority。`
    )
    await row('dev', files.a).click()
    // The confirmations of the steps before fade on their own; no error notice may be left.
    await expect.poll(() => page.locator('.notice').count(), { timeout: 10_000 }).toBe(0)
    await app.screenshot('contexts-zh-CN-dark')
    await quickSwitch('')
    await expect(page.locator('.switcher-footer').textContent()).resolves.toContain('上一个上下文')
    await app.screenshot('quick-switcher-zh-CN-dark')
    await page.keyboard.press('Escape')
    await page.getByTestId('quick-switcher').waitFor({ state: 'detached' })
    expect(app.consoleErrors()).toEqual([])
  })
})

/** The merged context names (kubectl's `-o name`), with prod under the name it has now. */
function namesWith(prod: string): string[] {
  return ['binary-cluster', 'dev', 'gke_acme_europe-west1_analytics', 'kind-lab', 'kubeadm-lab', prod, 'staging'].sort()
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0
}
