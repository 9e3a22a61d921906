// Local shells pinned to a context: the shell's KUBECONFIG is a private minified copy of the
// chosen context, so the real kubectl (the oracle, /usr/bin/kubectl) in that shell sees that
// context and reaches the lab's API server with it, whatever the user's own current context
// is; the copy is readable only by the user and gone when the shell ends.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KubeconfigService } from '../../../src/main/services/kubeconfig'
import { TerminalService, minifiedKubeconfigWriter } from '../../../src/main/services/terminals'
import { labSkipReason, requireLab, type LabInfo } from '../../lab'
import { LAB_INSTANCE, TestWindow, until } from './support'

const skip = labSkipReason()

describe.skipIf(!!skip)(`local shells pinned to a context ${skip ?? ''}`, () => {
  let lab: LabInfo
  let dir: string
  let terminals: TerminalService
  let kubeconfig: KubeconfigService | undefined
  let userKubeconfig: string

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    dir = mkdtempSync(join(tmpdir(), 'kubedeck-local-shell-it-'))
    // The user's kubeconfig chain: a file whose current context is elsewhere, then the lab's.
    userKubeconfig = join(dir, 'other.yaml')
    writeFileSync(
      userKubeconfig,
      'apiVersion: v1\nkind: Config\nclusters:\n- name: elsewhere\n  cluster: { server: "https://127.0.0.1:9" }\nusers:\n- name: someone\n  user: { token: not-the-lab }\ncontexts:\n- name: elsewhere\n  context: { cluster: elsewhere, user: someone }\ncurrent-context: elsewhere\n'
    )
    const env = { PATH: process.env.PATH, HOME: dir, SHELL: '/bin/sh', KUBECONFIG: `${userKubeconfig}:${lab.kubeconfig}` }
    terminals = new TerminalService({
      kubeConfigFor: () => Promise.reject(new Error('this test opens no pod terminals')),
      writeMinifiedKubeconfig: minifiedKubeconfigWriter((kubeconfig = new KubeconfigService({ dataDir: join(dir, 'data'), env, watch: false }))),
      connectSsh: () => Promise.reject(new Error('this test opens no SSH terminals')),
      env,
      tempRoot: dir
    })
  })
  afterAll(async () => {
    await terminals?.close()
    kubeconfig?.close()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('runs kubectl against the chosen context through a private minified kubeconfig, removed when the shell exits', async () => {
    const window = new TestWindow(() => terminals)
    const id = crypto.randomUUID()
    const info = await terminals.openLocal({ id, cols: 120, rows: 30, context: { file: lab.kubeconfig, name: lab.context } }, window)
    expect(info).toMatchObject({ state: 'connected', kind: 'local', context: { name: lab.context } })

    const [folder] = terminals.privateKubeconfigDirs
    const file = join(folder, 'kubeconfig')
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    const copy = readFileSync(file, 'utf8')
    // Minified (only the chosen context) and flattened (certificates embedded).
    expect(copy).not.toContain('elsewhere')
    expect(copy).toMatch(/client-certificate-data: /)

    // Type at the prompt, as a person would (input typed ahead is echoed before the prompt).
    await until('the prompt', () => /[#$] $/.test(window.data))
    terminals.write(id, `kubectl config current-context; kubectl get namespace demo -o name; printf '%s\\n' "$KUBECONFIG"; exit\n`, window)
    await until('the shell to exit', () => window.lastState()?.state === 'exited', 30_000)
    expect(window.data).toContain(`\r\n${lab.context}\r\n`)
    expect(window.data).toContain('\r\nnamespace/demo\r\n')
    expect(window.data).toContain(`\r\n${file}\r\n`)
    expect(window.lastState()).toMatchObject({ exitCode: 0 })
    expect(existsSync(folder)).toBe(false)
    expect(terminals.privateKubeconfigDirs).toEqual([])
  })
})
