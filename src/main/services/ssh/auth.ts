// Client authentication in OpenSSH's order (PreferredAuthentications, default publickey,
// keyboard-interactive, password; gssapi and hostbased are not offered): public keys from the
// agent and the IdentityFiles, then keyboard-interactive prompts relayed to the person, then
// the password, each retried up to NumberOfPasswordPrompts times. What was tried is kept for a
// "Permission denied" that says what happened.
import type { AuthenticationType, AuthHandlerMiddleware, NextAuthHandler } from 'ssh2'
import type { SshOptions } from './config'
import type { KeyChain } from './identities'
import type { SecretPrompter } from './secrets'
import type { SshInteraction } from './types'
import { t, type Sentence } from '../../../shared/error-messages'

type Method = 'publickey' | 'keyboard-interactive' | 'password'

export interface AuthRecord {
  method: Method
  detail: string
}

export class Authenticator {
  readonly tried: AuthRecord[] = []
  /** The server's list from its last "failure" answer (OpenSSH prints it). */
  serverMethods: string[] = []
  /** The method that succeeded (after 'ready'). */
  lastMethod: Method | null = null
  private readonly order: Method[]
  private used = new Map<Method, number>()
  private exhausted = new Set<Method>()
  private pendingPassword: { secret: string; remember: boolean; fromVault: boolean } | null = null
  private vaultTried = false
  private asked = 0
  private started = false

  constructor(
    private readonly o: SshOptions,
    private readonly keys: KeyChain,
    private readonly secrets: SecretPrompter,
    private readonly interaction: SshInteraction
  ) {
    const wanted = (o.preferredAuthentications ?? 'gssapi-with-mic,publickey,keyboard-interactive,password').split(',')
    const enabled: Record<Method, boolean> = {
      publickey: o.pubkeyAuthentication !== 'false',
      'keyboard-interactive': o.kbdInteractiveAuthentication && !o.batchMode,
      password: o.passwordAuthentication && !o.batchMode
    }
    this.order = wanted.filter((m): m is Method => m in enabled && enabled[m as Method])
  }

  /** ssh2's authHandler. */
  readonly handler: AuthHandlerMiddleware = (methodsLeft, _partial, next) => {
    if (!this.started) {
      this.started = true
      // Like ssh: ask with "none" first to learn which methods the server takes.
      return { type: 'none', username: this.o.user }
    }
    if (methodsLeft) this.serverMethods = methodsLeft
    void this.next(methodsLeft ?? [], next)
    return undefined as never
  }

  private async next(methodsLeft: string[], next: NextAuthHandler): Promise<void> {
    for (const method of this.order) {
      if (this.exhausted.has(method) || !methodsLeft.includes(method)) continue
      const auth = await this.attempt(method)
      if (auth) {
        this.lastMethod = method
        this.used.set(method, (this.used.get(method) ?? 0) + 1)
        return next(auth as unknown as AuthenticationType)
      }
      this.exhausted.add(method)
    }
    next(false as never)
  }

  private async attempt(method: Method): Promise<object | null> {
    const user = this.o.user
    const count = this.used.get(method) ?? 0
    if (method === 'publickey') {
      // The key chain offers every key in one go; ssh2 walks through them.
      if (count > 0 || !(await this.keys.hasKeys())) return null
      this.tried.push({ method, detail: 'agent and identity files' })
      return { type: 'agent', username: user, agent: this.keys }
    }
    if (method === 'keyboard-interactive') {
      if (count >= this.o.numberOfPasswordPrompts) return null
      this.tried.push({ method, detail: `attempt ${count + 1}` })
      return {
        type: 'keyboard-interactive',
        username: user,
        prompt: (name: string, instructions: string, _lang: string, prompts: { prompt: string; echo?: boolean }[], finish: (r: string[]) => void) => {
          this.interaction.keyboardInteractive({ host: this.o.hostname, user, name, instructions, prompts: prompts.map((p) => ({ prompt: p.prompt, echo: !!p.echo })) }).then(
            (answers) => {
              if (answers === null) this.exhausted.add('keyboard-interactive')
              finish(answers ?? prompts.map(() => ''))
            },
            () => {
              this.exhausted.add('keyboard-interactive')
              finish(prompts.map(() => ''))
            }
          )
        }
      }
    }
    const req = { kind: 'password' as const, host: this.o.hostname, user, port: this.o.port }
    if (!this.vaultTried) {
      this.vaultTried = true
      const stored = await this.secrets.remembered(req)
      if (stored !== null) {
        this.pendingPassword = { secret: stored, remember: false, fromVault: true }
        this.tried.push({ method, detail: 'remembered password' })
        return { type: 'password', username: user, password: stored }
      }
    } else if (this.pendingPassword?.fromVault) {
      // The remembered password was refused: forget it, then ask.
      await this.secrets.forget(req)
    }
    if (this.asked >= this.o.numberOfPasswordPrompts) return null
    const answer = await this.secrets.ask({ kind: 'password', host: this.o.hostname, user, attempt: ++this.asked })
    if (answer === null) return null
    this.pendingPassword = { secret: answer.secret, remember: !!answer.remember, fromVault: false }
    this.tried.push({ method, detail: `attempt ${this.asked}` })
    return { type: 'password', username: user, password: answer.secret }
  }

  /** After 'ready': keep a password the person asked to remember. */
  async succeeded(): Promise<void> {
    if (this.lastMethod === 'password' && this.pendingPassword?.remember) {
      await this.secrets.remember({ kind: 'password', host: this.o.hostname, user: this.o.user, port: this.o.port }, this.pendingPassword.secret)
    }
    this.pendingPassword = null
  }

  /** OpenSSH's "Permission denied (…)" plus what Kubedeck tried. */
  deniedMessage(): Sentence {
    const methods = this.serverMethods.length ? this.serverMethods.join(',') : 'none'
    return t`${this.o.user}@${this.o.hostname}: Permission denied (${methods}).`
  }

  triedSummary(): string[] {
    const lines: string[] = []
    for (const a of this.keys.attempts) lines.push(`publickey ${a.source}: ${a.key} (${a.outcome}${a.detail ? `: ${a.detail}` : ''})`)
    if (!this.keys.attempts.length && this.order.includes('publickey')) lines.push('publickey: no keys (no agent, no identity file found)')
    for (const t of this.tried) if (t.method !== 'publickey') lines.push(`${t.method}: ${t.detail}`)
    const off = (['publickey', 'keyboard-interactive', 'password'] as Method[]).filter((m) => !this.order.includes(m))
    if (off.length) lines.push(`not tried (disabled by the ssh config${this.o.batchMode ? ' or BatchMode' : ''}): ${off.join(', ')}`)
    return [...lines, ...this.keys.warnings]
  }
}
