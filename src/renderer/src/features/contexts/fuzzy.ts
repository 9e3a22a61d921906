// Fuzzy matching for the context list and the quick switcher, in the spirit of fzf: the query's
// characters must appear in order; matches at word starts (after - _ . @ / : or a case change)
// and runs of consecutive characters score higher, gaps cost a little.
// Filtering 10,000 contexts on each keystroke only scores (no allocation per item); the
// positions to highlight are computed afterwards for the few rows on screen.

export interface FuzzyMatch {
  score: number
  /** Indexes into the text of the matched characters, for highlighting. */
  positions: number[]
}

const SCORE_MATCH = 16
const BONUS_BOUNDARY = 8
const BONUS_CONSECUTIVE = 5
const BONUS_FIRST_CHAR = 4
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
 * Scores `query` (lower-case) against `text`; null when its characters do not all appear in
 * order. A substring scores as a run (whole text and prefix best). Otherwise the match is the
 * tightest window ending at the first complete match (fzf's v1: scan forward to the end, back for
 * the start), scored left to right; `positions`, when given, receives the matched indexes.
 */
function score(query: string, text: string, lower: string, positions: number[] | null): number | null {
  const exact = lower.indexOf(query)
  if (exact >= 0) {
    if (positions) for (let k = 0; k < query.length; k++) positions.push(exact + k)
    let s = query.length * (SCORE_MATCH + BONUS_CONSECUTIVE) + boundaryBonus(text, exact) * 2
    if (exact === 0) s += BONUS_PREFIX
    if (query.length === lower.length) s += BONUS_EXACT
    return s
  }
  let qi = 0
  let end = -1
  for (let i = 0; i < lower.length; i++) {
    if (lower[i] === query[qi] && ++qi === query.length) {
      end = i
      break
    }
  }
  if (end < 0) return null
  qi = query.length - 1
  let start = end
  for (let i = end; i >= 0; i--) {
    if (lower[i] === query[qi] && --qi < 0) {
      start = i
      break
    }
  }
  let s = -Math.min(start, 10) / 2
  let last = -2
  qi = 0
  for (let i = start; i <= end && qi < query.length; i++) {
    if (lower[i] !== query[qi]) continue
    positions?.push(i)
    s += SCORE_MATCH + boundaryBonus(text, i)
    if (last === i - 1) s += BONUS_CONSECUTIVE
    else if (last >= 0) s -= PENALTY_GAP_START + PENALTY_GAP_EXTENSION * Math.min(i - last - 2, 8)
    last = i
    qi++
  }
  return s
}

/** Matches `query` (already lower-cased) against `text`, with the positions to highlight. */
export function fuzzyMatch(query: string, text: string, lower = text.toLowerCase()): FuzzyMatch | null {
  if (query.length === 0) return { score: 0, positions: [] }
  const positions: number[] = []
  const s = score(query, text, lower, positions)
  return s === null ? null : { score: s, positions }
}

export interface SearchField<F extends string> {
  key: F
  text: string
  /** text.toLowerCase(), computed once per item by the caller (lists cache it per entry). */
  lower: string
  weight: number
  /** Fuzzy (the name); the other fields match as substrings, so "prod" does not match every URL with p, r, o, d in it. */
  fuzzy: boolean
}

export function searchField<F extends string>(key: F, text: string, weight: number, fuzzy: boolean): SearchField<F> {
  return { key, text, lower: text.toLowerCase(), weight, fuzzy }
}

function fieldScore<F extends string>(token: string, f: SearchField<F>, positions: number[] | null): number | null {
  if (f.fuzzy) return score(token, f.text, f.lower, positions)
  const at = f.lower.indexOf(token)
  if (at < 0) return null
  if (positions) for (let k = 0; k < token.length; k++) positions.push(at + k)
  return token.length * SCORE_MATCH + (at === 0 ? BONUS_PREFIX / 2 : 0)
}

/**
 * Space-separated tokens against the fields of one item: every token must match some field;
 * each counts with its best field's weighted score. Null when a token matches nowhere.
 */
export function scoreFields<F extends string>(tokens: readonly string[], fields: readonly SearchField<F>[]): number | null {
  let total = 0
  for (const token of tokens) {
    let best: number | null = null
    for (const f of fields) {
      const s = fieldScore(token, f, null)
      if (s !== null && (best === null || s * f.weight > best)) best = s * f.weight
    }
    if (best === null) return null
    total += best
  }
  return total
}

/** Which characters of which field to highlight: for each token, the field that gave its best score. */
export function highlightFields<F extends string>(tokens: readonly string[], fields: readonly SearchField<F>[]): Partial<Record<F, number[]>> {
  const out: Partial<Record<F, number[]>> = {}
  for (const token of tokens) {
    let best: { value: number; key: F; positions: number[] } | null = null
    for (const f of fields) {
      const positions: number[] = []
      const s = fieldScore(token, f, positions)
      if (s !== null && (!best || s * f.weight > best.value)) best = { value: s * f.weight, key: f.key, positions }
    }
    if (best) out[best.key] = [...(out[best.key] ?? []), ...best.positions]
  }
  return out
}

export function queryTokens(query: string): string[] {
  return query.toLowerCase().split(/\s+/).filter(Boolean)
}
