import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { EncryptedFileVault, unavailableVault } from './secret-vault'
import type { SecretCipher } from './types'

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-vault-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** AES-GCM under a key of this process: what safeStorage does with the OS keychain's key. */
function aesCipher(key = randomBytes(32)): SecretCipher {
  return {
    isAvailable: () => true,
    encrypt(plain) {
      const iv = randomBytes(12)
      const c = createCipheriv('aes-256-gcm', key, iv)
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()])
      return Buffer.concat([iv, c.getAuthTag(), body])
    },
    decrypt(blob) {
      const d = createDecipheriv('aes-256-gcm', key, blob.subarray(0, 12))
      d.setAuthTag(blob.subarray(12, 28))
      return Buffer.concat([d.update(blob.subarray(28)), d.final()]).toString('utf8')
    }
  }
}

describe('EncryptedFileVault', () => {
  it('keeps secrets only encrypted on disk, and forgets them on request', async () => {
    const vault = new EncryptedFileVault(dir, aesCipher())
    await vault.set('ssh-password:root@node-1:22', 'hunter2-very-secret')
    expect(await vault.get('ssh-password:root@node-1:22')).toBe('hunter2-very-secret')
    const file = readFileSync(join(dir, 'secrets.json'), 'utf8')
    expect(file).not.toContain('hunter2')
    await vault.delete('ssh-password:root@node-1:22')
    expect(await vault.get('ssh-password:root@node-1:22')).toBeNull()
  })

  it('drops a secret another keychain encrypted (a copied profile) instead of failing', async () => {
    await new EncryptedFileVault(dir, aesCipher()).set('k', 'v')
    const other = new EncryptedFileVault(dir, aesCipher())
    expect(await other.get('k')).toBeNull()
    expect(JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')).secrets.k).toBeUndefined()
  })

  it('says why nothing is remembered in the CLI and web mode', async () => {
    const none = unavailableVault('needs the desktop app')
    expect(none.available).toBe(false)
    expect(await none.get('k')).toBeNull()
    await expect(none.set('k', 'v')).rejects.toThrow('needs the desktop app')
  })
})
