// Public-key identities in OpenSSH's order (sshconnect2.c pubkey_prepare): agent keys first
// (an agent key that is also an IdentityFile is used through the agent), then the remaining
// IdentityFiles. IdentitiesOnly drops agent keys that are not configured. All of them are
// offered to ssh2 as one custom agent, so the server is asked about each public key before any
// private key is needed: a passphrase is only asked for a key the server would accept.
import { readFile } from 'node:fs/promises'
import ssh2 from 'ssh2'
import type { ParsedKey } from 'ssh2'
import type { SshOptions } from './config'
import { percentDollarExpand, tildeExpand } from './config'
import type { SecretPrompter } from './secrets'

const { BaseAgent, OpenSSHAgent, utils } = ssh2

export interface IdentityAttempt {
  /** `agent` or the identity file's path. */
  source: string
  /** e.g. `ED25519 SHA256:…`. */
  key: string
  /** offered: the server was asked; signed: a signature was sent; skipped: why not used. */
  outcome: 'offered' | 'signed' | 'skipped'
  detail?: string
}

interface Identity {
  pub: ParsedKey
  /** Set when the agent holds it (signing goes to the agent). */
  viaAgent: boolean
  file?: string
  /** Private key file text, when it is a file. */
  privateText?: Buffer
  /** Parsed private key once unlocked (or unencrypted). */
  privateKey?: ParsedKey
  encrypted: boolean
}

const PEM_ENCRYPTED = /Proc-Type:\s*4,ENCRYPTED|BEGIN ENCRYPTED PRIVATE KEY/

function describe(key: ParsedKey): string {
  return `${key.type} ${key.comment || ''}`.trim()
}

function firstKey(parsed: ParsedKey | ParsedKey[] | Error): ParsedKey | Error {
  return Array.isArray(parsed) ? parsed[0] : parsed
}

/** The public key stored unencrypted in an OpenSSH-format private key file, or null. */
export function publicKeyOfOpenSshPrivate(text: string): Buffer | null {
  const m = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(text)
  if (!m) return null
  const data = Buffer.from(m[1].replace(/\s+/g, ''), 'base64')
  const magic = Buffer.from('openssh-key-v1\0', 'latin1')
  if (!data.subarray(0, magic.length).equals(magic)) return null
  let off = magic.length
  const str = () => {
    if (off + 4 > data.length) return null
    const len = data.readUInt32BE(off)
    const s = data.subarray(off + 4, off + 4 + len)
    off += 4 + len
    return s
  }
  str() // cipher name
  str() // kdf name
  str() // kdf options
  if (off + 4 > data.length) return null
  const n = data.readUInt32BE(off)
  off += 4
  if (n < 1) return null
  return str()
}

export interface KeyChainOptions {
  options: SshOptions
  env: NodeJS.ProcessEnv
  home: string
  secrets: SecretPrompter
  host: string
  user: string
}

/**
 * The identities of one connection attempt, as an ssh2 agent. `attempts` tells what was tried
 * (for "Permission denied" reports).
 */
export class KeyChain extends BaseAgent {
  readonly attempts: IdentityAttempt[] = []
  readonly warnings: string[] = []
  private identities: Identity[] | null = null
  private agent: InstanceType<typeof OpenSSHAgent> | null = null

  constructor(private readonly o: KeyChainOptions) {
    super()
  }

  /** The agent socket ssh would use (IdentityAgent, else SSH_AUTH_SOCK), or null for none. */
  agentSocket(): string | null {
    const ia = this.o.options.identityAgent
    if (ia === null || ia === 'SSH_AUTH_SOCK') return this.o.env.SSH_AUTH_SOCK || null
    if (ia === 'none') return null
    if (ia.startsWith('$') && !ia.startsWith('${')) return this.o.env[ia.slice(1)] || null
    return ia
  }

  /** True when there is anything to offer (so publickey is worth trying). */
  async hasKeys(): Promise<boolean> {
    return (await this.load()).length > 0
  }

  private async load(): Promise<Identity[]> {
    if (this.identities) return this.identities
    const files: Identity[] = []
    for (const entry of this.o.options.identityFiles) {
      let path: string
      try {
        path = percentDollarExpand(tildeExpand(entry.path, this.o.home), this.o.options.tokens, this.o.env)
      } catch (e) {
        this.warnings.push(`IdentityFile ${entry.path}: ${(e as Error).message}`)
        continue
      }
      const id = await this.loadFile(path, entry.userProvided)
      if (id) files.push(id)
    }
    const ordered: Identity[] = []
    const socket = this.agentSocket()
    if (socket) {
      this.agent = new OpenSSHAgent(socket)
      const agentKeys = await new Promise<ParsedKey[]>((resolve) =>
        this.agent!.getIdentities((err, keys) => {
          if (err) {
            this.warnings.push(`The ssh agent at ${socket} did not answer (${err.message}); its keys were not tried.`)
            resolve([])
          } else resolve((keys ?? []).map((k) => firstKey(utils.parseKey(k as never))).filter((k): k is ParsedKey => !(k instanceof Error)))
        })
      )
      for (const key of agentKeys) {
        const blob = key.getPublicSSH()
        const i = files.findIndex((f) => f.pub.getPublicSSH().equals(blob))
        if (i >= 0) {
          const [file] = files.splice(i, 1)
          ordered.push({ ...file, viaAgent: true })
        } else if (!this.o.options.identitiesOnly) ordered.push({ pub: key, viaAgent: true, encrypted: false })
      }
    }
    this.identities = [...ordered, ...files]
    return this.identities
  }

