// The UI's SshInteraction: a question goes to the one window that started the connection (the
// handlers turn it into an `ssh.prompt` stream event) and waits for that window's
// `ssh.answerPrompt`. A window that goes away declines everything it was asked.
import { randomUUID } from 'node:crypto'
import { AppError } from '../../../shared/errors'
import type { SshPrompt, SshPromptAnswer } from '../../../shared/model/ssh'
import type { SecretAnswer, SecretVault, SshInteraction } from './types'
import { t } from '../../../shared/error-messages'

/** The window a question goes to: it hears prompts, and it may go away (closed, reloaded). */
export interface PromptClient {
  /** The same window asking again has the same id. */
  readonly id: string
  ask(prompt: SshPrompt): void
  onGone(fn: () => void): void
}

interface Pending {
  clientId: string
  kind: SshPrompt['kind']
  settle(answer: SshPromptAnswer | null): void
}

export class SshPromptBroker {
  private readonly pending = new Map<string, Pending>()
  private readonly watched = new Set<string>()

  constructor(private readonly vault: SecretVault) {}

  interactionFor(client: PromptClient): SshInteraction {
    if (!this.watched.has(client.id)) {
      this.watched.add(client.id)
      client.onGone(() => {
        this.watched.delete(client.id)
        for (const [id, p] of this.pending) if (p.clientId === client.id) this.settle(id, null)
      })
    }
    const ask = <T>(prompt: SshPrompt, read: (a: SshPromptAnswer | null) => T): Promise<T> =>
      new Promise<T>((resolve) => {
        this.pending.set(prompt.id, { clientId: client.id, kind: prompt.kind, settle: (a) => resolve(read(a)) })
        client.ask(prompt)
      })
    return {
      confirmHostKey: (info) => ask({ id: randomUUID(), kind: 'host-key', ...info }, (a) => (a?.kind === 'host-key' ? a.decision : 'reject')),
      askSecret: (req) =>
        ask({ id: randomUUID(), ...req, kind: 'secret', secretKind: req.kind, canRemember: this.vault.available }, (a): SecretAnswer | null =>
          a?.kind === 'secret' && a.secret !== null ? { secret: a.secret, remember: !!a.remember && this.vault.available } : null
        ),
      keyboardInteractive: (req) => ask({ id: randomUUID(), kind: 'keyboard-interactive', ...req }, (a) => (a?.kind === 'keyboard-interactive' ? a.responses : null))
    }
  }

  /** `ssh.answerPrompt`: only the window that was asked may answer, and only once. */
  answer(from: Pick<PromptClient, 'id'>, id: string, answer: SshPromptAnswer): void {
    const p = this.pending.get(id)
    if (!p || p.clientId !== from.id) {
      throw new AppError({ code: 'ssh.prompt-unknown', message: t`This question is no longer waiting for an answer (it was answered, cancelled, or asked elsewhere).` })
    }
    if (p.kind !== answer.kind) throw new AppError({ code: 'input.invalid', message: t`A ${p.kind} question needs a ${p.kind} answer.` })
    this.settle(id, answer)
  }

  private settle(id: string, answer: SshPromptAnswer | null): void {
    const p = this.pending.get(id)
    if (!p) return
    this.pending.delete(id)
    p.settle(answer)
  }

  /** Questions still waiting (for tests and diagnostics). */
  get waiting(): number {
    return this.pending.size
  }
}
