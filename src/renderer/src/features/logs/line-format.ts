// How one log line is read: its severity (klog's E/W/I prefix, a JSON "level", or the words),
// a JSON line pretty-printed on demand, its timestamp in local time or UTC, and the regular
// expressions of the filter and search (a bad one says why instead of throwing).
export type Severity = 'error' | 'warn' | 'info' | 'debug' | ''

const KLOG = /^([EWIF])\d{4} \d\d:\d\d:\d\d/
const JSON_LEVEL = /"(?:level|severity|lvl)"\s*:\s*"(\w+)"/i
const WORD = /\b(FATAL|PANIC|ERROR|ERR|WARN(?:ING)?|INFO|DEBUG|TRACE)\b/

const norm = (w: string): Severity => {
  const x = w.toLowerCase()
  if (x.startsWith('err') || x === 'fatal' || x === 'panic' || x === 'f' || x === 'e' || x === 'critical') return 'error'
  if (x.startsWith('warn') || x === 'w') return 'warn'
  if (x === 'info' || x === 'i' || x === 'notice') return 'info'
  if (x === 'debug' || x === 'trace') return 'debug'
  return ''
}

export function severityOf(text: string): Severity {
  const k = KLOG.exec(text)
  if (k) return norm(k[1])
  const j = JSON_LEVEL.exec(text)
  if (j) return norm(j[1])
  const w = WORD.exec(text.slice(0, 200))
  return w ? norm(w[1]) : ''
}

const RANK: Record<Severity, number> = { error: 3, warn: 2, info: 1, debug: 0, '': 0 }
/** Whether a line passes a minimum severity ('' passes all; a line without one passes only ''). */
export const atLeast = (sev: Severity, min: Severity) => !min || RANK[sev] >= RANK[min]

/** A JSON object line, indented; null when the line is not one. */
export function prettyJson(text: string): string | null {
  const s = text.trimStart()
  if (!s.startsWith('{')) return null
  try {
    return JSON.stringify(JSON.parse(s), null, 2)
  } catch {
    return null
  }
}

/** `2026-12-06T02:00:00.123456789Z` shown as UTC (as is, to the microsecond) or in local time (milliseconds). */
export function showTime(t: string, zone: 'utc' | 'local'): string {
  if (!t) return ''
  if (zone === 'utc') return t.replace('T', ' ').replace(/(\.\d{6})\d*Z$/, '$1Z')
  const d = new Date(t)
  if (isNaN(d.getTime())) return t
  const p = (n: number, w = 2) => String(n).padStart(w, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`
}

/** A user's pattern: a regular expression, or its error in words. */
export function compile(pattern: string, caseSensitive = false): { re: RegExp | null; error?: string } {
  if (!pattern) return { re: null }
  try {
    return { re: new RegExp(pattern, caseSensitive ? '' : 'i') }
  } catch (e) {
    return { re: null, error: (e as Error).message }
  }
}

/** Colour of a source (pod/container), stable for its index. */
export const sourceColour = (s: number) => `hsl(${(s * 137.508) % 360} 65% 45%)`
