// Remembered secrets, only when a person ticks "remember": encrypted by the shell's cipher
// (Electron safeStorage, i.e. the OS keychain) and kept in the data folder. Without such a
// cipher (CLI, web mode) nothing is ever remembered, and the reason says so.
import { join } from 'node:path'
import { JsonStore } from '../app'
import type { SecretCipher, SecretVault } from './types'

export function unavailableVault(reason: string): SecretVault {
  return {
    available: false,
    reason,
    get: async () => null,
    set: async () => {
      throw new Error(reason)
    },
    delete: async () => undefined
  }
}

export const NO_VAULT_REASON =
  'Remembering passwords needs the desktop app (the OS keychain through Electron safeStorage); the CLI and web mode never store secrets.'

export class EncryptedFileVault implements SecretVault {
  private readonly store: JsonStore<{ secrets: Record<string, string> }>

  constructor(
    dataDir: string,
    private readonly cipher: SecretCipher
  ) {
    this.store = new JsonStore(join(dataDir, 'secrets.json'), () => ({ secrets: {} }))
  }

  get available(): boolean {
    return this.cipher.isAvailable()
  }

  get reason(): string | undefined {
    if (this.available) return undefined
    return this.cipher.unavailableReason?.() ?? 'The OS keychain is not available, so Kubedeck cannot encrypt secrets to remember them.'
  }

  async get(key: string): Promise<string | null> {
    if (!this.available) return null
    const blob = (await this.store.read()).secrets[key]
    if (blob === undefined) return null
    try {
      return this.cipher.decrypt(Buffer.from(blob, 'base64'))
    } catch {
      // Encrypted under another keychain (a copied profile): useless, so forget it.
      await this.delete(key)
      return null
    }
  }

  async set(key: string, secret: string): Promise<void> {
    if (!this.available) throw new Error(this.reason)
    const blob = this.cipher.encrypt(secret).toString('base64')
    await this.store.update((s) => ({ secrets: { ...s.secrets, [key]: blob } }), 'remember secret')
  }

  async delete(key: string): Promise<void> {
    const current = await this.store.read()
    if (!(key in current.secrets)) return
    await this.store.update((s) => {
      const secrets = { ...s.secrets }
      delete secrets[key]
      return { secrets }
    }, 'forget secret')
  }
}
