// What a person sees when the ssh config is wrong or uses what Kubedeck does not do: the file,
// the line, and what to do (ssh -G's own oracle tests live in tests/integration/ssh).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isAppError } from '../../../shared/errors'
import { DEFAULT_ALIVE_INTERVAL_SEC, resolveTarget, toResolvedSettings } from './settings'

const dir = mkdtempSync(join(tmpdir(), 'kubedeck-ssh-settings-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const config = (name: string, text: string) => {
  const f = join(dir, name)
  writeFileSync(f, text, { mode: 0o600 })
  return f
}

describe('ssh config problems', () => {
  it('reports Match exec as unsupported with file and line, and does not apply its block', () => {
    const f = config('exec', 'Host web\n  User a\nMatch exec "test -f /etc/x"\n  User b\nHost *\n  Port 2200\n')
    const o = resolveTarget({ host: 'other' }, { configFile: f, env: { HOME: dir } })
    expect(o.user).not.toBe('b')
    expect(o.port).toBe(2200)
    expect(o.warnings).toEqual([`${f} line 3: Match exec is not supported by Kubedeck (the command is not run); this Match block is treated as not matching.`])
  })

  it('refuses an unknown keyword with the file, the line and every bad line', () => {
    const f = config('bad', 'Host x\n  Userr root\n  Port 22\n  Foo bar\n')
    let error: unknown
    try {
      resolveTarget({ host: 'x' }, { configFile: f, env: { HOME: dir } })
    } catch (e) {
      error = e
    }
    expect(isAppError(error)).toBe(true)
    const info = (error as { info: { code: string; file: string; line: number; message: string; issues?: unknown[] } }).info
    expect(info).toMatchObject({ code: 'ssh.config', file: f, line: 2 })
    expect(info.message).toContain('Bad configuration option: userr')
    expect(info.issues).toEqual([
      { path: `${f}:2`, message: `${f} line 2: Bad configuration option: userr` },
      { path: `${f}:4`, message: `${f} line 4: Bad configuration option: foo` }
    ])
  })

  it('accepts options ssh ignores and IgnoreUnknown ones, and names unsupported ones', () => {
    const f = config('ignored', 'IgnoreUnknown UseKeychain,AddKeys*\nHost *\n  UseKeychain yes\n  RSAAuthentication yes\n  Protocol 2\n')
    expect(resolveTarget({ host: 'x' }, { configFile: f, env: { HOME: dir } }).warnings).toEqual([`${f} line 4: Unsupported option "rsaauthentication"`])
  })

  it('keeps the connection alive every 15 s when the config sets no ServerAliveInterval', () => {
    const none = toResolvedSettings(resolveTarget({ host: 'x' }, { configFile: config('none', ''), env: { HOME: dir } }))
    expect(none.serverAliveInterval).toBe(DEFAULT_ALIVE_INTERVAL_SEC)
    expect(none.lines).toContain('serveraliveinterval 0')
    const set = toResolvedSettings(resolveTarget({ host: 'x' }, { configFile: config('set', 'ServerAliveInterval 5\n'), env: { HOME: dir } }))
    expect(set.serverAliveInterval).toBe(5)
  })
})
