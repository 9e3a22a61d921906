// Connection checks against the lab's real API server (kube-apiserver built from the upstream
// modules): the test connection (/version, /readyz, namespaces), the API client other services
// get (with the context's own certificates, an exec plugin found only on the login shell's
// PATH, a proxy-url), and the failure cases: an unreachable server, a server that never answers,
// a real exec plugin that fails (gke-gcloud-auth-plugin). Switching never waits on any of them.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, connect, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CoreV1Api } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KubeconfigService } from '../../../src/main/services/kubeconfig'
import { labSkipReason, requireLab, type LabInfo } from '../../lab'

const skip = labSkipReason()
const work = mkdtempSync(join(tmpdir(), 'kubedeck-conn-'))
const services: KubeconfigService[] = []
const servers: Server[] = []

afterAll(async () => {
  for (const s of services) s.close()
  for (const s of servers) {
    s.close()
    s.emit('close')
  }
  rmSync(work, { recursive: true, force: true })
})

/** A stand-in login shell: `$SHELL -ilc CMD` runs CMD with the PATH a login shell would set up. */
function fakeLoginShell(path: string): string {
  const shell = join(work, `login-shell-${Math.random().toString(36).slice(2)}`)
  writeFileSync(shell, `#!/bin/sh\nPATH='${path}'\nexport PATH\nshift\nexec /bin/sh -c "$1"\n`)
  chmodSync(shell, 0o755)
  return shell
}

function listen(server: Server): Promise<number> {
  servers.push(server)
  // Connections are closed with the server, so cleanup never waits on a client.
  server.on('connection', (socket) => server.once('close', () => socket.destroy()))
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)))
}

