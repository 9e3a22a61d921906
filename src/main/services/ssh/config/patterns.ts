// OpenSSH's pattern matching (match.c): `*` and `?` wildcards, comma-separated lists with `!`
// negation. Host patterns are case-sensitive; Match host/originalhost and known_hosts compare
// a lowercased host against a lowercased pattern.

/** match_pattern(): the whole string against one pattern with `*` and `?`. */
export function matchPattern(s: string, pattern: string): boolean {
  return matchFrom(s, 0, pattern, 0)
}

function matchFrom(s: string, si: number, p: string, pi: number): boolean {
  for (;;) {
    if (pi === p.length) return si === s.length
    if (p[pi] === '*') {
      while (p[pi] === '*') pi++
      if (pi === p.length) return true
      if (p[pi] !== '?') {
        for (; si < s.length; si++) if (s[si] === p[pi] && matchFrom(s, si + 1, p, pi + 1)) return true
        return false
      }
      for (; si < s.length; si++) if (matchFrom(s, si, p, pi)) return true
      return false
    }
    if (si === s.length) return false
    if (p[pi] !== '?' && p[pi] !== s[si]) return false
    si++
    pi++
  }
}

/**
 * match_pattern_list(): 1 if a positive subpattern matches, -1 if a negated one does (which
 * wins at once), 0 otherwise. `lower` lowercases the subpatterns (not the string).
 */
export function matchPatternList(s: string, list: string, lower: boolean): -1 | 0 | 1 {
  let positive = false
  for (const raw of list.split(',')) {
    // OpenSSH skips the separator comma; an empty subpattern only matches the empty string.
    const negated = raw.startsWith('!')
    let sub = negated ? raw.slice(1) : raw
    if (lower) sub = sub.toLowerCase()
    if (matchPattern(s, sub)) {
      if (negated) return -1
      positive = true
    }
  }
  return positive ? 1 : 0
}

/** match_hostname(): case-insensitive list match of a host name. */
export function matchHostname(host: string, list: string): -1 | 0 | 1 {
  return matchPatternList(host.toLowerCase(), list, true)
}
