// Kubeconfig files as they are found on admins' machines, and as an attacker would shape them:
// ~/.kube/config as a link (dotfiles, secrets managers) is written through like kubectl does
// (kubectl is the oracle); exports are 0600 whatever was there; the data folder is private; a
// file picked for import is described, never quoted; a client key that is garbage is an error
// of that context, not of the process.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createServices } from '../../../src/main/composition'
import { KubeconfigService } from '../../../src/main/services/kubeconfig'
import { caseEnv, configArgs, runKubectl, runKubedeck } from './harness'

const CONFIG = (current: string) => `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster:
    server: https://127.0.0.1:1
users:
- name: admin
  user:
    token: not-a-real-token
contexts:
- name: dev
  context:
    cluster: lab
    user: admin
- name: prod
  context:
    cluster: lab
    user: admin
current-context: ${current}
`

let root: string
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'kubedeck-kc-hardening-'))
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** A home whose ~/.kube/config is a (relative) link into a dotfiles folder. */
function linkedHome(name: string): { home: string; link: string; target: string; dataDir: string } {
  const base = join(root, name)
  const home = join(base, 'home')
  mkdirSync(join(home, '.kube'), { recursive: true })
  mkdirSync(join(home, 'dotfiles'), { recursive: true })
  const target = join(home, 'dotfiles', 'kubeconfig')
  writeFileSync(target, CONFIG('dev'), { mode: 0o600 })
  const link = join(home, '.kube', 'config')
  symlinkSync('../dotfiles/kubeconfig', link)
  return { home, link, target, dataDir: join(base, 'data') }
}

describe('~/.kube/config as a link', () => {
  it('is written through like kubectl does: the link stays, the target changes (kubectl the oracle)', async () => {
    const ours = linkedHome('ours')
    const theirs = linkedHome('theirs')
    const envOf = (h: ReturnType<typeof linkedHome>) => ({ ...caseEnv(join(h.home, '..'), undefined, h.dataDir), HOME: h.home })
    for (const args of [['use-context', 'prod'], ['set-context', 'dev', '--namespace=web'], ['rename-context', 'dev', 'development']]) {
      const a = await runKubedeck(configArgs(args), envOf(ours), ours.home)
      const b = await runKubectl(configArgs(args), envOf(theirs), theirs.home)
      expect(a.code, a.stderr).toBe(b.code)
      for (const h of [ours, theirs]) {
        expect(lstatSync(h.link).isSymbolicLink(), `${args.join(' ')}: ${h.link} is still a link`).toBe(true)
        expect(readlinkSync(h.link)).toBe('../dotfiles/kubeconfig')
      }
      expect(readFileSync(ours.target, 'utf8')).toContain(args[0] === 'use-context' ? 'current-context: prod' : args[0] === 'set-context' ? 'namespace: web' : 'name: development')
      // kubectl's result through its own link, read by kubectl through ours: the same current context.
      const current = async (h: ReturnType<typeof linkedHome>) => (await runKubectl(['config', 'current-context'], envOf(h), h.home)).stdout
      expect(await current(ours)).toBe(await current(theirs))
    }
    expect(statSync(ours.target).mode & 0o777).toBe(0o600)
  })

  it('undo puts the target back, through the link', async () => {
    const h = linkedHome('undo')
    const env = { ...caseEnv(join(h.home, '..'), undefined, h.dataDir), HOME: h.home }
    expect((await runKubedeck(configArgs(['use-context', 'prod']), env, h.home)).code).toBe(0)
    const undo = await runKubedeck(configArgs(['undo', h.link]), env, h.home)
    expect(undo.code, undo.stderr).toBe(0)
    expect(lstatSync(h.link).isSymbolicLink()).toBe(true)
    expect(readFileSync(h.target, 'utf8')).toBe(CONFIG('dev'))
  })
})