describe.skipIf(!!skip)(`kubeconfig connections against the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let certData: string
  let keyData: string
  let caData: string
  let pluginDir: string
  let kubeconfig: string

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: 'kubeconfig' })
    const admin = readFileSync(lab.kubeconfig, 'utf8')
    const field = (name: string) => new RegExp(`${name}: (\\S+)`).exec(admin)![1]
    certData = field('client-certificate-data')
    keyData = field('client-key-data')
    caData = field('certificate-authority-data')
    // An exec credential plugin that only the login shell's PATH has.
    pluginDir = join(work, 'plugins')
    mkdirSync(pluginDir)
    const credential = JSON.stringify({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      status: { clientCertificateData: Buffer.from(certData, 'base64').toString(), clientKeyData: Buffer.from(keyData, 'base64').toString() }
    })
    writeFileSync(join(pluginDir, 'kubedeck-lab-plugin'), `#!/bin/sh\nprintf '%s' "$KUBERNETES_EXEC_INFO" > '${join(work, 'exec-info.json')}'\ncat <<'EOF'\n${credential}\nEOF\n`)
    chmodSync(join(pluginDir, 'kubedeck-lab-plugin'), 0o755)
    kubeconfig = join(work, 'config')
    writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: ${lab.apiServer}
    certificate-authority-data: ${caData}
- name: nowhere
  cluster:
    server: https://127.0.0.1:1
    insecure-skip-tls-verify: true
users:
- name: admin
  user:
    client-certificate-data: ${certData}
    client-key-data: ${keyData}
- name: via-plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: kubedeck-lab-plugin
      interactiveMode: Never
      provideClusterInfo: true
- name: gke
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: gke-gcloud-auth-plugin
      installHint: Install gke-gcloud-auth-plugin for use with kubectl
contexts:
- name: lab
  context: {cluster: lab, user: admin, namespace: kube-system}
- name: lab-plugin
  context: {cluster: lab, user: via-plugin}
- name: lab-gke
  context: {cluster: lab, user: gke}
- name: down
  context: {cluster: nowhere, user: admin}
current-context: lab
`
    )
  })

  const service = (shellPath: string) => {
    const svc = new KubeconfigService({
      dataDir: join(work, `data-${services.length}`),
      env: { HOME: work, KUBECONFIG: kubeconfig, PATH: '/usr/bin:/bin', SHELL: fakeLoginShell(shellPath) },
      watch: false
    })
    services.push(svc)
    return svc
  }

  it('tests the connection: /version, /readyz and namespaces, with latencies', async () => {
    const svc = service(`/usr/bin:/bin`)
    const report = await svc.testConnection({ file: kubeconfig, name: 'lab' })
    expect(report.ok, JSON.stringify(report)).toBe(true)
    expect(report.server).toBe(lab.apiServer)
    expect(report.serverVersion).toMatch(/^v1\.34\./)
    expect(report.steps.map((s) => s.name)).toEqual(['version', 'readyz', 'namespaces'])
    for (const s of report.steps) expect(s.latencyMs).toBeGreaterThanOrEqual(0)
    expect(report.steps[2].detail).toMatch(/\d+ namespaces/)
    const ns = await svc.namespaces({ file: kubeconfig, name: 'lab' })
    expect(ns.reachable).toBe(true)
    expect(ns.names).toEqual(expect.arrayContaining(['default', 'kube-system']))
    expect(await svc.checkReachability({ file: kubeconfig, name: 'lab' })).toBeNull()
  })

  it("gives other services a ready client with the context's own auth", async () => {
    const svc = service('/usr/bin:/bin')
    const kc = await svc.clientFor({ file: kubeconfig, name: 'lab' })
    expect(kc.getContextObject(kc.getCurrentContext())?.namespace).toBe('kube-system')
    const pods = await kc.makeApiClient(CoreV1Api).listNamespacedPod({ namespace: 'kube-system' })
    expect(pods.items.some((p) => p.metadata?.name?.startsWith('kube-apiserver'))).toBe(true)
  })

  it("runs exec plugins found on the login shell's PATH (not the app's), with KUBERNETES_EXEC_INFO", async () => {
    const withPlugin = service(`${pluginDir}:/usr/bin:/bin`)
    expect((await withPlugin.loginShell).source).toBe('login-shell')
    const o = await withPlugin.overview()
    expect(o.contexts.find((c) => c.name === 'lab-plugin')!.diagnostics).toEqual([])
    const report = await withPlugin.testConnection({ file: kubeconfig, name: 'lab-plugin' })
    expect(report.ok, JSON.stringify(report)).toBe(true)
    const info = JSON.parse(readFileSync(join(work, 'exec-info.json'), 'utf8'))
    expect(info).toMatchObject({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', spec: { interactive: false, cluster: { server: lab.apiServer } } })

    const without = service('/usr/bin:/bin')
    await without.loginShell
    const chip = (await without.overview()).contexts.find((c) => c.name === 'lab-plugin')!.diagnostics
    expect(chip).toEqual([
      { kind: 'exec-plugin-missing', severity: 'error', command: 'kubedeck-lab-plugin', searchPath: '/usr/bin:/bin', entry: { name: 'via-plugin', file: kubeconfig } }
    ])
    const failed = await without.testConnection({ file: kubeconfig, name: 'lab-plugin' })
    expect(failed.ok).toBe(false)
    expect(failed.error).toMatchObject({ code: 'kubeconfig.exec-missing', command: 'kubedeck-lab-plugin' })
    // Reachability names the missing plugin, not the network.
    expect(await without.checkReachability({ file: kubeconfig, name: 'lab-plugin' })).toEqual(chip[0])
  })

  it('reports a real exec plugin failing (gke-gcloud-auth-plugin without a gcloud login)', async () => {
    const svc = service('/usr/bin:/bin')
    expect((await svc.overview()).contexts.find((c) => c.name === 'lab-gke')!.diagnostics).toEqual([])
    const report = await svc.testConnection({ file: kubeconfig, name: 'lab-gke' })
    expect(report.ok).toBe(false)
    expect(report.error?.code).toBe('kubeconfig.exec-failed')
    expect(report.error?.message).toMatch(/gke-gcloud-auth-plugin exited with status \d+/)
    expect(await svc.checkReachability({ file: kubeconfig, name: 'lab-gke' })).toMatchObject({
      kind: 'unreachable',
      cause: 'credentials',
      reason: expect.stringMatching(/gke-gcloud-auth-plugin exited with status \d+/)
    })
  })

  it('an unreachable server is reported at once; switching to it does not wait', async () => {
    const svc = service('/usr/bin:/bin')
    const started = Date.now()
    const report = await svc.testConnection({ file: kubeconfig, name: 'down' })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(report.ok).toBe(false)
    expect(report.steps[0]).toMatchObject({ name: 'version', ok: false })
    expect(report.steps[0].detail).toContain('connection refused by https://127.0.0.1:1')
    expect(await svc.checkReachability({ file: kubeconfig, name: 'down' })).toMatchObject({
      kind: 'unreachable',
      severity: 'error',
      server: 'https://127.0.0.1:1',
      cause: 'refused'
    })
    const switchStarted = Date.now()
    await svc.useContext({ file: kubeconfig, name: 'down' })
    expect(Date.now() - switchStarted).toBeLessThan(1000)
    const ns = await svc.namespaces({ file: kubeconfig, name: 'down' })
    expect(ns).toMatchObject({ names: [], reachable: false })
    await svc.useContext({ file: kubeconfig, name: 'lab' })
  })

  it('a server that accepts but never answers times out instead of hanging', async () => {
    const silent = createServer(() => undefined)
    const port = await listen(silent)
    const file = join(work, 'silent')
    writeFileSync(file, readFileSync(kubeconfig, 'utf8').replace('https://127.0.0.1:1', `https://127.0.0.1:${port}`))
    const svc = new KubeconfigService({ dataDir: join(work, 'data-silent'), env: { HOME: work, KUBECONFIG: file, PATH: '/usr/bin:/bin' }, watch: false, loginShell: false })
    services.push(svc)
    const started = Date.now()
    expect(await svc.checkReachability({ file, name: 'down' })).toMatchObject({ kind: 'unreachable', cause: 'timeout', reason: expect.stringContaining('no answer') })
    expect(Date.now() - started).toBeLessThan(6000)
  })

  it('goes through the proxy in proxy-url', async () => {
    const seen: string[] = []
    // A minimal HTTP CONNECT proxy, as corporate proxies and kubectl proxies tunnel TLS.
    const proxy = createServer((client) => {
      client.once('data', (head) => {
        const line = head.toString().split('\r\n')[0]
        const m = /^CONNECT (\S+):(\d+) /.exec(line)
        if (!m) return client.destroy()
        seen.push(`${m[1]}:${m[2]}`)
        const upstream = connect(Number(m[2]), m[1], () => {
          client.write('HTTP/1.1 200 Connection established\r\n\r\n')
          upstream.pipe(client)
          client.pipe(upstream)
        })
        upstream.on('error', () => client.destroy())
      })
    })
    const port = await listen(proxy)
    const file = join(work, 'proxied')
    writeFileSync(file, readFileSync(kubeconfig, 'utf8').replace(`    server: ${lab.apiServer}\n`, `    server: ${lab.apiServer}\n    proxy-url: http://127.0.0.1:${port}\n`))
    const svc = new KubeconfigService({ dataDir: join(work, 'data-proxy'), env: { HOME: work, KUBECONFIG: file, PATH: '/usr/bin:/bin' }, watch: false, loginShell: false })
    services.push(svc)
    const report = await svc.testConnection({ file, name: 'lab' })
    expect(report.ok, JSON.stringify(report)).toBe(true)
    expect(seen).toContain(new URL(lab.apiServer).host)
  })
})
