// What the terminal integration tests share: a window as main sees it (records what it is
// sent, acknowledges on demand), waiting, and a TerminalService wired to the real SSH service.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TerminalInfo } from '../../../src/shared/model/terminals'
import { SshService } from '../../../src/main/services/ssh'
import { TerminalService, type TerminalServiceDeps, type TerminalViewer } from '../../../src/main/services/terminals'
import { scripted } from '../ssh/scripted-interaction'

/** The terminal tests' own lab instance, unless the run shares one (KUBEDECK_LAB_INSTANCE). */
export const LAB_INSTANCE = process.env.KUBEDECK_LAB_INSTANCE ?? 'terminals'

/** The renderer side of one window: output arrives here; `autoAck` acknowledges as xterm.js would. */
export class TestWindow implements TerminalViewer {
  readonly id: string
  data = ''
  states: TerminalInfo[] = []
  closed: string[] = []
  autoAck = true
  private unacked = new Map<string, number>()
  private disconnect: (() => void)[] = []

  constructor(
    private readonly service: () => TerminalService,
    clientId = `window-${Math.random().toString(36).slice(2)}`
  ) {
    this.id = clientId
  }

  show: TerminalViewer['show'] = (stream, payload) => {
    if (stream === 'data') {
      const { id, data } = payload as { id: string; data: string }
      this.data += data
      this.unacked.set(id, (this.unacked.get(id) ?? 0) + data.length)
      if (this.autoAck) setImmediate(() => this.ackAll())
    } else if (stream === 'state') this.states.push(payload as TerminalInfo)
    else if (stream === 'closed') this.closed.push((payload as { id: string }).id)
  }

  onGone(fn: () => void): void {
    this.disconnect.push(fn)
  }

  ackAll(): void {
    for (const [id, n] of this.unacked) if (n > 0) this.service().acknowledge(id, n, this)
    this.unacked.clear()
  }

  /** Everything received since `mark` (a length of `data` taken earlier). */
  since(mark: number): string {
    return this.data.slice(mark)
  }

  lastState(): TerminalInfo | undefined {
    return this.states.at(-1)
  }

  goAway(): void {
    for (const fn of this.disconnect.splice(0)) fn()
  }
}

export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A TerminalService whose SSH terminals go through the real SshService with `sshConfig`. */
export function sshTerminals(sshConfig: string, deps: Partial<TerminalServiceDeps> = {}): { terminals: TerminalService; ssh: SshService; close(): Promise<void> } {
  const dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-terminals-it-'))
  const ssh = new SshService({ dataDir, configFile: sshConfig, env: { ...process.env, SSH_AUTH_SOCK: undefined } })
  const terminals = new TerminalService({
    kubeConfigFor: () => Promise.reject(new Error('this test opens no pod terminals')),
    writeMinifiedKubeconfig: () => Promise.reject(new Error('this test opens no local shells')),
    // The lab's known_hosts holds every host key: nothing may be asked.
    connectSsh: (target) => ssh.connect(target, scripted()),
    env: process.env,
    ...deps
  })
  return {
    terminals,
    ssh,
    close: async () => {
      await terminals.close()
      ssh.close()
      rmSync(dataDir, { recursive: true, force: true })
    }
  }
}
