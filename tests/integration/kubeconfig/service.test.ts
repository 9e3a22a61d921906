// The app's kubeconfig service on real files: the merged view with shadowed duplicates shown,
// switching (persisted where kubectl puts it, recents, "-", recorded before it is announced),
// edits addressed by (file, name), marks that follow a context through rename, undo and restore
// (the app's and the CLI's), folder sources (watched, debris ignored), external changes noticed
// and broadcast, an edit refused when its context changed unseen, undo, restore, import/export,
// and paths typed by the user (~/… yes, relative no). kubectl reads the files as the oracle.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { StreamName } from '../../../src/shared/contract'
import type { ContextRef, KubeconfigOverview } from '../../../src/shared/model/kubeconfig'
import { KubeconfigService } from '../../../src/main/services/kubeconfig'
import { runKubectl, runKubedeck } from './harness'

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
  // The CLI (kubedeck config) shares the app's data folder, as it does on a user's machine.
  const env = { HOME: dir, KUBECONFIG: `${a}:${b}`, PATH: '/usr/bin:/bin', KUBEDECK_DATA_DIR: join(dir, 'data') }
  type Event = { stream: StreamName; payload: { revision: number; files: string[]; external: boolean } }
  const events: Event[] = []
  const listeners: ((e: Event) => void)[] = []
  const svc = new KubeconfigService({
    dataDir: join(dir, 'data'),
    env,
    cwd: dir,
    loginShell: false,
    events: {
      // The handlers send each change to the windows as the `kubeconfig.changed` stream.
      changed: (payload) => {
        const e: Event = { stream: 'kubeconfig.changed', payload }
        events.push(e)
        for (const l of listeners) l(e)
      }
    }
  })
  services.push(svc)
  return { dir, a, b, env, svc, events, onEvent: (l: (e: Event) => void) => listeners.push(l) }
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

  it('undoes an undo (redo), two levels deep, marks following; a new change ends redo', async () => {
    const { a, b, dir, env, svc } = setup('redo')
    const names = async () => (await runKubectl(['config', 'get-contexts', '-o', 'name'], env, dir)).stdout.trim().split('\n').sort()
    await svc.overview()
    await svc.setPreferences({ file: b, name: 'dev' }, { colour: 'blue' })
    await svc.renameContext({ file: b, name: 'dev' }, 'dev-1')
    await svc.setContext({ file: b, name: 'dev-1' }, { namespace: 'team-z' })
    expect(await svc.redoable(b)).toBeNull()
    await svc.undo(b)
    await svc.undo(b)
    expect(await names()).toEqual(['dev', 'prod', 'shared'])
    // The last undo is redone first: the rename comes back, with its colour.
    expect(await svc.redoable(b)).toMatchObject({ file: b, reason: 'rename-context dev dev-1' })
    const r = await svc.redo(b)
    expect(r.reason).toBe('rename-context dev dev-1')
    expect(await names()).toEqual(['dev-1', 'prod', 'shared'])
    expect((await svc.overview()).contexts.find((c) => c.name === 'dev-1')).toMatchObject({ colour: 'blue' })
    // Then the one before it: the namespace.
    await svc.redo(b)
    expect((await runKubectl(['config', 'view', '-o', 'jsonpath={.contexts[?(@.name=="dev-1")].context.namespace}'], env, dir)).stdout).toBe('team-z')
    expect(await svc.redoable(b)).toBeNull()
    // A redo is a write like any other: undo takes it back, and that undo can be redone.
    await svc.undo(b)
    expect((await runKubectl(['config', 'view', '-o', 'jsonpath={.contexts[?(@.name=="dev-1")].context.namespace}'], env, dir)).stdout).toBe('team-a')
    expect(await svc.redoable(b)).toMatchObject({ reason: 'set-context dev-1' })
    // A new change after an undo: redoing would drop it, so there is nothing to redo.
    await svc.setContext({ file: b, name: 'dev-1' }, { namespace: 'other' })
    expect(await svc.redoable(b)).toBeNull()
    const before = readFileSync(b)
    await expect(svc.redo(b)).rejects.toMatchObject({ info: { code: 'kubeconfig.nothing-to-redo' } })
    expect(readFileSync(b).equals(before)).toBe(true)
    // The CLI redoes too, and says what.
    await svc.undo(b)
    const cli = await runKubedeck(['config', 'redo', b], env, dir)
    expect(cli.code).toBe(0)
    expect(cli.stdout).toBe(`Redid "set-context dev-1" in ${b}.\n`)
    expect((await runKubectl(['config', 'view', '-o', 'jsonpath={.contexts[?(@.name=="dev-1")].context.namespace}'], env, dir)).stdout).toBe('other')
    // An edit by hand after an undo: redo refuses rather than drop it.
    await svc.undo(b)
    writeFileSync(b, readFileSync(b, 'utf8') + '# by hand\n')
    await expect(svc.redo(b)).rejects.toMatchObject({ info: { code: 'kubeconfig.changed-since', file: b } })
    expect(readFileSync(b, 'utf8')).toContain('# by hand')
    void a
  })

  it('shows what restoring a version changes, as a diff with secrets fingerprinted', async () => {
    const { a, svc } = setup('diff')
    await svc.overview()
    await svc.setContext({ file: a, name: 'shared' }, { namespace: 'ns-1' })
    const [v] = await svc.history(a)
    const d = await svc.versionDiff(a, v.id)
    expect(d).toMatchObject({ file: a, id: v.id, existsNow: true, existedThen: true, omitted: 0 })
    const lines = d.hunks.flatMap((h) => h.lines)
    // Now the context has the namespace; the version does not.
    expect(lines.filter((l) => l.startsWith('-')).join('\n')).toContain('ns-1')
    expect(lines.filter((l) => l.startsWith('+')).join('\n')).not.toContain('ns-1')
    // The token is in the file and unchanged: if shown at all, only as a fingerprint.
    expect(JSON.stringify(d)).not.toContain('secret-token')
    const full = await svc.versionDiff(a, v.id)
    expect(full.hunks.length).toBeGreaterThan(0)
    // A version id that is not there: refused, naming the file.
    await expect(svc.versionDiff(a, 'nope')).rejects.toMatchObject({ info: { code: 'kubeconfig.no-such-version', file: a } })
  })

  it('adds a context with a new cluster and user, edits them, and deletes it with the entries it leaves unused, each one undo', async () => {
    const { a, b, dir, env, svc } = setup('entries')
    const kc = async (...args: string[]) => (await runKubectl(['config', ...args], env, dir)).stdout.trim()
    await svc.overview()
    // The entries a context uses, as the window sees them: how it authenticates, never the token.
    const prod = { file: a, name: 'prod' }
    const seen = await svc.contextEntries(prod)
    expect(seen.cluster).toMatchObject({ name: 'prod', file: a, server: 'https://127.0.0.1:1', insecure: false, usedBy: 2 })
    expect(seen.user).toMatchObject({ name: 'admin', auth: 'token', hasToken: true, usedBy: 2 })
    expect(JSON.stringify(seen)).not.toContain('secret-token')

    // A new context in b.yaml (not the first file), with its own cluster and user: one write.
    const caFile = join(dir, 'ca.crt')
    writeFileSync(caFile, '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n')
    const created = await svc.createContext({
      file: b,
      name: 'lab "x" $(id)',
      namespace: 'ops',
      cluster: 'lab',
      user: 'lab-admin',
      newCluster: { server: 'https://10.0.0.1:6443', certificateAuthority: caFile },
      newUser: { token: 'typed-token' }
    })
    expect(created.files).toEqual([b])
    expect(await kc('get-contexts', '-o', 'name')).toContain('lab "x" $(id)')
    expect(await kc('view', '--raw', '-o', 'jsonpath={.clusters[?(@.name=="lab")].cluster.server}')).toBe('https://10.0.0.1:6443')
    // Written as kubectl writes it: relative to the file that holds it (ca.crt sits beside b.yaml).
    expect(await kc('view', '--raw', '-o', 'jsonpath={.clusters[?(@.name=="lab")].cluster.certificate-authority}')).toBe('ca.crt')
    expect(await kc('view', '--raw', '-o', 'jsonpath={.users[?(@.name=="lab-admin")].user.token}')).toBe('typed-token')
    expect(await kc('view', '-o', 'jsonpath={.contexts[?(@.name=="lab \\"x\\" $(id)")].context.namespace}')).toBe('ops')
    // A name already in the file is refused, nothing written.
    const before = readFileSync(b)
    await expect(svc.createContext({ file: b, name: 'dev', cluster: 'dev', user: 'dev' })).rejects.toMatchObject({ info: { code: 'kubeconfig.exists', file: b } })
    await expect(svc.createContext({ file: b, name: 'other', cluster: 'lab', user: 'dev', newCluster: { server: 'https://x' } })).rejects.toMatchObject({ info: { code: 'kubeconfig.exists' } })
    expect(readFileSync(b).equals(before)).toBe(true)

    // Edit its cluster and user, as set-cluster and set-credentials would.
    const lab = created.context
    await svc.overview()
    await svc.setCluster(lab, { server: 'https://10.0.0.2:6443', insecureSkipTlsVerify: true })
    expect(await kc('view', '--raw', '-o', 'jsonpath={.clusters[?(@.name=="lab")].cluster.server}')).toBe('https://10.0.0.2:6443')
    expect(await kc('view', '--raw', '-o', 'jsonpath={.clusters[?(@.name=="lab")].cluster.insecure-skip-tls-verify}')).toBe('true')
    await svc.setCredentials(lab, { token: 'rotated' })
    expect(await kc('view', '--raw', '-o', 'jsonpath={.users[?(@.name=="lab-admin")].user.token}')).toBe('rotated')
    // A relative path typed in the window means nothing: refused, nothing written.
    const edited = readFileSync(b)
    await expect(svc.setCluster(lab, { certificateAuthority: 'ca.crt' })).rejects.toMatchObject({ info: { code: expect.stringMatching(/path/) } })
    expect(readFileSync(b).equals(edited)).toBe(true)

    // Deleting it offers the cluster and user nothing else uses (not prod's shared ones).
    expect(await svc.deletePreview(lab)).toEqual({ cluster: { name: 'lab', file: b }, user: { name: 'lab-admin', file: b } })
    expect(await svc.deletePreview({ file: a, name: 'shared' })).toEqual({})
    await svc.deleteContext(lab, { cluster: true, user: true })
    expect(await kc('get-clusters')).not.toContain('lab')
    expect(await kc('get-users')).not.toContain('lab-admin')
    expect(await kc('get-contexts', '-o', 'name')).not.toContain('lab')
    // One undo brings all three back.
    await svc.undo(b)
    expect(await kc('get-clusters')).toContain('lab')
    expect(await kc('get-users')).toContain('lab-admin')
    expect(await kc('get-contexts', '-o', 'name')).toContain('lab "x" $(id)')
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

  it('announces a switch only once it is recorded: an overview fetched on the event shows previous and recents', async () => {
    const { a, b, env, dir, svc, onEvent } = setup('record-first')
    await svc.overview()
    // What the renderer does: reload the overview when main says something changed.
    const fetched: Promise<KubeconfigOverview>[] = []
    onEvent((e) => {
      if (!e.payload.external) fetched.push(svc.overview())
    })
    const r = await svc.useContext({ file: b, name: 'dev' })
    expect(fetched).toHaveLength(1)
    const o = await fetched[0]
    expect(o.revision).toBe(r.revision)
    expect({ active: o.active, previous: o.previous, recent: o.recents[0] }).toEqual({ active: { file: b, name: 'dev' }, previous: { file: a, name: 'prod' }, recent: { file: b, name: 'dev' } })
    expect((await runKubectl(['config', 'current-context'], env, dir)).stdout).toBe('dev\n')

    // Overviews racing the switch, some made the moment the file changes (before main has
    // recorded the switch): any as new as the switch's revision shows all of it.
    const targets: ContextRef[] = [
      { file: a, name: 'prod' },
      { file: b, name: 'dev' }
    ]
    const racing: Promise<KubeconfigOverview>[] = []
    let raced = 0
    const watcher = watch(dir, () => racing.push(svc.overview()))
    try {
      for (let i = 0; i < 8; i++) {
        const to = targets[i % 2]
        const from = targets[(i + 1) % 2]
        racing.length = 0
        const switched = await svc.useContext(to)
        const seen = await Promise.all(racing)
        raced += seen.length
        for (const o of seen.filter((x) => x.revision >= switched.revision)) expect({ active: o.active, previous: o.previous }, `switch ${i}`).toEqual({ active: to, previous: from })
      }
    } finally {
      watcher.close()
    }
    expect(raced).toBeGreaterThan(0)
  })

  it('marks follow the context through rename, undo and restore, whether the app or the CLI made them', async () => {
    const { a, b, dir, env, svc } = setup('marks')
    const prod = { file: a, name: 'prod' }
    const kubectlNames = async () => (await runKubectl(['config', 'get-contexts', '-o', 'name'], env, dir)).stdout.split('\n').filter(Boolean)
    const marksOf = (o: KubeconfigOverview, name: string) => {
      const c = o.contexts.find((x) => x.file === a && x.name === name)!
      return { favourite: c.favourite, colour: c.colour }
    }
    const red = { favourite: true, colour: 'red' }
    await svc.overview()
    await svc.setPreferences(prod, { favourite: true, colour: 'red' })
    await svc.useContext({ file: b, name: 'dev' })
    await svc.useContext(prod)

    // The app renames prod: the red tag, the star and the recents go with it.
    await svc.renameContext(prod, 'prod-eu')
    let o = await svc.overview()
    expect(marksOf(o, 'prod-eu')).toEqual(red)
    expect(o.recents[0]).toEqual({ file: a, name: 'prod-eu' })

    // A new "prod" appears in the same file (the CLI), and gets a green tag of its own.
    expect((await runKubedeck(['config', 'set-context', 'prod', '--cluster=prod', '--user=admin'], env, dir)).code).toBe(0)
    await svc.overview()
    await svc.setPreferences(prod, { colour: 'green' })
    expect(marksOf(await svc.overview(), 'prod')).toEqual({ favourite: false, colour: 'green' })

    // Undo the new prod, then the rename: the prod that comes back is the one that was red.
    await svc.undo(a)
    await svc.undo(a)
    expect(await kubectlNames()).toEqual(['dev', 'prod', 'shared'])
    expect((await runKubectl(['config', 'current-context'], env, dir)).stdout).toBe('prod\n')
    o = await svc.overview()
    expect(marksOf(o, 'prod')).toEqual(red)
    expect(o.active).toEqual(prod)
    expect(o.recents).toEqual([prod, { file: b, name: 'dev' }])
    // Nothing is left under the other name for a future prod-eu to inherit.
    const prefs = JSON.parse(readFileSync(join(dir, 'data', 'kubeconfig', 'preferences.json'), 'utf8'))
    expect(Object.keys(prefs.marks[a])).toEqual(['prod'])

    // The CLI renames, then undoes: the app follows both.
    expect((await runKubedeck(['config', 'rename-context', 'prod', 'prod-x'], env, dir)).code).toBe(0)
    expect(marksOf(await svc.overview(), 'prod-x')).toEqual(red)
    expect((await runKubedeck(['config', 'undo', a], env, dir)).code).toBe(0)
    expect(marksOf(await svc.overview(), 'prod')).toEqual(red)

    // Two renames in a row, then a restore of the version before both (one step back).
    await svc.renameContext(prod, 'prod-1')
    await svc.renameContext({ file: a, name: 'prod-1' }, 'prod-2')
    const [, beforeBoth] = await svc.history(a)
    expect(beforeBoth.reason).toBe('rename-context prod prod-1')
    await svc.restore(a, beforeBoth.id)
    expect(await kubectlNames()).toEqual(['dev', 'prod', 'shared'])
    expect(marksOf(await svc.overview(), 'prod')).toEqual(red)
    // And the restore is undone like any write: prod-2 again, still red.
    await svc.undo(a)
    expect(await kubectlNames()).toEqual(['dev', 'prod-2', 'shared'])
    expect(marksOf(await svc.overview(), 'prod-2')).toEqual(red)
  })

  it('restores any saved version as an undoable write, even over a change made elsewhere', async () => {
    const { b, dir, env, svc } = setup('restore')
    const dev = { file: b, name: 'dev' }
    const namespaceOfDev = async () => (await runKubectl(['config', 'view', '-o', 'jsonpath={.contexts[?(@.name=="dev")].context.namespace}'], env, dir)).stdout
    await svc.overview()
    await svc.setContext(dev, { namespace: 'team-b' })
    await svc.setContext(dev, { namespace: 'team-c' })
    const versions = await svc.history(b)
    expect(versions.map((v) => v.reason)).toEqual(['set-context dev', 'set-context dev'])
    const original = versions[1]
    // Someone edits the file by hand: undo would drop that, so it refuses; restore saves it first.
    writeFileSync(b, readFileSync(b, 'utf8').replace('namespace: team-c', 'namespace: by-hand'))
    await expect(svc.undo(b)).rejects.toMatchObject({ info: { code: 'kubeconfig.changed-since' } })
    const r = await svc.restore(b, original.id)
    expect(r.restored).toMatchObject({ id: original.id, file: b })
    expect(readFileSync(b, 'utf8')).toBe(fileB)
    expect(await namespaceOfDev()).toBe('team-a')
    expect((await svc.history(b))[0].reason).toBe(`restore ${original.id}`)
    await svc.undo(b)
    expect(await namespaceOfDev()).toBe('by-hand')
    // An id that is not in the history: refused, naming the file; nothing written.
    const before = readFileSync(b)
    await expect(svc.restore(b, 'no-such-version')).rejects.toMatchObject({ info: { code: 'kubeconfig.no-such-version', file: b } })
    expect(readFileSync(b).equals(before)).toBe(true)
  })

  it('takes ~/… in paths the user types and refuses relative ones, changing nothing', async () => {
    const { dir, svc, env } = setup('typed-paths')
    const prod = { file: join(dir, 'a.yaml'), name: 'prod' }
    mkdirSync(join(dir, 'clusters'))
    writeFileSync(join(dir, 'clusters', 'lab.yaml'), fileB.replace(/dev/g, 'lab'))
    writeFileSync(join(dir, 'incoming.yaml'), fileB.replace(/dev/g, 'edge'))
    await svc.overview()
    for (const [what, call] of [
      ['the folder to add', () => svc.addFolder('clusters')],
      ['the file to export to', () => svc.export(prod, 'prod.kubeconfig')],
      ['the file to import', () => svc.importPreview('./incoming.yaml')],
      ['the file to export to', () => svc.export(prod, '~root/prod.kubeconfig')]
    ] as const) {
      await expect(call(), what).rejects.toMatchObject({ info: { code: 'input.path-relative', message: expect.stringMatching(new RegExp(`^${what}`, 'i')), hint: expect.stringContaining('~/') } })
    }
    expect((await svc.overview()).folders).toEqual([])
    expect(existsSync(join(dir, 'prod.kubeconfig'))).toBe(false)
    await expect(svc.export(prod, '~/clusters')).rejects.toMatchObject({ info: { code: 'input.path-is-folder', file: join(dir, 'clusters') } })

    // ~ is the user's home (the HOME kubectl uses), expanded in main.
    expect((await svc.addFolder('~/clusters')).folders).toEqual([join(dir, 'clusters')])
    expect((await svc.export(prod, '~/out/prod.kubeconfig')).path).toBe(join(dir, 'out', 'prod.kubeconfig'))
    expect((await runKubectl(['config', 'get-contexts', '-o', 'name', '--kubeconfig', join(dir, 'out', 'prod.kubeconfig')], env, dir)).stdout).toBe('prod\n')
    expect((await svc.importPreview('~/incoming.yaml')).source).toBe(join(dir, 'incoming.yaml'))
  })

  it("the renderer's view never contains secrets", async () => {
    const { svc } = setup('view')
    const { yaml } = await svc.view({ minify: false, flatten: false })
    expect(yaml).toContain('token: REDACTED')
    expect(yaml).not.toContain('secret-token')
  })
})