describe('exports and the data folder', () => {
  it('an export is 0600 even over an existing 0644 file', async () => {
    const dir = join(root, 'export')
    mkdirSync(dir, { recursive: true })
    const kubeconfig = join(dir, 'config')
    writeFileSync(kubeconfig, CONFIG('dev'), { mode: 0o600 })
    const out = join(dir, 'exported.yaml')
    writeFileSync(out, 'old\n', { mode: 0o644 })
    chmodSync(out, 0o644)
    const r = await runKubedeck(['config', 'export', 'prod', '-o', out], caseEnv(dir, kubeconfig, join(dir, 'data')), dir)
    expect(r.code, r.stderr).toBe(0)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    expect(readFileSync(out, 'utf8')).toContain('token: not-a-real-token')
  })

  it('the data folder and every folder under it are 0700, whoever made them first', async () => {
    const dataDir = join(root, 'data-loose')
    mkdirSync(join(dataDir, 'history', 'abc'), { recursive: true, mode: 0o755 })
    chmodSync(dataDir, 0o755)
    chmodSync(join(dataDir, 'history'), 0o755)
    chmodSync(join(dataDir, 'history', 'abc'), 0o775)
    const s = await createServices({ mode: 'cli', env: { HOME: root, PATH: '/usr/bin:/bin' }, dataDir, uses: [] })
    await s.close()
    for (const d of [dataDir, join(dataDir, 'history'), join(dataDir, 'history', 'abc')]) expect(statSync(d).mode & 0o777, d).toBe(0o700)
    const fresh = join(root, 'data-fresh', 'nested')
    const p = await createServices({ mode: 'cli', env: { HOME: root, PATH: '/usr/bin:/bin' }, dataDir: fresh, uses: [] })
    await p.preferences.set({ theme: 'dark' })
    await p.close()
    expect(statSync(fresh).mode & 0o777).toBe(0o700)
  })
})

describe('what is not a kubeconfig', () => {
  it('is described, never quoted, when picked for import', async () => {
    const dir = join(root, 'import')
    mkdirSync(dir, { recursive: true })
    const secret = 'SUPER-SECRET-LINE-THAT-MUST-NOT-BE-ECHOED'
    const files: Record<string, [string | Buffer, RegExp]> = {
      key: [`-----BEGIN OPENSSH PRIVATE KEY-----\n${secret}\n-----END OPENSSH PRIVATE KEY-----\n`, /holds a private key/],
      passwd: [`root:x:0:0:${secret}:/root:/bin/bash\n`, /is plain text/],
      binary: [Buffer.concat([Buffer.from([0, 1, 2, 255]), Buffer.from(secret)]), /not a text file/],
      deployment: [`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${secret}\n`, /Kubernetes Deployment manifest \(apps\/v1\)/],
      broken: [`a: [${secret}\nb: "`, /is not YAML \(the first problem is at line \d+/]
    }
    const svc = new KubeconfigService({ dataDir: join(dir, 'data'), env: { HOME: dir, PATH: '/usr/bin:/bin' }, watch: false, loginShell: false })
    try {
      for (const [name, [content, says]] of Object.entries(files)) {
        const file = join(dir, name)
        writeFileSync(file, content)
        const e = (await svc.importPreview(file).catch((x: unknown) => x)) as { info: { message: string; hint?: string } }
        expect(e.info.message, name).toMatch(says)
        expect(JSON.stringify(e.info), name).not.toContain(secret)
      }
      const folder = (await svc.importPreview(dir).catch((x: unknown) => x)) as { info: { code: string; message: string } }
      expect(folder.info).toMatchObject({ code: 'kubeconfig.import-folder', message: `${dir} is a folder, not a file; nothing was imported.` })
      const missing = (await svc.importPreview(join(dir, 'nope')).catch((x: unknown) => x)) as { info: { code: string } }
      expect(missing.info.code).toBe('kubeconfig.import-missing')
    } finally {
      svc.close()
    }
  })

  it('a client key that is garbage makes that context unreachable, with why; the process goes on', async () => {
    const dir = join(root, 'garbage-key')
    mkdirSync(dir, { recursive: true })
    const file = join(dir, 'config')
    const garbage = Buffer.from('-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n').toString('base64')
    const cert = Buffer.from('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n').toString('base64')
    writeFileSync(
      file,
      `apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\nusers:\n- name: bad\n  user:\n    client-certificate-data: ${cert}\n    client-key-data: ${garbage}\ncontexts:\n- name: bad\n  context:\n    cluster: lab\n    user: bad\ncurrent-context: bad\n`,
      { mode: 0o600 }
    )
    const svc = new KubeconfigService({ dataDir: join(dir, 'data'), env: { HOME: dir, PATH: '/usr/bin:/bin', KUBECONFIG: file }, watch: false, loginShell: false })
    try {
      const ref = { file, name: 'bad' }
      const reach = await svc.checkReachability(ref)
      expect(reach).toMatchObject({ kind: 'unreachable' })
      const ns = await svc.namespaces(ref)
      expect(ns.reachable).toBe(false)
      // The request deadlines (4 s and 5 s) pass: nothing left behind fires into a missing request.
      await new Promise((r) => setTimeout(r, 5500))
      expect((await svc.checkReachability(ref))?.kind).toBe('unreachable')
    } finally {
      svc.close()
    }
  })
})
