// Asking for passphrases, passwords and sudo passwords: a remembered one first (only if the
// person once asked to remember it), then the person, again after a wrong answer, up to
// NumberOfPasswordPrompts times. Secrets are never written anywhere else.
import type { SecretRequest } from '../../../shared/model/ssh'
import type { SecretAnswer, SecretVault, SshInteraction } from './types'

export function vaultKey(req: Omit<SecretRequest, 'attempt'> & { port?: number }): string {
  if (req.kind === 'passphrase') return `ssh-passphrase:${req.keyFile}`
  return `${req.kind === 'sudo' ? 'sudo' : 'ssh'}-password:${req.user}@${req.host}:${req.port ?? 22}`
}

function normalise(answer: string | SecretAnswer | null): SecretAnswer | null {
  if (answer === null) return null
  return typeof answer === 'string' ? { secret: answer } : answer
}

export class SecretPrompter {
  constructor(
    private readonly interaction: SshInteraction,
    private readonly vault: SecretVault,
    /** BatchMode: never ask anyone. */
    private readonly batchMode: boolean,
    private readonly maxAttempts: number
  ) {}

  /** The remembered secret for a request, if any. */
  remembered(req: Omit<SecretRequest, 'attempt'> & { port?: number }): Promise<string | null> {
    return this.vault.available ? this.vault.get(vaultKey(req)) : Promise.resolve(null)
  }

  forget(req: Omit<SecretRequest, 'attempt'> & { port?: number }): Promise<void> {
    return this.vault.available ? this.vault.delete(vaultKey(req)) : Promise.resolve()
  }

  remember(req: Omit<SecretRequest, 'attempt'> & { port?: number }, secret: string): Promise<void> {
    return this.vault.available ? this.vault.set(vaultKey(req), secret) : Promise.resolve()
  }

  /** One question to the person (null: declined, or batch mode). */
  async ask(req: SecretRequest): Promise<SecretAnswer | null> {
    if (this.batchMode) return null
    return normalise(await this.interaction.askSecret(req))
  }

  /**
   * A value that `check` accepts: from the vault, else asked up to maxAttempts times. Returns
   * null when the person declines or every answer was wrong.
   */
  async obtain<T>(req: Omit<SecretRequest, 'attempt'> & { port?: number }, check: (secret: string) => Promise<T | null>): Promise<T | null> {
    const stored = await this.remembered(req)
    if (stored !== null) {
      const ok = await check(stored)
      if (ok !== null) return ok
      await this.forget(req)
    }
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const answer = await this.ask({ kind: req.kind, host: req.host, user: req.user, keyFile: req.keyFile, attempt })
      if (answer === null) return null
      const ok = await check(answer.secret)
      if (ok !== null) {
        if (answer.remember) await this.remember(req, answer.secret)
        return ok
      }
    }
    return null
  }
}
