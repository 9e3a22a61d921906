// Deciding about a server's host key the way ssh does (sshconnect.c check_host_key): known and
// equal → on; revoked or changed → refused with OpenSSH's warning, whatever
// StrictHostKeyChecking says (Kubedeck never lets a changed key through); unknown → refused
// (yes), saved (accept-new, no), or asked (ask; refused in BatchMode).
import { AppError } from '../../../shared/errors'
import type { FileHistory } from '../files'
import type { SshOptions } from './config'
import {
  appendKnownHost,
  changedKeyWarning,
  fingerprintSha256,
  formatKnownHostsLine,
  keyTypeLabel,
  keyTypeOf,
  knownHostsName,
  lookupHostKey,
  revokedKeyWarning
} from './known-hosts'
import type { SshInteraction } from './types'
import { t } from '../../../shared/error-messages'

export interface HostKeyVerdict {
  fingerprint: string
  /** What happened: already known, trusted for this connection, saved to known_hosts. */
  decision: 'known' | 'once' | 'saved'
  warnings: string[]
}

export async function checkServerHostKey(key: Buffer, o: SshOptions, interaction: SshInteraction, history?: FileHistory): Promise<HostKeyVerdict> {
  const name = knownHostsName(o.hostname, o.port, o.hostKeyAlias)
  const type = keyTypeOf(key)
  const fingerprint = fingerprintSha256(key)
  const files = { user: o.userKnownHostsFiles, global: o.globalKnownHostsFiles }
  const found = await lookupHostKey(files, name, key)
  const warnings = found.certAuthorities.map(
    (e) => `${e.file}:${e.line} is a @cert-authority line for ${name}: Kubedeck does not verify host certificates, so it checked the plain host key instead.`
  )
  const where = { host: o.hostname, data: { fingerprint, keyType: keyTypeLabel(type), name } }
  const r = found.result
  if (r.status === 'ok') return { fingerprint, decision: 'known', warnings }
  if (r.status === 'revoked') {
    throw new AppError({
      code: 'ssh.host-key-revoked',
      message: t`WARNING: REVOKED HOST KEY DETECTED! The ${keyTypeLabel(type)} host key for ${name} is marked as revoked.`,
      file: r.entry.file,
      line: r.entry.line,
      hint: t`A stolen key may be used to impersonate this host. Do not connect; ask the host owner.`,
      ...where,
      data: { ...where.data, warning: revokedKeyWarning({ keyType: type, host: name, entry: r.entry }) }
    })
  }
  if (r.status === 'changed') {
    const warning = changedKeyWarning({
      keyType: type,
      fingerprint,
      userKnownHostsFile: o.userKnownHostsFiles[0] ?? r.entry.file,
      offending: r.entry,
      name,
      host: name
    })
    throw new AppError({
      code: 'ssh.host-key-changed',
      message: t`WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! The ${keyTypeLabel(type)} host key of ${name} is not the one in ${r.entry.file}:${r.entry.line}.`,
      file: r.entry.file,
      line: r.entry.line,
      hint: t`If the host was reinstalled, check the new fingerprint ${fingerprint} with its owner, then remove line ${r.entry.line} of ${r.entry.file} (ssh-keygen -f "${r.entry.file}" -R "${name}") and connect again.`,
      ...where,
      data: { ...where.data, warning, offendingKeyType: r.entry.keyType }
    })
  }
  const saveTo = o.userKnownHostsFiles[0]
  const save = async (): Promise<HostKeyVerdict> => {
    if (!saveTo) return { fingerprint, decision: 'once', warnings: [...warnings, 'UserKnownHostsFile is none: the key was trusted for this connection only.'] }
    await appendKnownHost(saveTo, formatKnownHostsLine(name, key, o.hashKnownHosts), history)
    return { fingerprint, decision: 'saved', warnings: [...warnings, `Permanently added '${name}' (${keyTypeLabel(type)}) to the list of known hosts.`] }
  }
  const strict = o.strictHostKeyChecking
  if (strict === 'true' || (strict === 'ask' && o.batchMode)) {
    throw new AppError({
      code: 'ssh.host-key-unknown',
      message: t`No ${keyTypeLabel(type)} host key is known for ${name} and you have requested strict checking. Host key verification failed.`,
      hint: t`Check the fingerprint ${fingerprint} with the host's owner, then add the key (connect once with StrictHostKeyChecking ask, or ssh-keyscan into ${saveTo ?? 'your known_hosts'}).`,
      ...where
    })
  }
  if (strict === 'accept-new' || strict === 'false') return save()
  const answer = await interaction.confirmHostKey({
    host: o.hostname,
    port: o.port,
    keyType: keyTypeLabel(type),
    fingerprintSha256: fingerprint,
    knownHostsFile: saveTo ?? '',
    status: 'unknown',
    otherKnownKeys: found.otherKeys.length ? found.otherKeys.map((e) => ({ keyType: keyTypeLabel(e.keyType), file: e.file, line: e.line })) : undefined,
    certAuthorityLines: found.certAuthorities.length ? found.certAuthorities.map((e) => ({ file: e.file, line: e.line })) : undefined
  })
  if (answer === 'save') return save()
  if (answer === 'once') return { fingerprint, decision: 'once', warnings }
  throw new AppError({
    code: 'ssh.host-key-rejected',
    message: t`Host key verification failed: the ${keyTypeLabel(type)} key ${fingerprint} of ${name} was not trusted.`,
    ...where
  })
}

/** Host key algorithms with the types already known for this host first (as ssh orders them). */
export function hostKeyAlgorithms(knownTypes: string[]): string[] {
  const all = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256']
  const preferred = all.filter((a) => knownTypes.includes(a.startsWith('rsa-sha2-') ? 'ssh-rsa' : a))
  return [...preferred, ...all.filter((a) => !preferred.includes(a))]
}
