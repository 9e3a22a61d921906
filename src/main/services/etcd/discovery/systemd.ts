// Reading a binary install the way systemd does: unit files with their drop-ins, EnvironmentFile
// and Environment= settings, and ExecStart split and expanded with systemd's rules ($VAR splits
// on whitespace, ${VAR} does not), so `ExecStart=/opt/kubernetes/bin/kube-apiserver $KUBE_APISERVER_OPTS`
// and `--name=${ETCD_NAME}` both read as the process would see them.
import { AppError } from '../../../../shared/errors'
import { t } from '../../../../shared/error-messages'

export interface UnitFile {
  path: string
  text: string
}

export interface ParsedUnit {
  /** The unit files read, main file first, then drop-ins in order. */
  files: string[]
  /** The ExecStart= in force (the last one set; an empty one resets), as written. */
  execStart?: { value: string; file: string; line: number }
  /** EnvironmentFile= paths; `optional` for the `-` prefix (missing file is fine). */
  environmentFiles: { path: string; optional: boolean }[]
  environment: Record<string, string>
  type?: string
  workingDirectory?: string
  user?: string
}

/** Logical lines of a unit file: continuations joined, comments dropped, with their first line number. */
function logicalLines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = []
  const raw = text.split(/\r?\n/)
  let buf = ''
  let start = 0
  for (let i = 0; i < raw.length; i++) {
    let l = raw[i]
    if (!buf && /^\s*[#;]/.test(l)) continue
    // systemd: a comment line inside a continuation is skipped.
    if (buf && /^\s*[#;]/.test(l)) continue
    if (!buf) start = i + 1
    if (l.endsWith('\\')) {
      buf += l.slice(0, -1) + ' '
      continue
    }
    l = buf + l
    buf = ''
    if (l.trim()) out.push({ line: start, text: l.trim() })
  }
  if (buf.trim()) out.push({ line: start, text: buf.trim() })
  return out
}

/**
 * Parses a unit and its drop-ins as systemd merges them: later files add to list settings, and
 * an empty `ExecStart=` or `Environment=` resets what came before.
 */
export function parseUnit(files: UnitFile[], unitName?: string): ParsedUnit {
  const unit: ParsedUnit = { files: files.map((f) => f.path), environmentFiles: [], environment: {} }
  const spec = (v: string) => (unitName ? expandSpecifiers(v, unitName) : v)
  for (const f of files) {
    let section = ''
    for (const { line, text } of logicalLines(f.text)) {
      const sec = /^\[(.+)\]$/.exec(text)
      if (sec) {
        section = sec[1]
        continue
      }
      if (section !== 'Service') continue
      const eq = text.indexOf('=')
      if (eq < 0) continue
      const key = text.slice(0, eq).trim()
      const value = spec(text.slice(eq + 1).trim())
      switch (key) {
        case 'ExecStart':
          unit.execStart = value ? { file: f.path, line, value } : undefined
          break
        case 'EnvironmentFile':
          if (!value) unit.environmentFiles = []
          else {
            for (const word of splitWords(value, {}, f.path, line)) {
              unit.environmentFiles.push(word.startsWith('-') ? { path: word.slice(1), optional: true } : { path: word, optional: false })
            }
          }
          break
        case 'Environment':
          if (!value) unit.environment = {}
          for (const assignment of splitWords(value, {}, f.path, line)) {
            const i = assignment.indexOf('=')
            if (i > 0) unit.environment[assignment.slice(0, i)] = assignment.slice(i + 1)
          }
          break
        case 'Type':
          unit.type = value
          break
        case 'WorkingDirectory':
          unit.workingDirectory = value.replace(/^-/, '')
          break
        case 'User':
          unit.user = value
          break
      }
    }
  }
  return unit
}

/** systemd's unit specifiers that name the unit (%n %N %p %i %%); others are left as written. */
export function expandSpecifiers(value: string, unitName: string): string {
  const full = unitName.includes('.') ? unitName : `${unitName}.service`
  const base = full.slice(0, full.lastIndexOf('.'))
  const at = base.indexOf('@')
  const prefix = at >= 0 ? base.slice(0, at) : base
  const instance = at >= 0 ? base.slice(at + 1) : ''
  return value.replace(/%([nNpi%])/g, (_m, c: string) => ({ n: full, N: base, p: prefix, i: instance, '%': '%' })[c] ?? _m)
}

/**
 * The argv of ExecStart with the environment applied (EnvironmentFile values, then Environment=,
 * which wins as in systemd). The executable's `-@:+!` prefixes are dropped.
 */
export function execStartArgv(unit: ParsedUnit, env: Record<string, string>): string[] {
  if (!unit.execStart) return []
  const { value, file, line } = unit.execStart
  const words = splitWords(value, env, file, line)
  if (words.length > 0) words[0] = words[0].replace(/^[-@:+!]+/, '')
  return words
}

/**
 * Splits a systemd command line: whitespace separates words, '…' and "…" quote (with C escapes
 * in double quotes), `${VAR}` expands inside a word, a word that is exactly `$VAR` expands to
 * the value split on whitespace. Unknown variables expand to nothing, as in systemd.
 */
export function splitWords(value: string, env: Record<string, string>, file = '', line = 0): string[] {
  const words: string[] = []
  let i = 0
  const n = value.length
  while (i < n) {
    while (i < n && /\s/.test(value[i])) i++
    if (i >= n) break
    const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)(?=\s|$)/.exec(value.slice(i))
    if (bare) {
      words.push(...(env[bare[1]] ?? '').split(/\s+/).filter(Boolean))
      i += bare[0].length
      continue
    }
    let word = ''
    while (i < n && !/\s/.test(value[i])) {
      const c = value[i]
      if (c === '"' || c === "'") {
        const end = value.indexOf(c, i + 1)
        if (end < 0) {
          throw new AppError({
            code: 'etcd.unit-parse',
            message: t`Unbalanced ${c} quote in ${file || t`a systemd setting`}${line ? t` line ${line}` : ''}: ${value}`,
            file: file || undefined,
            line: line || undefined,
            hint: t`systemd would refuse this line too; fix the quoting in the unit file.`
          })
        }
        let inner = value.slice(i + 1, end)
        if (c === '"') inner = inner.replace(/\\(["\\nt])/g, (_m, ch: string) => (ch === 'n' ? '\n' : ch === 't' ? '\t' : ch))
        word += expandBraced(inner, env)
        i = end + 1
        continue
      }
      if (c === '\\' && i + 1 < n) {
        word += value[i + 1]
        i += 2
        continue
      }
      const braced = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(value.slice(i))
      if (braced) {
        word += env[braced[1]] ?? ''
        i += braced[0].length
        continue
      }
      word += c
      i++
    }
    words.push(word)
  }
  return words
}

function expandBraced(s: string, env: Record<string, string>): string {
  return s.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, k: string) => env[k] ?? '')
}

/**
 * An EnvironmentFile as systemd reads it: `KEY=VALUE` lines, `#`/`;` comments, optional
 * `export`, single or double quotes around the value, backslash continuations.
 */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i]
    while (l.endsWith('\\') && i + 1 < lines.length) l = l.slice(0, -1) + lines[++i]
    const t = l.trim()
    if (!t || t.startsWith('#') || t.startsWith(';')) continue
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(t)
    if (!m) continue
    let v = m[2].trim()
    if (v.length >= 2 && ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))) {
      const q = v[0]
      v = v.slice(1, -1)
      if (q === '"') v = v.replace(/\\(["\\$`])/g, '$1')
    } else {
      v = v.replace(/\s+#.*$/, '')
    }
    env[m[1]] = v
  }
  return env
}
