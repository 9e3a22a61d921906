// The app's kubeconfig service on real files: the merged view with shadowed duplicates shown,
// switching (persisted where kubectl puts it, recents, "-"), edits addressed by (file, name),
// marks that follow a rename, folder sources (watched, debris ignored), external changes
// noticed and broadcast, an edit refused when its context changed unseen, undo, import/export.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { StreamName } from '../../../src/shared/contract'
import { KubeconfigService } from '../../../src/main/services/kubeconfig'
import { runKubectl } from './harness'

const work = mkdtempSync(join(tmpdir(), 'kubedeck-service-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const fileA = `# team kubeconfig
apiVersion: v1
kind: Config
clusters:
- name: prod
  cluster:
    server: https://127.0.0.1:1
contexts:
- name: prod
  context:
    cluster: prod
    user: admin
- name: shared
  context: {cluster: prod, user: admin}
current-context: prod
users:
- name: admin
  user:
    token: secret-token
`
const fileB = `apiVersion: v1
kind: Config
clusters:
  - name: dev
    cluster:
      server: https://127.0.0.1:2
contexts:
  - name: dev
    context:
      cluster: dev
      user: dev
      namespace: team-a
  - name: shared
    context:
      cluster: dev
      user: dev
users:
  - name: dev
    user:
      exec:
        apiVersion: client.authentication.k8s.io/v1beta1
        command: kubedeck-plugin-nobody-has
`

let services: KubeconfigService[] = []
afterEach(() => {
  for (const s of services) s.close()
  services = []
})

function setup(name: string) {
  const dir = join(work, name)
  mkdirSync(dir, { recursive: true })
  const a = join(dir, 'a.yaml')
  const b = join(dir, 'b.yaml')
  writeFileSync(a, fileA, { mode: 0o600 })
  writeFileSync(b, fileB, { mode: 0o600 })
  const env = { HOME: dir, KUBECONFIG: `${a}:${b}`, PATH: '/usr/bin:/bin' }
  const events: { stream: StreamName; payload: { revision: number; files: string[]; external: boolean } }[] = []
  const svc = new KubeconfigService({
    dataDir: join(dir, 'data'),
    env,
    cwd: dir,
    loginShell: false,
    events: { broadcast: (stream, payload) => events.push({ stream, payload: payload as never }) }
  })
  services.push(svc)
  return { dir, a, b, env, svc, events }
}

const waitFor = async (what: () => boolean, ms = 5000) => {
  const until = Date.now() + ms
  while (!what()) {
    if (Date.now() > until) throw new Error('timed out waiting')
    await new Promise((r) => setTimeout(r, 25))
  }
}

describe('KubeconfigService', () => {
  it('lists every context of the merged view, shadowed duplicates marked, with diagnostics', async () => {
    const { a, b, svc } = setup('overview')
    const o = await svc.overview()
    expect(o.contexts.map((c) => `${c.file === a ? 'a' : 'b'}:${c.name}${c.current ? '*' : ''}${c.shadowedBy ? ` shadowed by ${c.shadowedBy === a ? 'a' : '?'}` : ''}`)).toEqual([
      'a:prod*',
      'a:shared',
      'b:dev',
      'b:shared shadowed by a'
    ])
    expect(o.active).toEqual({ file: a, name: 'prod' })
    const dev = o.contexts.find((c) => c.name === 'dev')!
    expect(dev).toMatchObject({ cluster: 'dev', user: 'dev', namespace: 'team-a', server: 'https://127.0.0.1:2' })
    expect(dev.diagnostics.map((d) => d.kind)).toEqual(['exec-plugin-missing'])
    // The prod context's user is defined: no chips.
    expect(o.contexts[0].diagnostics).toEqual([])
    expect(o.sources.map((s) => [s.path, s.contextCount])).toEqual([
      [a, 2],
      [b, 2]
    ])
    // Secrets never reach the overview.
    expect(JSON.stringify(o)).not.toContain('secret-token')
  })

  it('switches like kubectl use-context, keeps recents and goes back with "-"', async () => {
    const { a, b, svc, env, dir } = setup('switch')
    const r = await svc.useContext({ file: b, name: 'dev' })
    expect(r.active).toEqual({ file: b, name: 'dev' })
    // current-context lands in the first file, where kubectl writes it; the comment survives.
    expect(readFileSync(a, 'utf8')).toContain('current-context: dev')
    expect(readFileSync(a, 'utf8')).toContain('# team kubeconfig')
    expect((await runKubectl(['config', 'current-context'], env, dir)).stdout).toBe('dev\n')
    const back = await svc.usePrevious()
    expect(back.active).toEqual({ file: a, name: 'prod' })
    const o = await svc.overview()
    expect(o.recents).toEqual([
      { file: a, name: 'prod' },
      { file: b, name: 'dev' }
    ])
    expect(o.previous).toEqual({ file: b, name: 'dev' })
    await expect(svc.useContext({ file: b, name: 'shared' })).rejects.toMatchObject({ info: { code: 'kubeconfig.shadowed' } })
  })

  it('edits the entry in its own file; marks follow a rename; undo restores', async () => {
    const { a, b, svc } = setup('edit')
    await svc.overview()
    await svc.setPreferences({ file: b, name: 'dev' }, { favourite: true, colour: 'red' })
    await svc.setContext({ file: b, name: 'dev' }, { namespace: 'team-b' })
    expect(readFileSync(b, 'utf8')).toContain('      namespace: team-b')
    await svc.useContext({ file: b, name: 'dev' })
    const renamed = await svc.renameContext({ file: b, name: 'dev' }, 'development')
    expect(renamed.context).toEqual({ file: b, name: 'development' })
    const o = await svc.overview()
    const dev = o.contexts.find((c) => c.name === 'development')!
    expect(dev).toMatchObject({ favourite: true, colour: 'red', namespace: 'team-b', current: true })
    expect(o.active).toEqual({ file: b, name: 'development' })
    expect(readFileSync(a, 'utf8')).toContain('current-context: development')
    // Undo the rename: both files it wrote go back.
    const u = await svc.undo()
    expect(u.files.sort()).toEqual([a, b].sort())
    expect(readFileSync(b, 'utf8')).toContain('  - name: dev\n')
    expect(readFileSync(a, 'utf8')).toContain('current-context: dev')
    expect((await svc.history(b)).map((v) => v.reason)).toEqual(['set-context dev'])
  })

  it('notices external edits, merges onto them, and refuses to overwrite an unseen change', async () => {
    const { b, svc, events } = setup('external')
    await svc.overview()
    const n = events.length
    // Someone edits another context of the same file (kubectl, an editor).
    writeFileSync(b, readFileSync(b, 'utf8').replace('      user: dev\nusers:', '      user: dev\n      namespace: outside\nusers:'))
    await waitFor(() => events.slice(n).some((e) => e.payload.external && e.payload.files.includes(b)))
    // An edit of "dev" lands on the new content: both changes are kept.
    await svc.setContext({ file: b, name: 'dev' }, { namespace: 'mine' })
    const merged = readFileSync(b, 'utf8')
    expect(merged).toContain('namespace: mine')
    expect(merged).toContain('namespace: outside')
    // Now "dev" itself changes behind the user's back: the next edit of it is refused.
    await svc.overview()
    writeFileSync(b, merged.replace('namespace: mine', 'namespace: theirs'))
    await expect(svc.setContext({ file: b, name: 'dev' }, { namespace: 'again' })).rejects.toMatchObject({ info: { code: 'kubeconfig.conflict' } })
    expect(readFileSync(b, 'utf8')).toContain('namespace: theirs')
    // Once the user has seen it (the reload the broadcast asks for), the edit goes through.
    await svc.overview()
    await svc.setContext({ file: b, name: 'dev' }, { namespace: 'again' })
    expect(readFileSync(b, 'utf8')).toContain('namespace: again')
  })

  it('folder sources: each file its own source, debris ignored, new files picked up', async () => {
    const { dir, svc, events } = setup('folders')
    const folder = join(dir, 'clusters')
    mkdirSync(join(folder, 'nested'), { recursive: true })
    writeFileSync(join(folder, 'lab.yaml'), fileB.replace(/dev/g, 'lab'))
    writeFileSync(join(folder, 'nested', 'edge'), fileB.replace(/dev/g, 'edge').replace(/shared/g, 'edge-2'))
    for (const debris of ['old.yaml.lock', '.lab.yaml.swp', 'lab.yaml~', '.hidden.yaml', '.lab.yaml.1234.abcd.tmp']) writeFileSync(join(folder, debris), fileB)
    writeFileSync(join(folder, 'notes.txt'), 'not a kubeconfig\n')
    const o = await svc.addFolder(folder)
    const folderCtx = o.contexts.filter((c) => c.origin === 'folder').map((c) => `${c.file.slice(folder.length + 1)}:${c.name}`)
    expect(folderCtx).toEqual(['lab.yaml:lab', 'lab.yaml:shared', 'nested/edge:edge', 'nested/edge:edge-2'])
    expect(o.folders).toEqual([folder])
    // Using a folder context writes its own file and makes it the app's active context.
    const r = await svc.useContext({ file: join(folder, 'lab.yaml'), name: 'lab' })
    expect(r.active).toEqual({ file: join(folder, 'lab.yaml'), name: 'lab' })
    expect(readFileSync(join(folder, 'lab.yaml'), 'utf8')).toContain('current-context: lab')
    expect((await svc.overview()).active).toEqual({ file: join(folder, 'lab.yaml'), name: 'lab' })
    const n = events.length
    writeFileSync(join(folder, 'later.yaml'), fileB.replace(/dev/g, 'later'))
    await waitFor(() => events.slice(n).some((e) => e.payload.external))
    expect((await svc.overview()).contexts.some((c) => c.name === 'later')).toBe(true)
    const removed = await svc.removeFolder(folder)
    expect(removed.contexts.some((c) => c.origin === 'folder')).toBe(false)
  })

  it('imports with renames shown first, exports a standalone context', async () => {
    const { dir, a, svc } = setup('import')
    const incoming = join(dir, 'incoming.yaml')
    writeFileSync(incoming, fileA.replace('https://127.0.0.1:1', 'https://127.0.0.1:9').replace('secret-token', 'other-token'))
    const plan = await svc.importPreview(incoming)
    expect(plan.target).toBe(a)
    expect(plan.renames).toEqual([
      { kind: 'cluster', from: 'prod', to: 'prod-2' },
      { kind: 'user', from: 'admin', to: 'admin-2' },
      { kind: 'context', from: 'prod', to: 'prod-2' },
      { kind: 'context', from: 'shared', to: 'shared-2' }
    ])
    await svc.importApply(plan)
    const o = await svc.overview()
    const imported = o.contexts.find((c) => c.name === 'prod-2')!
    expect(imported).toMatchObject({ file: a, cluster: 'prod-2', user: 'admin-2', server: 'https://127.0.0.1:9' })
    // Nothing changes twice: a second preview finds everything already there.
    expect((await svc.importPreview(incoming)).contexts).toEqual([])
    const out = join(dir, 'exported.yaml')
    await svc.export({ file: a, name: 'prod-2' }, out)
    const text = readFileSync(out, 'utf8')
    expect(text).toContain('current-context: prod-2')
    expect(text).toContain('token: other-token')
    expect(text).not.toContain('dev')
  })

  it("the renderer's view never contains secrets", async () => {
    const { svc } = setup('view')
    const { yaml } = await svc.view({ minify: false, flatten: false })
    expect(yaml).toContain('token: REDACTED')
    expect(yaml).not.toContain('secret-token')
  })
})
