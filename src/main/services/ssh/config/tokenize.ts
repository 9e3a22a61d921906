// Splitting ssh_config lines the way OpenSSH's misc.c does (strdelim, argv_split), so that
// quoting, `=` separators and trailing comments mean what they mean to ssh.

const WHITESPACE = ' \t\r\n'

export interface SplitLine {
  /** Lowercased keyword. */
  keyword: string
  /** The rest of the line after the keyword and its separator (raw, for ProxyCommand and friends). */
  rest: string
}

/** Strips trailing whitespace (and a form feed at the end) as process_config_line does. */
export function trimLine(line: string): string {
  let end = line.length
  while (end > 0 && (WHITESPACE + '\f').includes(line[end - 1])) end--
  return line.slice(0, end)
}

/**
 * The keyword and the rest of a line, or null for blank and comment lines. Mirrors strdelim():
 * the keyword ends at whitespace, `=` or a quote; one `=` between keyword and value is skipped.
 */
export function splitKeyword(line: string): SplitLine | null {
  let i = 0
  while (i < line.length && WHITESPACE.includes(line[i])) i++
  if (i === line.length || line[i] === '#') return null
  const start = i
  while (i < line.length && !WHITESPACE.includes(line[i]) && line[i] !== '=' && line[i] !== '"') i++
  const keyword = line.slice(start, i).toLowerCase()
  if (keyword === '') return null
  let sawEquals = line[i] === '='
  if (i < line.length) i++
  while (i < line.length && WHITESPACE.includes(line[i])) i++
  if (!sawEquals && line[i] === '=') {
    i++
    while (i < line.length && WHITESPACE.includes(line[i])) i++
    sawEquals = true
  }
  return { keyword, rest: line.slice(i) }
}

/**
 * argv_split(s, terminate_on_comment=1): whitespace-separated words with '…' and "…" quoting
 * and backslash escapes of quotes, backslash and (outside quotes) space. Throws on an
 * unterminated quote.
 */
export function splitArgs(s: string): string[] {
  const out: string[] = []
  let i = 0
  while (i < s.length) {
    if (s[i] === ' ' || s[i] === '\t') {
      i++
      continue
    }
    if (s[i] === '#') break
    let quote = ''
    let arg = ''
    for (; i < s.length; i++) {
      const c = s[i]
      if (c === '\\') {
        const n = s[i + 1]
        if (n === "'" || n === '"' || n === '\\' || (quote === '' && n === ' ')) {
          i++
          arg += n
        } else arg += c
      } else if (quote === '' && (c === ' ' || c === '\t')) break
      else if (quote === '' && (c === '"' || c === "'")) quote = c
      else if (quote !== '' && c === quote) quote = ''
      else arg += c
    }
    if (quote !== '') throw new Error('invalid quotes')
    out.push(arg)
  }
  return out
}

/**
 * strdelim(): the next token of a Match line (whitespace or one `=` separated, "…" quoted).
 * Returns the token and the remaining text, or null at the end.
 */
export function strdelim(s: string | null): { token: string; rest: string | null } | null {
  if (s === null) return null
  const m = /[ \t\r\n"=]/.exec(s)
  if (!m) return { token: s, rest: null }
  const at = m.index
  if (s[at] === '"') {
    const body = s.slice(0, at) + s.slice(at + 1)
    const close = body.indexOf('"', at)
    if (close < 0) return null
    let next = close + 1
    while (next < body.length && WHITESPACE.includes(body[next])) next++
    return { token: body.slice(0, close), rest: body.slice(next) }
  }
  const wasEquals = s[at] === '='
  let next = at + 1
  while (next < s.length && WHITESPACE.includes(s[next])) next++
  if (s[next] === '=' && !wasEquals) {
    next++
    while (next < s.length && WHITESPACE.includes(s[next])) next++
  }
  return { token: s.slice(0, at), rest: s.slice(next) }
}
