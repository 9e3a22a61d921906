// OpenSSH's expansions of config values: `%x` tokens (percent_expand), `${VAR}` environment
// references (dollar_expand) and `~` / `~user` home directories (tilde_expand_filename).
// Unknown tokens and undefined variables are errors, as they are for ssh.
import { readFileSync } from 'node:fs'

export class ExpandError extends Error {}

/** percent_expand(): only the given keys; `%%` is a literal percent. */
export function percentExpand(s: string, keys: Record<string, string>): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '%') {
      out += s[i]
      continue
    }
    const k = s[++i]
    if (k === undefined) throw new ExpandError('percent_expand: invalid format')
    if (k === '%') {
      out += '%'
      continue
    }
    const v = keys[k]
    if (v === undefined) throw new ExpandError(`percent_expand: unknown key %${k}`)
    out += v
  }
  return out
}

/** dollar_expand(): `${NAME}` from the environment; a lone `$` stays as it is. */
export function dollarExpand(s: string, env: NodeJS.ProcessEnv): string {
  let out = ''
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '$' || s[i + 1] !== '{') {
      out += s[i]
      continue
    }
    const end = s.indexOf('}', i + 2)
    if (end < 0) throw new ExpandError(`invalid environment variable reference in "${s}"`)
    const name = s.slice(i + 2, end)
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ExpandError(`invalid environment variable name "${name}"`)
    const v = env[name]
    if (v === undefined) throw new ExpandError(`env var \${${name}} has no value`)
    out += v
    i = end
  }
  return out
}

/** Both, in OpenSSH's order (environment first, then tokens). */
export function percentDollarExpand(s: string, keys: Record<string, string>, env: NodeJS.ProcessEnv): string {
  return percentExpand(dollarExpand(s, env), keys)
}

/**
 * tilde_expand_filename(): `~/x` is under `home`, `~user/x` under that user's passwd home. Like
 * OpenSSH, `~x` without a slash means `home/x` and `~` alone `home/`.
 */
export function tildeExpand(path: string, home: string): string {
  if (!path.startsWith('~')) return path
  const after = path.slice(1)
  const slash = after.indexOf('/')
  let dir = home
  let rest = slash < 0 ? after : after.slice(slash + 1)
  if (slash > 0) {
    const user = after.slice(0, slash)
    const found = passwdHome(user)
    if (found === null) throw new ExpandError(`tilde_expand_filename: No such user ${user}`)
    dir = found
    rest = after.slice(slash + 1)
  }
  return `${dir}${dir.endsWith('/') ? '' : '/'}${rest}`
}

function passwdHome(user: string): string | null {
  let text: string
  try {
    text = readFileSync('/etc/passwd', 'utf8')
  } catch {
    return null
  }
  for (const line of text.split('\n')) {
    const f = line.split(':')
    if (f[0] === user && f.length >= 6) return f[5]
  }
  return null
}
