// A fast parser for the YAML kubeconfigs are written in: block maps and sequences, flow
// collections (JSON included), plain, quoted and literal scalars, comments. It is several
// times faster than building a full `yaml` Document, which matters with thousands of contexts.
// Anything outside that subset, and anything malformed, makes it give up (returns undefined):
// the full parser then reads the file and reports errors with their line. It never guesses.
import type { YMap, YNode, YPair, YScalar, YSeq, YSeqItem } from './nodes'

class Unsupported extends Error {}
const bail = (): never => {
  throw new Unsupported()
}

const NL = 10
const SP = 32
const HASH = 35

/** Characters that cannot start a plain scalar (YAML c-indicator), '-', '?', ':' handled apart. */
const INDICATOR_START = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`'])

/** Returns the root node (null for an empty document) or undefined when the full parser must take over. */
export function fastParse(text: string): YNode | null | undefined {
  // Tabs, CRs and BOMs have subtle rules (and are rare in kubeconfigs): leave them to the full parser.
  if (text.includes('\t') || text.includes('\r') || text.includes('\uFEFF')) return undefined
  try {
    return new FastParser(text).document()
  } catch (e) {
    if (e instanceof Unsupported) return undefined
    throw e
  }
}

class FastParser {
  private p = 0
  private readonly n: number
  /** Set by isBlockKeyAt: offset of the key's ':'. */
  private keyColon = -1

  constructor(private readonly t: string) {
    this.n = t.length
  }

  document(): YNode | null {
    this.skipBlankLines()
    if (this.t.charCodeAt(this.p) === 37 /* % directive */) bail()
    if (this.t.startsWith('---', this.p) && this.blankOrEnd(this.p + 3)) {
      this.p += 3
      this.restOfLine()
    }
    const root = this.blockNode(-1, false)
    this.skipBlankLines()
    if (this.p < this.n) {
      if (this.t.startsWith('...', this.p) && this.blankOrEnd(this.p + 3)) {
        this.p += 3
        this.restOfLine()
        this.skipBlankLines()
        if (this.p < this.n) bail()
      } else bail()
    }
    return root
  }

  // ---- lines -------------------------------------------------------------------------------

  /** The line skipBlankLines last stopped on (start, and end once looked up): most columns asked for are on it. */
  private ls = 0
  private lsEnd = -1

  private col(at: number): number {
    if (at >= this.ls) {
      if (this.lsEnd < 0) {
        const nl = this.t.indexOf('\n', this.ls)
        this.lsEnd = nl < 0 ? this.n : nl
      }
      if (at <= this.lsEnd) return at - this.ls
    }
    const nl = this.t.lastIndexOf('\n', at - 1)
    return at - (nl + 1)
  }

  /** True when `at` is a space, a newline or the end of the text. */
  private blankOrEnd(at: number): boolean {
    if (at >= this.n) return true
    const c = this.t.charCodeAt(at)
    return c === SP || c === NL
  }

  /** From line starts: skips empty and comment-only lines; stops at the first content character. */
  private skipBlankLines(): void {
    const t = this.t
    for (;;) {
      if ((this.p === 0 || t.charCodeAt(this.p - 1) === NL) && this.ls !== this.p) {
        this.ls = this.p
        this.lsEnd = -1
      }
      let i = this.p
      while (i < this.n && t.charCodeAt(i) === SP) i++
      if (i >= this.n) {
        this.p = this.n
        return
      }
      const c = t.charCodeAt(i)
      if (c === NL) {
        this.p = i + 1
        continue
      }
      if (c === HASH) {
        const nl = t.indexOf('\n', i)
        this.p = nl === -1 ? this.n : nl + 1
        continue
      }
      this.p = i
      return
    }
  }

  /** After a value: only spaces and a comment may follow on the line; consumes the newline. */
  private restOfLine(): void {
    const t = this.t
    let i = this.p
    const before = i
    while (i < this.n && t.charCodeAt(i) === SP) i++
    if (i < this.n && t.charCodeAt(i) === HASH) {
      if (i === before && before > 0 && t.charCodeAt(before - 1) !== SP && t.charCodeAt(before - 1) !== NL) bail()
      const nl = t.indexOf('\n', i)
      i = nl === -1 ? this.n : nl
    }
    if (i < this.n && t.charCodeAt(i) !== NL) bail()
    this.p = i < this.n ? i + 1 : this.n
  }

  /** After a single-line value: the next content line must not continue it (multi-line plain scalars). */
  private noContinuation(parentIndent: number): void {
    this.skipBlankLines()
    if (this.p < this.n && this.col(this.p) > parentIndent) bail()
  }

  // ---- block collections -------------------------------------------------------------------

  private blockNode(parentIndent: number, seqAtParentIndent: boolean): YNode | null {
    this.skipBlankLines()
    if (this.p >= this.n) return null
    const c = this.col(this.p)
    const isSeq = this.t.charCodeAt(this.p) === 45 && this.blankOrEnd(this.p + 1)
    if (c < parentIndent || (c === parentIndent && !(isSeq && seqAtParentIndent))) return null
    if (this.t.startsWith('---', this.p) || this.t.startsWith('...', this.p)) {
      if (c === 0 && this.blankOrEnd(this.p + 3)) return null
    }
    if (isSeq) return this.blockSeq(c)
    if (this.isBlockKeyAt(this.p)) return this.blockMap(c)
    const node = this.inlineValue(parentIndent)
    return node
  }

  /** Whether a block mapping key starts at `at` (sets keyColon). */
  private isBlockKeyAt(at: number): boolean {
    const t = this.t
    const ch = t[at]
    if (ch === '"' || ch === "'") {
      const close = this.quotedEnd(at)
      if (close < 0) return false
      let i = close
      while (i < this.n && t.charCodeAt(i) === SP) i++
      if (t[i] === ':' && this.blankOrEnd(i + 1)) {
        this.keyColon = i
        return true
      }
      return false
    }
    if (ch === '?' && this.blankOrEnd(at + 1)) bail()
    if (INDICATOR_START.has(ch)) return false
    if ((ch === '-' || ch === ':') && this.blankOrEnd(at + 1)) return false
    for (let i = at; i < this.n; i++) {
      const c = t.charCodeAt(i)
      if (c === NL) return false
      if (c === 58 /* : */ && this.blankOrEnd(i + 1)) {
        this.keyColon = i
        return true
      }
      if (c === HASH && t.charCodeAt(i - 1) === SP) return false
    }
    return false
  }

  private blockMap(col: number): YMap {
    const t = this.t
    const start = this.p
    const pairs: YPair[] = []
    let end = start
    for (;;) {
      if (!this.isBlockKeyAt(this.p)) bail()
      const colon = this.keyColon
      const key = this.keyScalar(this.p, colon)
      if (key.style === 'plain' && key.value === '<<') bail() // merge keys: the full parser handles them
      for (const other of pairs) if (other.key.value === key.value) bail() // duplicate: the full parser reports it
      this.p = colon + 1
      while (this.p < this.n && t.charCodeAt(this.p) === SP) this.p++
      let value: YNode | null
      const c = t.charCodeAt(this.p)
      if (this.p >= this.n || c === NL || c === HASH) {
        this.restOfLine()
        value = this.blockNode(col, true)
      } else {
        value = this.inlineValue(col)
      }
      pairs.push({ key, value, colon })
      end = value ? value.end : colon + 1
      this.skipBlankLines()
      if (this.p >= this.n) break
      const next = this.col(this.p)
      if (next < col) break
      if (next > col) bail()
      if (t.charCodeAt(this.p) === 45 && this.blankOrEnd(this.p + 1)) bail()
      if ((t.startsWith('---', this.p) || t.startsWith('...', this.p)) && col === 0 && this.blankOrEnd(this.p + 3)) break
    }
    return { kind: 'map', start, end, flow: false, col, pairs }
  }

  private keyScalar(at: number, colon: number): YScalar {
    const ch = this.t[at]
    if (ch === '"' || ch === "'") {
      const s = ch === '"' ? this.doubleQuoted(at) : this.singleQuoted(at)
      return s
    }
    let end = colon
    while (end > at && this.t.charCodeAt(end - 1) === SP) end--
    return { kind: 'scalar', start: at, end, style: 'plain', value: this.t.slice(at, end) }
  }

  private blockSeq(col: number): YSeq {
    const t = this.t
    const start = this.p
    const items: YSeqItem[] = []
    let end = start
    for (;;) {
      const dash = this.p
      this.p++
      while (this.p < this.n && t.charCodeAt(this.p) === SP) this.p++
      let node: YNode | null
      const c = t.charCodeAt(this.p)
      if (this.p >= this.n || c === NL || c === HASH) {
        this.restOfLine()
        node = this.blockNode(col, false)
      } else {
        const inner = this.col(this.p)
        if (c === 45 && this.blankOrEnd(this.p + 1)) node = this.blockSeq(inner)
        else if (this.isBlockKeyAt(this.p)) node = this.blockMap(inner)
        else node = this.inlineValue(col)
      }
      items.push({ dash, node })
      end = node ? node.end : dash + 1
      this.skipBlankLines()
      if (this.p >= this.n) break
      const next = this.col(this.p)
      if (next < col) break
      if (next > col) bail()
      if (!(t.charCodeAt(this.p) === 45 && this.blankOrEnd(this.p + 1))) break
    }
    return { kind: 'seq', start, end, flow: false, col, items }
  }

  // ---- values on a line ----------------------------------------------------------------------

  /** A scalar or flow collection starting mid-line; consumes the rest of its line(s). */
  private inlineValue(parentIndent: number): YNode {
    const t = this.t
    const ch = t[this.p]
    let node: YNode
    switch (ch) {
      case '"':
        node = this.doubleQuoted(this.p)
        break
      case "'":
        node = this.singleQuoted(this.p)
        break
      case '{':
      case '[':
        node = this.flowCollection(parentIndent)
        break
      case '|':
        return this.literal(parentIndent)
      case '>':
      case '&':
      case '*':
      case '!':
      case '%':
      case '@':
      case '`':
      case '?':
      case ']':
      case '}':
      case ',':
        return bail()
      default:
        if ((ch === '-' || ch === ':') && this.blankOrEnd(this.p + 1)) bail()
        node = this.blockPlain()
    }
    this.p = node.end
    this.restOfLine()
    this.noContinuation(parentIndent)
    return node
  }

  private blockPlain(): YScalar {
    const t = this.t
    const start = this.p
    let i = start
    let end = start
    for (; i < this.n; i++) {
      const c = t.charCodeAt(i)
      if (c === NL) break
      if (c === HASH && t.charCodeAt(i - 1) === SP) break
      if (c === 58 && this.blankOrEnd(i + 1)) bail() // "a: b: c" is an error; let the full parser say so
      if (c !== SP) end = i + 1
    }
    return { kind: 'scalar', start, end, style: 'plain', value: t.slice(start, end) }
  }

  /** Offset after the closing quote of a single-line quoted scalar, or -1. */
  private quotedEnd(at: number): number {
    const t = this.t
    const q = t[at]
    for (let i = at + 1; i < this.n; i++) {
      const c = t[i]
      if (c === '\n') return -1
      if (q === '"' && c === '\\') {
        i++
        continue
      }
      if (c === q) {
        if (q === "'" && t[i + 1] === "'") {
          i++
          continue
        }
        return i + 1
      }
    }
    return -1
  }

  private singleQuoted(at: number): YScalar {
    const end = this.quotedEnd(at)
    if (end < 0) bail()
    const value = this.t.slice(at + 1, end - 1).replace(/''/g, "'")
    return { kind: 'scalar', start: at, end, style: 'single', value }
  }

  private doubleQuoted(at: number): YScalar {
    const t = this.t
    let value = ''
    let i = at + 1
    let chunk = i
    for (;;) {
      if (i >= this.n) bail()
      const c = t[i]
      if (c === '\n') bail() // multi-line: folding rules, full parser
      if (c === '"') break
      if (c !== '\\') {
        i++
        continue
      }
      value += t.slice(chunk, i)
      const e = t[i + 1]
      let len = 2
      switch (e) {
        case '0': value += '\0'; break
        case 'a': value += '\x07'; break
        case 'b': value += '\b'; break
        case 't': value += '\t'; break
        case 'n': value += '\n'; break
        case 'v': value += '\v'; break
        case 'f': value += '\f'; break
        case 'r': value += '\r'; break
        case 'e': value += '\x1b'; break
        case ' ': value += ' '; break
        case '"': value += '"'; break
        case '/': value += '/'; break
        case '\\': value += '\\'; break
        case 'N': value += '\x85'; break
        case '_': value += '\xa0'; break
        case 'L': value += '\u2028'; break
        case 'P': value += '\u2029'; break
        case 'x':
        case 'u':
        case 'U': {
          const digits = e === 'x' ? 2 : e === 'u' ? 4 : 8
          const hex = t.slice(i + 2, i + 2 + digits)
          if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) bail()
          const cp = parseInt(hex, 16)
          if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) bail()
          value += String.fromCodePoint(cp)
          len = 2 + digits
          break
        }
        default:
          bail()
      }
      i += len
      chunk = i
    }
    value += t.slice(chunk, i)
    return { kind: 'scalar', start: at, end: i + 1, style: 'double', value }
  }

  /**
   * `|` and `|-` literal block scalars (optionally with an indentation indicator). Keep
   * chomping (`|+`) and folded scalars (`>`) go to the full parser.
   */
  private literal(parentIndent: number): YScalar {
    const t = this.t
    const start = this.p
    let i = this.p + 1
    let strip = false
    let explicit = 0
    for (let k = 0; k < 2; k++) {
      const c = t[i]
      if (c === '+') bail()
      if (c === '-') {
        strip = true
        i++
      } else if (c >= '1' && c <= '9') {
        explicit = Number(c)
        i++
      }
    }
    if (!this.blankOrEnd(i)) bail()
    this.p = i
    this.restOfLine()
    let contentIndent = explicit ? Math.max(parentIndent, 0) + explicit : -1
    const lines: string[] = []
    let lastContent = -1
    let end = i
    let p = this.p
    let leadingEmptyIndent = 0
    while (p < this.n) {
      const nl = t.indexOf('\n', p)
      const lineEnd = nl === -1 ? this.n : nl
      let sp = p
      while (sp < lineEnd && t.charCodeAt(sp) === SP) sp++
      const indent = sp - p
      const empty = sp === lineEnd
      if (contentIndent < 0 && !empty) {
        if (indent <= parentIndent) break
        if (leadingEmptyIndent > indent) bail()
        contentIndent = indent
      }
      if (empty) {
        if (contentIndent < 0) leadingEmptyIndent = Math.max(leadingEmptyIndent, indent)
        lines.push(contentIndent >= 0 && indent > contentIndent ? t.slice(p + contentIndent, lineEnd) : '')
      } else {
        if (indent < contentIndent) break
        lines.push(t.slice(p + contentIndent, lineEnd))
        lastContent = lines.length - 1
        end = lineEnd
        this.p = nl === -1 ? this.n : nl + 1
      }
      p = lineEnd + 1
    }
    // Empty lines after the last content line only matter for keep chomping (not handled here).
    const content = lines.slice(0, lastContent + 1).join('\n')
    const value = lastContent < 0 ? '' : strip ? content : content + '\n'
    this.noContinuation(parentIndent)
    return { kind: 'scalar', start, end, style: 'literal', value }
  }

  // ---- flow collections ------------------------------------------------------------------------

  private flowCollection(parentIndent: number): YNode {
    const startLine = this.t.lastIndexOf('\n', this.p - 1)
    const node = this.flowNode(parentIndent)
    if (!node) bail()
    // Continuation lines of a multi-line flow collection must be indented past the parent.
    if (this.t.lastIndexOf('\n', node!.end - 1) !== startLine) {
      for (let nl = this.t.indexOf('\n', startLine + 1); nl !== -1 && nl < node!.end; nl = this.t.indexOf('\n', nl + 1)) {
        let sp = nl + 1
        while (this.t.charCodeAt(sp) === SP) sp++
        if (this.t.charCodeAt(sp) !== NL && this.t.charCodeAt(sp) !== HASH && sp - (nl + 1) <= parentIndent) bail()
      }
    }
    return node!
  }

  private skipFlowSpace(): void {
    const t = this.t
    while (this.p < this.n) {
      const c = t.charCodeAt(this.p)
      if (c === SP || c === NL) this.p++
      else if (c === HASH) {
        const prev = t.charCodeAt(this.p - 1)
        if (prev !== SP && prev !== NL) bail()
        const nl = t.indexOf('\n', this.p)
        this.p = nl === -1 ? this.n : nl
      } else return
    }
  }

  private flowNode(parentIndent: number): YNode | null {
    this.skipFlowSpace()
    const t = this.t
    const ch = t[this.p]
    switch (ch) {
      case '{':
        return this.flowMap(parentIndent)
      case '[':
        return this.flowSeq(parentIndent)
      case '"': {
        const s = this.doubleQuoted(this.p)
        this.p = s.end
        return s
      }
      case "'": {
        const s = this.singleQuoted(this.p)
        this.p = s.end
        return s
      }
      case ',':
      case ']':
      case '}':
        return null
      case undefined:
        return bail()
      default:
        if ('&*!|>%@`#'.includes(ch)) bail()
        if ((ch === '-' || ch === '?' || ch === ':') && this.flowBlank(this.p + 1)) bail()
        return this.flowPlain()
    }
  }

  private flowBlank(at: number): boolean {
    if (at >= this.n) return true
    const c = this.t[at]
    return c === ' ' || c === '\n' || c === ',' || c === '[' || c === ']' || c === '{' || c === '}'
  }

  private flowPlain(): YScalar {
    const t = this.t
    const start = this.p
    let end = start
    let i = start
    for (; i < this.n; i++) {
      const c = t[i]
      if (c === ',' || c === '[' || c === ']' || c === '{' || c === '}' || c === '\n') break
      if (c === ':' && this.flowBlank(i + 1)) break
      if (c === '#' && t[i - 1] === ' ') break
      if (c !== ' ') end = i + 1
    }
    this.p = end
    // A plain scalar continuing on the next line inside a flow collection: full parser.
    if (t[i] === '\n') {
      let j = i
      while (j < this.n && (t[j] === ' ' || t[j] === '\n')) j++
      const c = t[j]
      if (c !== ',' && c !== ']' && c !== '}' && c !== ':' && c !== '#' && j < this.n) bail()
    }
    return { kind: 'scalar', start, end, style: 'plain', value: t.slice(start, end) }
  }

  private flowMap(parentIndent: number): YMap {
    const t = this.t
    const start = this.p
    this.p++
    const pairs: YPair[] = []
    for (;;) {
      this.skipFlowSpace()
      if (t[this.p] === '}') {
        this.p++
        break
      }
      const kc = t[this.p]
      if (kc === '{' || kc === '[' || kc === undefined) bail()
      const key = this.flowNode(parentIndent)
      if (!key || key.kind !== 'scalar') return bail()
      if (key.style === 'plain' && key.value === '<<') bail()
      for (const other of pairs) if (other.key.value === key.value) bail()
      this.skipFlowSpace()
      if (t[this.p] !== ':') bail() // `{a, b}` (implicit null values): full parser
      const colon = this.p
      this.p++
      this.skipFlowSpace()
      const value = this.flowNode(parentIndent)
      pairs.push({ key, value, colon })
      this.skipFlowSpace()
      if (t[this.p] === ',') {
        this.p++
        continue
      }
      if (t[this.p] === '}') {
        this.p++
        break
      }
      bail()
    }
    return { kind: 'map', start, end: this.p, flow: true, col: this.col(start), pairs }
  }

  private flowSeq(parentIndent: number): YSeq {
    const t = this.t
    const start = this.p
    this.p++
    const items: YSeqItem[] = []
    for (;;) {
      this.skipFlowSpace()
      if (t[this.p] === ']') {
        this.p++
        break
      }
      const node = this.flowNode(parentIndent)
      if (!node) bail()
      this.skipFlowSpace()
      if (t[this.p] === ':') bail() // single-pair mapping inside a sequence
      items.push({ dash: -1, node })
      if (t[this.p] === ',') {
        this.p++
        continue
      }
      if (t[this.p] === ']') {
        this.p++
        break
      }
      bail()
    }
    return { kind: 'seq', start, end: this.p, flow: true, col: this.col(start), items }
  }
}
