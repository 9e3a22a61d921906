// known_hosts with OpenSSH's format and rules (hostfile.c, sshconnect.c): hashed `|1|` names,
// `[host]:port` for non-default ports, wildcard and `!negated` patterns, `@revoked` keys, and
// `@cert-authority` lines (seen and reported: ssh2 cannot verify host certificates). Lookups
// go through every UserKnownHostsFile and then every GlobalKnownHostsFile.
import { createHash, createHmac, randomBytes } from 'node:crypto'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { AppError } from '../../../shared/errors'
import { atomicWriteFile, type FileHistory } from '../files'
import { matchHostname } from './config'
import { t } from '../../../shared/error-messages'

export interface KnownHostEntry {
  file: string
  line: number
  marker: 'revoked' | 'cert-authority' | null
  /** The host field as written (pattern list or `|1|salt|hash`). */
  hosts: string
  keyType: string
  key: Buffer
}

export type HostKeyStatus =
  { status: 'ok'; entry: KnownHostEntry } | { status: 'revoked'; entry: KnownHostEntry } | { status: 'changed'; entry: KnownHostEntry } | { status: 'unknown' }

export interface HostKeyLookup {
  result: HostKeyStatus
  /** Keys of other types known for this name (OpenSSH mentions them when asking). */
  otherKeys: KnownHostEntry[]
  /** `@cert-authority` lines that match the name. */
  certAuthorities: KnownHostEntry[]
  /** Key types known for the name, for ordering host key algorithms (as ssh does). */
  knownTypes: string[]
}

/** The name ssh looks up: `host`, or `[host]:port` when the port is not 22. HostKeyAlias drops the port. */
export function knownHostsName(host: string, port: number, alias?: string | null): string {
  if (alias) return alias
  return port === 22 ? host : `[${host}]:${port}`
}

/** The type name inside an SSH public key blob (`ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`…). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown'
  const len = blob.readUInt32BE(0)
  return blob.subarray(4, 4 + len).toString('latin1')
}

/** OpenSSH's short name for a key type (sshkey_type): ED25519, ECDSA, RSA, DSA. */
export function keyTypeLabel(type: string): string {
  if (type === 'ssh-ed25519') return 'ED25519'
  if (type.startsWith('ecdsa-sha2-')) return 'ECDSA'
  if (type === 'ssh-rsa') return 'RSA'
  if (type === 'ssh-dss') return 'DSA'
  if (type.startsWith('sk-ssh-ed25519')) return 'ED25519-SK'
  if (type.startsWith('sk-ecdsa')) return 'ECDSA-SK'
  return type.toUpperCase()
}

/** `SHA256:…` as ssh-keygen -l prints it (base64 without padding). */
export function fingerprintSha256(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

/** Parses one file; unreadable files are empty, malformed lines are skipped (as ssh does). */
export async function readKnownHosts(file: string): Promise<KnownHostEntry[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    return []
  }
  return parseKnownHosts(text, file)
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/^[ \t]+/, '').replace(/[\r]+$/, '')
    if (line === '' || line.startsWith('#')) return
    const fields = line.split(/[ \t]+/)
    let marker: KnownHostEntry['marker'] = null
    if (fields[0].startsWith('@')) {
      if (fields[0] === '@revoked') marker = 'revoked'
      else if (fields[0] === '@cert-authority') marker = 'cert-authority'
      else return
      fields.shift()
    }
    const [hosts, keyType, keyB64] = fields
    if (!hosts || !keyType || !keyB64) return
    const key = Buffer.from(keyB64, 'base64')
    // The blob names its own type; a line whose type field disagrees is malformed.
    if (key.length === 0 || keyTypeOf(key) !== keyType) return
    out.push({ file, line: i + 1, marker, hosts, keyType, key })
  })
  return out
}

/** match_maybe_hashed(): 1 when the host field names `name`, -1 when it negates it, 0 otherwise. */
export function hostFieldMatches(hosts: string, name: string): -1 | 0 | 1 {
  if (hosts.startsWith('|1|')) {
    const [, , saltB64, hashB64] = hosts.split('|')
    if (!saltB64 || !hashB64) return 0
    const salt = Buffer.from(saltB64, 'base64')
    const hash = createHmac('sha1', salt).update(name).digest('base64')
    return hash === hashB64 ? 1 : 0
  }
  return matchHostname(name, hosts)
}