  private async loadFile(path: string, userProvided: boolean): Promise<Identity | null> {
    let text: Buffer
    try {
      text = await readFile(path)
    } catch (e) {
      // OpenSSH only complains about identity files someone named explicitly.
      if (userProvided) this.warnings.push(`no such identity: ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}`)
      return null
    }
    const asText = text.toString('utf8')
    const unencrypted = firstKey(utils.parseKey(text))
    if (!(unencrypted instanceof Error) && unencrypted.isPrivateKey()) {
      return { pub: unencrypted, viaAgent: false, file: path, privateText: text, privateKey: unencrypted, encrypted: false }
    }
    if (!(unencrypted instanceof Error)) {
      // A public key given as IdentityFile: usable only through the agent.
      return { pub: unencrypted, viaAgent: false, file: path, encrypted: false }
    }
    const encrypted = /encrypted|passphrase/i.test(unencrypted.message) || PEM_ENCRYPTED.test(asText)
    if (!encrypted) {
      this.warnings.push(`Load key "${path}": invalid format`)
      return null
    }
    let pubBlob = publicKeyOfOpenSshPrivate(asText)
    if (!pubBlob) {
      const pubText = await readFile(`${path}.pub`).catch(() => null)
      const pub = pubText ? firstKey(utils.parseKey(pubText)) : null
      if (pub && !(pub instanceof Error)) pubBlob = pub.getPublicSSH()
    }
    if (pubBlob) {
      const pub = firstKey(utils.parseKey(pubBlob))
      if (!(pub instanceof Error)) return { pub, viaAgent: false, file: path, privateText: text, encrypted: true }
    }
    // No public half anywhere: like ssh, unlock it now to learn which key it is.
    const key = await this.unlock(path, text)
    return key ? { pub: key, viaAgent: false, file: path, privateText: text, privateKey: key, encrypted: true } : null
  }

  /** Asks for the passphrase until it is right, the person gives up, or NumberOfPasswordPrompts is reached. */
  private async unlock(path: string, text: Buffer): Promise<ParsedKey | null> {
    const key = await this.o.secrets.obtain(
      { kind: 'passphrase', host: this.o.host, user: this.o.user, keyFile: path },
      async (passphrase) => {
        const k = firstKey(utils.parseKey(text, passphrase))
        return k instanceof Error ? null : k
      }
    )
    if (!key) this.attempts.push({ source: path, key: 'encrypted key', outcome: 'skipped', detail: 'no passphrase' })
    return key
  }

  getIdentities(cb: (err: Error | null, keys?: ParsedKey[]) => void): void {
    this.load().then(
      (ids) => {
        for (const id of ids) this.attempts.push({ source: id.viaAgent ? 'agent' : id.file!, key: describe(id.pub), outcome: 'offered' })
        cb(null, ids.map((i) => i.pub))
      },
      (e: Error) => cb(e)
    )
  }

  sign(pubKey: ParsedKey | Buffer, data: Buffer, options: { hash?: string } | ((e: Error | null, s?: Buffer) => void), cb?: (e: Error | null, s?: Buffer) => void): void {
    const done = typeof options === 'function' ? options : cb!
    const opts = typeof options === 'function' ? {} : options
    const blob = Buffer.isBuffer(pubKey) ? pubKey : pubKey.getPublicSSH()
    const id = this.identities?.find((i) => i.pub.getPublicSSH().equals(blob))
    if (!id) return done(new Error('unknown key'))
    const attempt = this.attempts.find((a) => a.key === describe(id.pub) && a.outcome === 'offered')
    if (id.viaAgent && this.agent) {
      if (attempt) attempt.outcome = 'signed'
      this.agent.sign(id.pub, data, opts as never, done as never)
      return
    }
    const withKey = (key: ParsedKey | null) => {
      if (!key) {
        if (attempt) Object.assign(attempt, { outcome: 'skipped', detail: 'no passphrase' })
        return done(new Error(`no passphrase for ${id.file}`))
      }
      id.privateKey = key
      const sig = key.sign(data, opts.hash as never)
      if (sig instanceof Error) return done(sig)
      if (attempt) attempt.outcome = 'signed'
      done(null, sig)
    }
    if (id.privateKey) return withKey(id.privateKey)
    if (!id.privateText) return done(new Error(`${id.file} is a public key and the agent does not hold it`))
    this.unlock(id.file!, id.privateText).then(withKey, (e: Error) => done(e))
  }
}
