// The built `kubedeck` binary (bin/kubedeck.js → out/main/cli.js) as users run it: the same
// output as kubectl for the config verbs, and the Kubedeck verbs (import, export, undo,
// history) end to end. The differential test covers the semantics in depth in-process.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ensureBuilt } from '../../e2e/harness'
import { caseEnv, runBuiltKubedeck, runKubectl, runKubedeck } from './harness'

const work = mkdtempSync(join(tmpdir(), 'kubedeck-cli-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))


const a = `# a comment kubectl would drop
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://127.0.0.1:1
    certificate-authority: ca.crt
contexts:
- name: prod
  context: {cluster: prod, user: admin, namespace: web}
current-context: prod
users:
- name: admin
  user:
    token: s3cr3t
`

describe('the kubedeck binary', () => {
  beforeAll(() => ensureBuilt(), 600_000)

  it('lists config among its commands', async () => {
    const r = await runBuiltKubedeck(['--help'], { PATH: process.env.PATH }, work)
    expect(r.stdout).toMatch(/^ {2}config +Modify kubeconfig files/m)
    const verbs = await runBuiltKubedeck(['config', '--help'], { PATH: process.env.PATH }, work)
    for (const v of ['get-contexts', 'use-context', 'set-credentials', 'view', 'import', 'export', 'undo', 'history', 'restore']) expect(verbs.stdout).toContain(`  ${v}`)
    const restoreHelp = await runBuiltKubedeck(['config', 'restore', '--help'], { PATH: process.env.PATH }, work)
    expect(restoreHelp.stdout).toContain('kubedeck config restore FILE VERSION')
    expect(restoreHelp.stdout).toContain('kubedeck config history FILE')
  })

  it('prints what kubectl prints and writes what it writes, keeping the comment', async () => {
    const dir = join(work, 'same')
    mkdirSync(dir)
    writeFileSync(join(dir, 'ca.crt'), 'ca')
    const env = caseEnv(dir, undefined, join(dir, 'data'))
    const home = join(dir, 'home', '.kube')
    mkdirSync(home, { recursive: true })
    for (const args of [['config', 'get-contexts'], ['config', 'view', '--raw', '-o', 'json'], ['config', 'use-context', 'nope']]) {
      writeFileSync(join(home, 'config'), a)
      const theirs = await runKubectl(args, env, dir)
      const ours = await runBuiltKubedeck(args, env, dir)
      expect(ours, args.join(' ')).toEqual(theirs)
    }
    writeFileSync(join(home, 'config'), a)
    const ours = await runBuiltKubedeck(['config', 'set-context', '--current', '--namespace=api'], env, dir)
    expect(ours).toEqual({ code: 0, stdout: 'Context "prod" modified.\n', stderr: '' })
    expect(readFileSync(join(home, 'config'), 'utf8')).toBe(a.replace('namespace: web}', 'namespace: api}'))
    expect((await runKubectl(['config', 'get-contexts', '-o', 'name'], env, dir)).stdout).toBe('prod\n')
  })

  it('imports with renames shown first, exports one context, and undoes', async () => {
    const dir = join(work, 'verbs')
    mkdirSync(dir)
    const target = join(dir, 'config')
    writeFileSync(target, a, { mode: 0o600 })
    writeFileSync(join(dir, 'ca.crt'), 'ca')
    const incoming = join(dir, 'incoming.yaml')
    writeFileSync(incoming, a.replace('https://127.0.0.1:1', 'https://127.0.0.1:2'))
    const env = caseEnv(dir, target, join(dir, 'data'))
    const dry = await runBuiltKubedeck(['config', 'import', 'incoming.yaml', '--dry-run'], env, dir)
    expect(dry.code).toBe(0)
    expect(dry.stdout).toBe(
      `Importing ${incoming} into ${target}:\n  cluster  prod -> prod-2 (renamed: "prod" is taken)\n  context  prod -> prod-2 (renamed: "prod" is taken)\n  user     admin (already present, unchanged)\nDry run: 2 entries would be written; nothing was changed.\n`
    )
    expect(readFileSync(target, 'utf8')).toBe(a)
    expect((await runBuiltKubedeck(['config', 'import', 'incoming.yaml'], env, dir)).code).toBe(0)
    expect((await runKubectl(['config', 'get-contexts', '-o', 'name'], env, dir)).stdout).toBe('prod\nprod-2\n')
    const exported = await runBuiltKubedeck(['config', 'export', 'prod-2', '-o', 'prod-2.yaml'], env, dir)
    expect(exported.stdout).toBe(`Exported context "prod-2" to ${join(dir, 'prod-2.yaml')}.\n`)
    expect(statSync(join(dir, 'prod-2.yaml')).mode & 0o777).toBe(0o600)
    const standalone = await runKubectl(['config', 'view', '--raw', '--kubeconfig', 'prod-2.yaml'], env, dir)
    expect(standalone.stdout).toContain('certificate-authority-data: Y2E=')
    expect(standalone.stdout).toContain('current-context: prod-2')
    const history = await runKubedeck(['config', 'history', 'config'], env, dir)
    expect(history.stdout).toMatch(/^VERSION +SAVED +SIZE +BEFORE\n\S+ +\S+ +\d+ +import /)
    const undo = await runBuiltKubedeck(['config', 'undo', 'config'], env, dir)
    expect(undo.code).toBe(0)
    expect(readFileSync(target, 'utf8')).toBe(a)
    // Changed behind Kubedeck's back: undo refuses rather than drop that change.
    await runKubedeck(['config', 'set-context', 'prod', '--namespace=mine'], env, dir)
    writeFileSync(target, readFileSync(target, 'utf8').replace('namespace: mine', 'namespace: someone-else'))
    const refused = await runKubedeck(['config', 'undo'], env, dir)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('changed after Kubedeck last wrote it')
    expect(readFileSync(target, 'utf8')).toContain('namespace: someone-else')
  })

  it('restores a version listed by history (relative FILE from the cwd, as kubectl), and undoes the restore', async () => {
    const dir = join(work, 'restore')
    mkdirSync(dir)
    const target = join(dir, 'config')
    writeFileSync(target, a, { mode: 0o600 })
    writeFileSync(join(dir, 'ca.crt'), 'ca')
    const env = caseEnv(dir, target, join(dir, 'data'))
    const namespace = async () => (await runKubectl(['config', 'get-contexts', 'prod', '--no-headers'], env, dir)).stdout.trim().split(/\s+/).pop()
    for (const ns of ['one', 'two', 'three']) expect((await runBuiltKubedeck(['config', 'set-context', 'prod', `--namespace=${ns}`], env, dir)).code).toBe(0)
    const history = await runBuiltKubedeck(['config', 'history', 'config'], env, dir)
    const ids = history.stdout.trim().split('\n').slice(1).map((l) => l.split(/\s+/)[0])
    expect(ids).toHaveLength(3)
    // The oldest version is the file before "one": namespace web.
    const restored = await runBuiltKubedeck(['config', 'restore', 'config', ids[2]], env, dir)
    expect(restored).toMatchObject({ code: 0, stderr: '' })
    expect(restored.stdout).toContain(`Restored ${target} to version ${ids[2]}`)
    expect(readFileSync(target, 'utf8')).toBe(a)
    expect(await namespace()).toBe('web')
    const after = await runBuiltKubedeck(['config', 'history', 'config'], env, dir)
    expect(after.stdout.split('\n')[1]).toMatch(new RegExp(`restore ${ids[2]}$`))
    expect((await runBuiltKubedeck(['config', 'undo', 'config'], env, dir)).code).toBe(0)
    expect(await namespace()).toBe('three')
    const unknown = await runBuiltKubedeck(['config', 'restore', 'config', 'no-such-version'], env, dir)
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain(`error: Kubedeck has no saved version "no-such-version" of ${target}`)
    expect(unknown.stderr).toContain(`kubedeck config history ${target}`)
    expect(await namespace()).toBe('three')
  })
})
