// The concrete host aliases of an ssh config (Host lines without wildcards or negation), for
// the host inventory. Follows Include like ssh does, whatever block it sits in.
import { readFileSync } from 'node:fs'
import { tildeExpand } from './expand'
import { globPaths } from './glob'
import { matchPattern } from './patterns'
import { splitArgs, splitKeyword, trimLine } from './tokenize'

export interface ConfigHostEntry {
  alias: string
  file: string
  line: number
}

export interface HostLine {
  patterns: string[]
  file: string
  line: number
}

/** The concrete aliases (no wildcards, no negation) of the config and its Includes. */
export function listConfigHosts(file: string, home: string, userConfig = true): ConfigHostEntry[] {
  const out: ConfigHostEntry[] = []
  for (const h of readHostLines(file, home, userConfig)) {
    for (const a of h.patterns) {
      if (a === '' || a.startsWith('!') || /[*?]/.test(a)) continue
      if (!out.some((e) => e.alias === a)) out.push({ alias: a, file: h.file, line: h.line })
    }
  }
  return out
}

/**
 * True when a Host line names `name` specifically: one of its patterns other than the bare
 * catch-all `*` matches it and none of its negations does (OpenSSH's Host semantics).
 */
export function configNamesHost(file: string, home: string, name: string): boolean {
  return readHostLines(file, home, true).some((h) => {
    let hit = false
    for (const p of h.patterns) {
      if (p.startsWith('!')) {
        if (matchPattern(name, p.slice(1))) return false
      } else if (p !== '*' && matchPattern(name, p)) hit = true
    }
    return hit
  })
}

function readHostLines(file: string, home: string, userConfig: boolean): HostLine[] {
  const out: HostLine[] = []
  const seen = new Set<string>()
  const visit = (path: string, depth: number) => {
    if (depth > 16 || seen.has(path)) return
    seen.add(path)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch {
      return
    }
    text.split('\n').forEach((raw, i) => {
      const split = splitKeyword(trimLine(raw))
      if (!split || split.rest === '') return
      let args: string[]
      try {
        args = splitArgs(split.rest)
      } catch {
        return
      }
      if (split.keyword === 'host') out.push({ patterns: args, file: path, line: i + 1 })
      else if (split.keyword === 'include') {
        for (const a of args) {
          const p = !a.startsWith('/') && !a.startsWith('~') ? `${userConfig ? '~/.ssh' : '/etc/ssh'}/${a}` : a
          for (const f of globPaths(tildeExpand(p, home))) visit(f, depth + 1)
        }
      }
    })
  }
  visit(file, 0)
  return out
}