/** check_key_in_hostkeys(): how `key` stands against the entries that name `name`. */
export function checkHostKey(entries: KnownHostEntry[], name: string, key: Buffer): HostKeyLookup {
  const type = keyTypeOf(key)
  const matching = entries.filter((e) => hostFieldMatches(e.hosts, name) === 1)
  const certAuthorities = matching.filter((e) => e.marker === 'cert-authority')
  const plain = matching.filter((e) => e.marker === null)
  const revoked = entries.find((e) => e.marker === 'revoked' && e.key.equals(key) && hostFieldMatches(e.hosts, name) === 1)
  const knownTypes = [...new Set(plain.map((e) => e.keyType))]
  const otherKeys = plain.filter((e) => e.keyType !== type)
  let result: HostKeyStatus
  if (revoked) result = { status: 'revoked', entry: revoked }
  else {
    const same = plain.find((e) => e.key.equals(key))
    const changed = plain.find((e) => e.keyType === type && !e.key.equals(key))
    result = same ? { status: 'ok', entry: same } : changed ? { status: 'changed', entry: changed } : { status: 'unknown' }
  }
  return { result, otherKeys, certAuthorities, knownTypes }
}

/** Looks `name` up in the user files, then the global ones, as ssh does. */
export async function lookupHostKey(files: { user: string[]; global: string[] }, name: string, key: Buffer): Promise<HostKeyLookup> {
  const entries: KnownHostEntry[] = []
  for (const f of [...files.user, ...files.global]) entries.push(...(await readKnownHosts(f)))
  return checkHostKey(entries, name, key)
}

/** The key types known for `name` (before connecting), to prefer them in the key exchange. */
export async function knownKeyTypes(files: { user: string[]; global: string[] }, name: string): Promise<string[]> {
  const types: string[] = []
  for (const f of [...files.user, ...files.global]) {
    for (const e of await readKnownHosts(f)) {
      if (e.marker === null && hostFieldMatches(e.hosts, name) === 1 && !types.includes(e.keyType)) types.push(e.keyType)
    }
  }
  return types
}

/** A known_hosts line as ssh writes it: the name (hashed when HashKnownHosts is on), type, key. */
export function formatKnownHostsLine(name: string, key: Buffer, hash: boolean): string {
  let host = name
  if (hash) {
    const salt = randomBytes(20)
    host = `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`
  }
  return `${host} ${keyTypeOf(key)} ${key.toString('base64')}`
}

/** Appends one line atomically (the previous content kept for undo); creates ~/.ssh 0700 if needed. */
export async function appendKnownHost(file: string, line: string, history?: FileHistory): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const before = await readFile(file).catch(() => null)
  if (history) await history.save(file, before, 'trust host key')
  const text = before ? before.toString('utf8') : ''
  await atomicWriteFile(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${line}\n`, { newFileMode: 0o600 })
}

/** Removes one line (the "Offending key" of a changed host key), like `ssh-keygen -R` but for exactly that line. */
export async function removeKnownHostLine(file: string, line: number, expectedKeyType: string | null, history?: FileHistory): Promise<void> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new AppError({ code: 'ssh.known-hosts', message: t`Cannot read ${file}.`, file })
  })
  const lines = text.split('\n')
  const target = lines[line - 1]
  if (target === undefined || (expectedKeyType !== null && !target.split(/[ \t]+/).includes(expectedKeyType))) {
    throw new AppError({
      code: 'ssh.known-hosts-changed',
      message: t`Line ${line} of ${file} is not the ${expectedKeyType ?? ''} key it was; the file changed since.`,
      file,
      line,
      hint: t`Connect again to see which line to remove now.`
    })
  }
  if (history) await history.save(file, Buffer.from(text), `remove host key (line ${line})`)
  lines.splice(line - 1, 1)
  await atomicWriteFile(file, lines.join('\n'))
}

/** OpenSSH's warning for a changed host key (sshconnect.c), word for word. */
export function changedKeyWarning(opts: { keyType: string; fingerprint: string; userKnownHostsFile: string; offending: KnownHostEntry; name: string; host: string }): string {
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    'IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!',
    'Someone could be eavesdropping on you right now (man-in-the-middle attack)!',
    'It is also possible that a host key has just been changed.',
    `The fingerprint for the ${keyTypeLabel(opts.keyType)} key sent by the remote host is`,
    `${opts.fingerprint}.`,
    'Please contact your system administrator.',
    `Add correct host key in ${opts.userKnownHostsFile} to get rid of this message.`,
    `Offending ${keyTypeLabel(opts.offending.keyType)} key in ${opts.offending.file}:${opts.offending.line}`,
    '  remove with:',
    `  ssh-keygen -f "${opts.offending.file}" -R "${opts.name}"`,
    `Host key for ${opts.host} has changed and you have requested strict checking.`,
    'Host key verification failed.'
  ].join('\n')
}

/** OpenSSH's warning for a revoked host key. */
export function revokedKeyWarning(opts: { keyType: string; host: string; entry: KnownHostEntry }): string {
  return [
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    '@       WARNING: REVOKED HOST KEY DETECTED!               @',
    '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
    `The ${keyTypeLabel(opts.keyType)} host key for ${opts.host} is marked as revoked.`,
    'This could mean that a stolen key is being used to',
    'impersonate this host.',
    `(@revoked in ${opts.entry.file}:${opts.entry.line})`,
    'Host key verification failed.'
  ].join('\n')
}
