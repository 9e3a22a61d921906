// TerminalService with local shells: the private kubeconfig (modes, lifetime, what kubectl
// sees through it), window ownership and detach/expiry. kubectl is the oracle.
import { existsSync, statSync, writeFileSync } from 'node:fs'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { TerminalInfo } from '../../../shared/model/terminals'
import { TerminalService } from './terminal-service'
import type { TerminalViewer } from './types'

class Window implements TerminalViewer {
  data = ''
  states: TerminalInfo[] = []
  closed: string[] = []
  private disconnect: (() => void)[] = []
  constructor(
    readonly id: string,
    private readonly service: () => TerminalService
  ) {}
  show: TerminalViewer['show'] = (stream, payload) => {
    if (stream === 'data') {
      const { id, data } = payload as { id: string; data: string }
      this.data += data
      setImmediate(() => this.service().acknowledge(id, data.length, this))
    } else if (stream === 'state') this.states.push(payload as TerminalInfo)
    else if (stream === 'closed') this.closed.push((payload as { id: string }).id)
  }
  onGone(fn: () => void): void {
    this.disconnect.push(fn)
  }
  goAway(): void {
    for (const fn of this.disconnect.splice(0)) fn()
  }
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const kubeconfigYaml = (name: string) => `apiVersion: v1
kind: Config
clusters:
- name: lab
  cluster: { server: 'https://127.0.0.1:1' }
users:
- name: admin
  user: { token: secret-token }
contexts:
- name: ${name}
  context: { cluster: lab, user: admin }
current-context: ${name}
`

let root: string
let service: TerminalService
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'kubedeck-terminals-test-'))
  service = new TerminalService({
    kubeConfigFor: () => Promise.reject(new Error('not used')),
    writeMinifiedKubeconfig: async (context, path) => writeFileSync(path, kubeconfigYaml(context.name), { mode: 0o600 }),
    connectSsh: () => Promise.reject(new Error('not used')),
    env: { PATH: process.env.PATH, HOME: root, SHELL: '/bin/sh', KUBECONFIG: '/nonexistent/should-be-overridden' },
    tempRoot: root,
    detachGraceMs: 300
  })
})
afterEach(async () => {
  await service.close()
  rmSync(root, { recursive: true, force: true })
})

describe('local shells', () => {
  it('pins KUBECONFIG to a private minified copy of the chosen context, removed when the shell ends', async () => {
    const w = new Window('w1', () => service)
    const id = crypto.randomUUID()
    const info = await service.openLocal({ id, cols: 80, rows: 24, context: { file: '/home/me/.kube/config', name: 'prod-eu' } }, w)
    expect(info).toMatchObject({ state: 'connected', kind: 'local', context: { name: 'prod-eu' } })
    const [dir] = service.privateKubeconfigDirs
    expect(statSync(dir).mode & 0o777).toBe(0o700)
    expect(statSync(join(dir, 'kubeconfig')).mode & 0o777).toBe(0o600)

    // Type at the prompt, as a person would (input typed ahead is echoed before the prompt).
    await until('the prompt', () => /[#$] $/.test(w.data))
    service.write(id, 'echo "[$KUBECONFIG]"; kubectl config current-context; exit\n', w)
    await until('the exit', () => w.states.some((s) => s.state === 'exited'))
    expect(w.data).toContain(`[${join(dir, 'kubeconfig')}]`)
    expect(w.data).toMatch(/\r\nprod-eu\r\n/)
    expect(existsSync(dir)).toBe(false)
    expect(service.privateKubeconfigDirs).toEqual([])
  })

  it('removes the private kubeconfig when the app closes with the shell still running', async () => {
    const w = new Window('w1', () => service)
    await service.openLocal({ id: crypto.randomUUID(), cols: 80, rows: 24, context: { file: '/k', name: 'dev' } }, w)
    const [dir] = service.privateKubeconfigDirs
    expect(existsSync(dir)).toBe(true)
    await service.close()
    expect(existsSync(dir)).toBe(false)
  })
})

describe('windows', () => {
  it('refuses input from a window that does not show the terminal', async () => {
    const a = new Window('a', () => service)
    const b = new Window('b', () => service)
    const id = crypto.randomUUID()
    await service.openLocal({ id, cols: 80, rows: 24, context: { file: '/k', name: 'dev' } }, a)
    expect(() => service.write(id, 'x', b)).toThrow(/another window/)
    await expect(service.openLocal({ id, cols: 80, rows: 24, context: { file: '/k', name: 'dev' } }, a)).rejects.toThrow(/already open/)
  })

  it('detaches when the window goes away, reattaches within the grace period, closes after it', async () => {
    const a = new Window('a', () => service)
    const id = crypto.randomUUID()
    await service.openLocal({ id, cols: 80, rows: 24, context: { file: '/k', name: 'dev' } }, a)
    service.write(id, `printf '_%s_\\n' before\n`, a)
    await until('output', () => a.data.includes('_before_'))
    a.goAway()
    expect(service.list()[0]).toMatchObject({ id, attached: false })

    const b = new Window('b', () => service)
    service.attach(id, { cols: 90, rows: 20 }, b)
    expect(b.data).toContain('_before_')
    service.write(id, 'stty size\n', b)
    await until('size', () => b.data.includes('20 90'))

    b.goAway()
    await until('expiry', () => service.list().length === 0, 3000)
    expect(service.privateKubeconfigDirs).toEqual([])
  })
})
