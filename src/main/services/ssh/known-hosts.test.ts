// known_hosts parsing and matching, with OpenSSH's ssh-keygen as the oracle for hashed names.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { checkHostKey, fingerprintSha256, formatKnownHostsLine, hostFieldMatches, keyTypeOf, knownHostsName, parseKnownHosts } from './known-hosts'

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-kh-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function newKey(name: string): { line: string; blob: Buffer; fingerprint: string } {
  spawnSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, name)])
  const line = readFileSync(join(dir, `${name}.pub`), 'utf8').trim()
  const fingerprint = spawnSync('ssh-keygen', ['-l', '-E', 'sha256', '-f', join(dir, `${name}.pub`)], { encoding: 'utf8' }).stdout.split(' ')[1]
  return { line, blob: Buffer.from(line.split(' ')[1], 'base64'), fingerprint }
}

describe('known_hosts', () => {
  const a = newKey('a')
  const b = newKey('b')

  it('names hosts as ssh does ([host]:port off port 22, HostKeyAlias without a port)', () => {
    expect(knownHostsName('198.18.0.5', 22)).toBe('198.18.0.5')
    expect(knownHostsName('198.18.0.5', 2222)).toBe('[198.18.0.5]:2222')
    expect(knownHostsName('198.18.0.5', 2222, 'alias')).toBe('alias')
  })

  it('computes the SHA256 fingerprint ssh-keygen prints', () => {
    expect(fingerprintSha256(a.blob)).toBe(a.fingerprint)
    expect(keyTypeOf(a.blob)).toBe('ssh-ed25519')
  })

  it('hashes names so that ssh-keygen -F finds them, and finds what ssh-keygen -H hashed', () => {
    const file = join(dir, 'hashed')
    writeFileSync(file, `${formatKnownHostsLine('[node-1.lab]:2222', a.blob, true)}\n`)
    expect(spawnSync('ssh-keygen', ['-F', '[node-1.lab]:2222', '-f', file]).status).toBe(0)
    expect(spawnSync('ssh-keygen', ['-F', 'node-1.lab', '-f', file]).status).not.toBe(0)

    const plain = join(dir, 'to-hash')
    writeFileSync(plain, `web1,198.18.0.7 ${a.line.split(' ').slice(0, 2).join(' ')}\n`)
    spawnSync('ssh-keygen', ['-H', '-f', plain])
    const entries = parseKnownHosts(readFileSync(plain, 'utf8'), plain)
    expect(entries).toHaveLength(2)
    expect(entries.every((e) => e.hosts.startsWith('|1|'))).toBe(true)
    expect(checkHostKey(entries, 'web1', a.blob).result.status).toBe('ok')
    expect(checkHostKey(entries, '198.18.0.7', a.blob).result.status).toBe('ok')
    expect(checkHostKey(entries, 'web2', a.blob).result.status).toBe('unknown')
  })

  it('tells ok, changed (with the offending line), unknown, revoked and other key types apart', () => {
    const key = (l: string) => l.split(' ').slice(0, 2).join(' ')
    const text = [
      '# comment',
      `web*,!web9 ${key(a.line)}`,
      `@revoked * ${key(b.line)}`,
      `db ${key(b.line)}`,
      `@cert-authority *.lab ${key(a.line)}`,
      'garbage line',
      `db ecdsa-sha2-nistp256 ${Buffer.from('x').toString('base64')}`
    ].join('\n')
    const entries = parseKnownHosts(text, 'kh')
    expect(entries.map((e) => e.line)).toEqual([2, 3, 4, 5])
    expect(checkHostKey(entries, 'web1', a.blob).result).toMatchObject({ status: 'ok', entry: { line: 2 } })
    expect(checkHostKey(entries, 'web9', a.blob).result.status).toBe('unknown')
    expect(checkHostKey(entries, 'WEB1', a.blob).result.status).toBe('ok')
    expect(checkHostKey(entries, 'db', b.blob).result).toMatchObject({ status: 'revoked', entry: { line: 3 } })
    expect(checkHostKey(entries, 'db', a.blob).result).toMatchObject({ status: 'changed', entry: { line: 4 } })
    expect(checkHostKey(entries, 'x.lab', b.blob).certAuthorities.map((e) => e.line)).toEqual([5])
    expect(hostFieldMatches('!a,*', 'a')).toBe(-1)
  })
})
