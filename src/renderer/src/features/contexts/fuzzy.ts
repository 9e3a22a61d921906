// Fuzzy matching for the context list and the quick switcher, in the spirit of fzf: the query's
// characters must appear in order; matches at word starts (after - _ . @ / : or a case change)
// and runs of consecutive characters score higher, gaps cost a little. Cheap enough to run over
// every field of 10,000 contexts on each keystroke (no allocation unless there is a match).

export interface FuzzyMatch {
  score: number
  /** Indexes into the text of the matched characters, for highlighting. */
  positions: number[]
}

const BONUS_BOUNDARY = 8
const BONUS_CONSECUTIVE = 5
const BONUS_FIRST_CHAR = 4
const SCORE_MATCH = 16
const PENALTY_GAP_START = 3
const PENALTY_GAP_EXTENSION = 1
const BONUS_EXACT = 200
const BONUS_PREFIX = 60

function isSeparator(c: string): boolean {
  return c === '-' || c === '_' || c === '.' || c === '@' || c === '/' || c === ':' || c === ' '
}

function boundaryBonus(text: string, i: number): number {
  if (i === 0) return BONUS_BOUNDARY + BONUS_FIRST_CHAR
  const prev = text[i - 1]
  if (isSeparator(prev)) return BONUS_BOUNDARY
  const c = text[i]
  if (prev >= 'a' && prev <= 'z' && c >= 'A' && c <= 'Z') return BONUS_BOUNDARY - 1
  return 0
}

/**
 * Matches `query` (already lower-cased) against `text`. Returns null when the characters do not
 * all appear in order. The positions are the tightest window ending at the first full match
 * (fzf's v1 algorithm: forward scan to the end, backward scan for the start), then scored.
 */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  if (query.length === 0) return { score: 0, positions: [] }
  const lower = text.toLowerCase()
  const exact = lower.indexOf(query)
  if (exact >= 0) {
    // A substring: score it as a run, preferring whole-text and prefix matches.
    const positions = Array.from({ length: query.length }, (_, k) => exact + k)
    let score = query.length * (SCORE_MATCH + BONUS_CONSECUTIVE) + boundaryBonus(text, exact) * 2
    if (exact === 0) score += BONUS_PREFIX
    if (query.length === lower.length) score += BONUS_EXACT
    return { score, positions }
  }
  // Forward: find where the first complete match ends.
  let qi = 0
  let end = -1
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] === query[qi]) {
      qi++
      if (qi === query.length) {
        end = i
        break
      }
    }
  }
  if (end < 0) return null
  // Backward from the end: the latest start that still matches, i.e. the tightest window.
  qi = query.length - 1
  let start = end
  for (let i = end; i >= 0; i--) {
    if (lower[i] === query[qi]) {
      qi--
      if (qi < 0) {
        start = i
        break
      }
    }
  }
  // Score the leftmost match inside that window (fzf's fast path; its optimal alignment would
  // need dynamic programming, which 10,000 rows per keystroke do not need).
  const positions: number[] = []
  qi = 0
  let score = 0
  let last = -2
  for (let i = start; i <= end && qi < query.length; i++) {
    if (lower[i] !== query[qi]) continue
    positions.push(i)
    score += SCORE_MATCH + boundaryBonus(text, i)
    if (last === i - 1) score += BONUS_CONSECUTIVE
    else if (last >= 0) score -= PENALTY_GAP_START + PENALTY_GAP_EXTENSION * Math.min(i - last - 2, 8)
    last = i
    qi++
  }
  score -= Math.min(start, 10) / 2
  return { score, positions }
}

export interface FieldMatch<F extends string> {
  score: number
  /** Highlight positions per field that matched a token. */
  positions: Partial<Record<F, number[]>>
}

/**
 * Matches a query of space-separated tokens against several fields of one item: every token
 * must match some field (fuzzily in the first field, the name; as a substring in the others so
 * that "prod" does not match every server URL with p, r, o, d in it). Weights scale per field.
 */
export function matchFields<F extends string>(
  tokens: string[],
  fields: readonly { key: F; text: string; weight: number; fuzzy: boolean }[]
): FieldMatch<F> | null {
  let total = 0
  const positions: Partial<Record<F, number[]>> = {}
  for (const token of tokens) {
    let best: { score: number; key: F; positions: number[] } | null = null
    for (const f of fields) {
      let m: FuzzyMatch | null
      if (f.fuzzy) m = fuzzyMatch(token, f.text)
      else {
        const at = f.text.toLowerCase().indexOf(token)
        m = at < 0 ? null : { score: token.length * SCORE_MATCH + (at === 0 ? BONUS_PREFIX / 2 : 0), positions: range(at, token.length) }
      }
      if (m && (!best || m.score * f.weight > best.score)) best = { score: m.score * f.weight, key: f.key, positions: m.positions }
    }
    if (!best) return null
    total += best.score
    positions[best.key] = mergePositions(positions[best.key], best.positions)
  }
  return { score: total, positions }
}

export function queryTokens(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean)
}

function range(start: number, length: number): number[] {
  return Array.from({ length }, (_, k) => start + k)
}

function mergePositions(a: number[] | undefined, b: number[]): number[] {
  if (!a) return b
  return [...new Set([...a, ...b])].sort((x, y) => x - y)
}
