// kubectl reads and writes kubeconfigs through go-yaml v2 (via sigs.k8s.io/yaml). Two of its
// behaviours are visible to users and reproduced here exactly:
// - how a plain scalar is typed (YAML 1.1: `yes`, `n`, `0777`, `1e3` are not strings), which
//   decides whether kubectl accepts a file;
// - how it prints YAML (`kubectl config view`, and every file kubectl creates): key order,
//   quoting, literal blocks, line folding at 80 columns.
// Ported from gopkg.in/yaml.v2 (resolve.go, encode.go, emitterc.go, sorter.go).

export type GoYamlTag = 'null' | 'bool' | 'int' | 'float' | 'timestamp' | 'str'

export interface Resolved {
  tag: GoYamlTag
  value: null | boolean | number | bigint | string
}

const resolveMap = new Map<string, Resolved>()
for (const [value, names] of [
  [true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']]
] as const) {
  for (const name of names) resolveMap.set(name, { tag: 'bool', value })
}
for (const name of ['', '~', 'null', 'Null', 'NULL']) resolveMap.set(name, { tag: 'null', value: null })
for (const name of ['.nan', '.NaN', '.NAN']) resolveMap.set(name, { tag: 'float', value: NaN })
for (const name of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) resolveMap.set(name, { tag: 'float', value: Infinity })
for (const name of ['-.inf', '-.Inf', '-.INF']) resolveMap.set(name, { tag: 'float', value: -Infinity })

function hint(c: string | undefined): string {
  if (c === undefined) return 'N'
  if (c === '+' || c === '-') return 'S'
  if (c >= '0' && c <= '9') return 'D'
  if ('yYnNtTfFoO~'.includes(c)) return 'M'
  if (c === '.') return '.'
  return ''
}

const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const UINT64_MAX = 2n ** 64n - 1n

/** Go's strconv.ParseInt(s, 0, 64) / ParseUint(s, 0, 64): base prefixes, a leading 0 means octal. */
function parseGoInt(s: string, signed: boolean): bigint | undefined {
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s)
  if (!m || (!signed && m[1])) return undefined
  const digits = m[2]
  let v: bigint
  if (/^0[oO]/.test(digits)) v = BigInt('0o' + digits.slice(2))
  else if (/^0[0-7]+$/.test(digits)) v = BigInt('0o' + digits.slice(1))
  else v = BigInt(digits)
  if (m[1] === '-') v = -v
  if (signed ? v < INT64_MIN || v > INT64_MAX : v > UINT64_MAX) return undefined
  return v
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28
  return [4, 6, 9, 11].includes(month) ? 30 : 31
}

/** The timestamp layouts go-yaml v2 tries (time.Parse with short date fields). */
function isTimestamp(s: string): boolean {
  const m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})| (\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?)?$/.exec(s)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12 || day < 1 || day > daysIn(month, year)) return false
  const h = m[4] ?? m[7]
  if (h !== undefined) {
    const [mi, se] = m[4] !== undefined ? [m[5], m[6]] : [m[8], m[9]]
    if (Number(h) > 23 || Number(mi) > 59 || Number(se) > 59) return false
  }
  return true
}

const yamlStyleFloat = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/

function toNumber(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
}

/** How go-yaml v2 types a plain (unquoted) scalar. */
export function resolvePlain(s: string): Resolved {
  const h = hint(s[0])
  if (h === '') return { tag: 'str', value: s }
  const known = resolveMap.get(s)
  if (known) return known
  if (h === '.') {
    if (/^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(s)) {
      const f = Number(s)
      if (Number.isFinite(f)) return { tag: 'float', value: f }
    }
    return { tag: 'str', value: s }
  }
  if (h === 'D' || h === 'S') {
    if (isTimestamp(s)) return { tag: 'timestamp', value: s }
    const plain = s.replace(/_/g, '')
    const i = parseGoInt(plain, true) ?? parseGoInt(plain, false)
    if (i !== undefined) return { tag: 'int', value: toNumber(i) }
    if (yamlStyleFloat.test(plain)) {
      const f = Number(plain)
      if (Number.isFinite(f)) return { tag: 'float', value: f }
    }
    if (plain.startsWith('-0b')) {
      const b = parseGoInt('-0b' + plain.slice(3), true)
      if (b !== undefined) return { tag: 'int', value: toNumber(b) }
    }
  }
  return { tag: 'str', value: s }
}

const base60float = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/
function isBase60Float(s: string): boolean {
  if (s === '') return false
  const c = s[0]
  if (!(c === '+' || c === '-' || (c >= '0' && c <= '9')) || !s.includes(':')) return false
  return base60float.test(s)
}

// ---- key order ------------------------------------------------------------------------------

const isLetter = (c: string): boolean => /\p{L}/u.test(c)
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c)

/** go-yaml v2's map key order: letters after other characters, digit runs compared as numbers. */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a)
  const br = Array.from(b)
  for (let i = 0; i < ar.length && i < br.length; i++) {
    if (ar[i] === br[i]) continue
    const al = isLetter(ar[i])
    const bl = isLetter(br[i])
    if (al && bl) return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
    if (al || bl) return bl
    let an = 0
    let bn = 0
    if (ar[i] === '0' || br[i] === '0') {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]); j--) {
        if (ar[j] !== '0') {
          an = 1
          bn = 1
          break
        }
      }
    }
    let ai = i
    for (; ai < ar.length && isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai].charCodeAt(0) - 48)
    let bi = i
    for (; bi < br.length && isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi].charCodeAt(0) - 48)
    if (an !== bn) return an < bn
    if (ai !== bi) return ai < bi
    return ar[i].codePointAt(0)! < br[i].codePointAt(0)!
  }
  return ar.length < br.length
}

export function sortGoYamlKeys(keys: string[]): string[] {
  return [...keys].sort((x, y) => (goYamlKeyLess(x, y) ? -1 : goYamlKeyLess(y, x) ? 1 : 0))
}

// ---- scalar analysis (yaml_emitter_analyze_scalar) -----------------------------------------

const isBreak = (c: string | undefined): boolean => c === '\r' || c === '\n' || c === '\x85' || c === '\u2028' || c === '\u2029'
const isSpace = (c: string | undefined): boolean => c === ' '
const isBlank = (c: string | undefined): boolean => c === ' ' || c === '\t'
const isBlankz = (c: string | undefined): boolean => c === undefined || isBlank(c) || isBreak(c) || c === '\0'
function isPrintable(c: string): boolean {
  const cp = c.codePointAt(0)!
  return cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff)
}

interface ScalarAnalysis {
  multiline: boolean
  flowPlainAllowed: boolean
  blockPlainAllowed: boolean
  singleQuotedAllowed: boolean
  blockAllowed: boolean
}

function analyzeScalar(cps: string[]): ScalarAnalysis {
  if (cps.length === 0) {
    return { multiline: false, flowPlainAllowed: false, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: false }
  }
  let blockIndicators = false
  let flowIndicators = false
  let lineBreaks = false
  let specialCharacters = false
  let leadingSpace = false
  let leadingBreak = false
  let trailingSpace = false
  let trailingBreak = false
  let breakSpace = false
  let spaceBreak = false
  let previousSpace = false
  let previousBreak = false
  const head = cps.slice(0, 3).join('')
  if (cps.length >= 3 && (head === '---' || head === '...')) {
    blockIndicators = true
    flowIndicators = true
  }
  let precededByWhitespace = true
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1])
    if (i === 0) {
      switch (c) {
        case '#': case ',': case '[': case ']': case '{': case '}': case '&': case '*': case '!':
        case '|': case '>': case "'": case '"': case '%': case '@': case '`':
          flowIndicators = true
          blockIndicators = true
          break
        case '?': case ':':
          flowIndicators = true
          if (followedByWhitespace) blockIndicators = true
          break
        case '-':
          if (followedByWhitespace) {
            flowIndicators = true
            blockIndicators = true
          }
          break
      }
    } else {
      switch (c) {
        case ',': case '?': case '[': case ']': case '{': case '}':
          flowIndicators = true
          break
        case ':':
          flowIndicators = true
          if (followedByWhitespace) blockIndicators = true
          break
        case '#':
          if (precededByWhitespace) {
            flowIndicators = true
            blockIndicators = true
          }
          break
      }
    }
    if (!isPrintable(c)) specialCharacters = true
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true
      if (i + 1 === cps.length) trailingSpace = true
      if (previousBreak) breakSpace = true
      previousSpace = true
      previousBreak = false
    } else if (isBreak(c)) {
      lineBreaks = true
      if (i === 0) leadingBreak = true
      if (i + 1 === cps.length) trailingBreak = true
      if (previousSpace) spaceBreak = true
      previousSpace = false
      previousBreak = true
    } else {
      previousSpace = false
      previousBreak = false
    }
    precededByWhitespace = isBlankz(c)
  }
  const a: ScalarAnalysis = { multiline: lineBreaks, flowPlainAllowed: true, blockPlainAllowed: true, singleQuotedAllowed: true, blockAllowed: true }
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    a.flowPlainAllowed = false
    a.blockPlainAllowed = false
  }
  if (trailingSpace) a.blockAllowed = false
  if (breakSpace) {
    a.flowPlainAllowed = false
    a.blockPlainAllowed = false
    a.singleQuotedAllowed = false
  }
  if (spaceBreak || specialCharacters) {
    a.flowPlainAllowed = false
    a.blockPlainAllowed = false
    a.singleQuotedAllowed = false
    a.blockAllowed = false
  }
  if (lineBreaks) {
    a.flowPlainAllowed = false
    a.blockPlainAllowed = false
  }
  if (flowIndicators) a.flowPlainAllowed = false
  if (blockIndicators) a.blockPlainAllowed = false
  return a
}

type Style = 'plain' | 'single' | 'double' | 'literal'

/** The style go-yaml v2 picks for a string value in block context (encode.go stringv + select_scalar_style). */
export function goYamlStringStyle(s: string, simpleKey = false): Style {
  const r = resolvePlain(s)
  let style: Style = s.includes('\n') ? 'literal' : r.tag === 'str' && !isBase60Float(s) ? 'plain' : 'double'
  const a = analyzeScalar(Array.from(s))
  if (simpleKey && a.multiline) style = 'double'
  if (style === 'plain') {
    if (!a.blockPlainAllowed) style = 'single'
    if (s.length === 0 && simpleKey) style = 'single'
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double'
  if (style === 'literal' && (!a.blockAllowed || simpleKey)) style = 'double'
  return style
}

// ---- emitter --------------------------------------------------------------------------------

/** A JSON-like value as sigs.k8s.io/yaml hands it to go-yaml (maps get sorted). */
export type GoValue = null | boolean | number | bigint | string | GoValue[] | { [key: string]: GoValue }

const BEST_INDENT = 2
const BEST_WIDTH = 80

class Emitter {
  out = ''
  private column = 0
  private indent = -1
  private readonly indents: number[] = []
  private whitespace = true
  private indention = true
  private flowLevel = 0
  private mappingContext = false
  private simpleKeyContext = false

  document(value: GoValue): string {
    this.node(value, false, false)
    this.writeIndent()
    return this.out
  }

  private put(c: string): void {
    this.out += c
    this.column++
  }

  private putBreak(): void {
    this.out += '\n'
    this.column = 0
  }

  private writeBreak(c: string): void {
    if (c === '\n') this.putBreak()
    else {
      this.out += c
      this.column = 0
    }
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0)
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) this.putBreak()
    while (this.column < indent) this.put(' ')
    this.whitespace = true
    this.indention = true
  }

  private writeIndicator(indicator: string, needWhitespace: boolean, isWhitespace: boolean, isIndention: boolean): void {
    if (needWhitespace && !this.whitespace) this.put(' ')
    for (const c of indicator) this.put(c)
    this.whitespace = isWhitespace
    this.indention = this.indention && isIndention
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent)
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0
    else if (!indentless) this.indent += BEST_INDENT
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!
  }

  private node(value: GoValue, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping
    this.simpleKeyContext = simpleKey
    if (Array.isArray(value)) this.sequence(value)
    else if (value !== null && typeof value === 'object') this.mapping(value)
    else this.scalarValue(value)
  }

  private sequence(items: GoValue[]): void {
    if (this.flowLevel > 0 || items.length === 0) {
      this.writeIndicator('[', true, true, false)
      this.increaseIndent(true, false)
      this.flowLevel++
      items.forEach((item, i) => {
        if (i > 0) this.writeIndicator(',', false, false, false)
        if (this.column > BEST_WIDTH) this.writeIndent()
        this.node(item, false, false)
      })
      this.flowLevel--
      this.popIndent()
      this.writeIndicator(']', false, false, false)
      return
    }
    this.increaseIndent(false, this.mappingContext && !this.indention)
    for (const item of items) {
      this.writeIndent()
      this.writeIndicator('-', true, false, true)
      this.node(item, false, false)
    }
    this.popIndent()
  }

  private mapping(obj: { [key: string]: GoValue }): void {
    const keys = sortGoYamlKeys(Object.keys(obj))
    if (this.flowLevel > 0 || keys.length === 0) {
      this.writeIndicator('{', true, true, false)
      this.increaseIndent(true, false)
      this.flowLevel++
      keys.forEach((k, i) => {
        if (i > 0) this.writeIndicator(',', false, false, false)
        this.node(k, true, true)
        this.writeIndicator(':', false, false, false)
        this.node(obj[k], true, false)
      })
      this.flowLevel--
      this.popIndent()
      this.writeIndicator('}', false, false, false)
      return
    }
    this.increaseIndent(false, false)
    for (const k of keys) {
      this.writeIndent()
      const a = analyzeScalar(Array.from(k))
      if (!a.multiline && Buffer.byteLength(k) <= 128) {
        this.node(k, true, true)
        this.writeIndicator(':', false, false, false)
      } else {
        this.writeIndicator('?', true, false, true)
        this.node(k, true, false)
        this.writeIndent()
        this.writeIndicator(':', true, false, true)
      }
      this.node(obj[k], true, false)
    }
    this.popIndent()
  }

  private scalarValue(v: null | boolean | number | bigint | string): void {
    if (v === null) return this.scalar('null', 'plain')
    if (typeof v === 'boolean') return this.scalar(v ? 'true' : 'false', 'plain')
    if (typeof v === 'bigint') return this.scalar(v.toString(), 'plain')
    if (typeof v === 'number') return this.scalar(Number.isInteger(v) ? String(v) : formatFloat32(v), 'plain')
    const r = resolvePlain(v)
    const style: Style = v.includes('\n') ? 'literal' : r.tag === 'str' && !isBase60Float(v) ? 'plain' : 'double'
    this.scalar(v, style)
  }

  private scalar(value: string, requested: Style): void {
    const cps = Array.from(value)
    const a = analyzeScalar(cps)
    let style = requested
    if (this.simpleKeyContext && a.multiline) style = 'double'
    if (style === 'plain') {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) style = 'single'
      if (cps.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = 'single'
    }
    if (style === 'single' && !a.singleQuotedAllowed) style = 'double'
    if (style === 'literal' && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) style = 'double'
    this.increaseIndent(true, false)
    const allowBreaks = !this.simpleKeyContext
    if (style === 'plain') this.writePlain(cps, allowBreaks)
    else if (style === 'single') this.writeSingle(cps, allowBreaks)
    else if (style === 'double') this.writeDouble(cps, allowBreaks)
    else this.writeLiteral(cps)
    this.popIndent()
  }

  private writePlain(v: string[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(' ')
    let spaces = false
    let breaks = false
    for (let i = 0; i < v.length; ) {
      const c = v[i]
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(v[i + 1])) {
          this.writeIndent()
          i++
        } else {
          this.put(c)
          i++
        }
        spaces = true
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak()
        this.writeBreak(c)
        i++
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        this.put(c)
        i++
        this.indention = false
        spaces = false
        breaks = false
      }
    }
    this.whitespace = false
    this.indention = false
  }

  private writeSingle(v: string[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false)
    let spaces = false
    let breaks = false
    for (let i = 0; i < v.length; ) {
      const c = v[i]
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1 && !isSpace(v[i + 1])) {
          this.writeIndent()
          i++
        } else {
          this.put(c)
          i++
        }
        spaces = true
      } else if (isBreak(c)) {
        if (!breaks && c === '\n') this.putBreak()
        this.writeBreak(c)
        i++
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        if (c === "'") this.put("'")
        this.put(c)
        i++
        this.indention = false
        spaces = false
        breaks = false
      }
    }
    this.writeIndicator("'", false, false, false)
    this.whitespace = false
    this.indention = false
  }

  private writeDouble(v: string[], allowBreaks: boolean): void {
    let spaces = false
    this.writeIndicator('"', true, false, false)
    for (let i = 0; i < v.length; ) {
      const c = v[i]
      if (!isPrintable(c) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
        const cp = c.codePointAt(0)!
        i++
        this.put('\\')
        const short: Record<number, string> = {
          0x00: '0', 0x07: 'a', 0x08: 'b', 0x09: 't', 0x0a: 'n', 0x0b: 'v', 0x0c: 'f', 0x0d: 'r',
          0x1b: 'e', 0x22: '"', 0x5c: '\\', 0x85: 'N', 0xa0: '_', 0x2028: 'L', 0x2029: 'P'
        }
        if (short[cp] !== undefined) this.put(short[cp])
        else {
          const [letter, width] = cp <= 0xff ? ['x', 2] : cp <= 0xffff ? ['u', 4] : ['U', 8]
          this.put(letter)
          for (const d of cp.toString(16).toUpperCase().padStart(width, '0')) this.put(d)
        }
        spaces = false
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < v.length - 1) {
          this.writeIndent()
          if (isSpace(v[i + 1])) this.put('\\')
          i++
        } else {
          this.put(c)
          i++
        }
        spaces = true
      } else {
        this.put(c)
        i++
        spaces = false
      }
    }
    this.writeIndicator('"', false, false, false)
    this.whitespace = false
    this.indention = false
  }

  private writeLiteral(v: string[]): void {
    this.writeIndicator('|', true, false, false)
    if (isSpace(v[0]) || isBreak(v[0])) this.writeIndicator(String(BEST_INDENT), false, false, false)
    let chomp = ''
    if (v.length === 0) chomp = '-'
    else if (!isBreak(v[v.length - 1])) chomp = '-'
    else if (v.length === 1) chomp = '+'
    else if (isBreak(v[v.length - 2])) chomp = '+'
    if (chomp) this.writeIndicator(chomp, false, false, false)
    this.putBreak()
    this.indention = true
    this.whitespace = true
    let breaks = true
    for (let i = 0; i < v.length; ) {
      const c = v[i]
      if (isBreak(c)) {
        this.writeBreak(c)
        i++
        this.indention = true
        breaks = true
      } else {
        if (breaks) this.writeIndent()
        this.put(c)
        i++
        this.indention = false
        breaks = false
      }
    }
  }
}

/** strconv.FormatFloat(f, 'g', -1, 32): the shortest float32 digits, exponent form outside [1e-4, 1e6). */
function formatFloat32(f: number): string {
  if (Number.isNaN(f)) return '.nan'
  if (f === Infinity) return '.inf'
  if (f === -Infinity) return '-.inf'
  const t = Math.fround(f)
  if (t === 0) return Object.is(t, -0) ? '-0' : '0'
  let p = 1
  while (p < 9 && Math.fround(Number(t.toPrecision(p))) !== t) p++
  const [mantissa, e] = t.toExponential(p - 1).split('e')
  const exp = Number(e)
  if (exp < -4 || exp >= 6) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(Number(t.toPrecision(p)))
}

/** sigs.k8s.io/yaml Marshal output for a JSON-like value (go-yaml v2 emitter). */
export function goYamlMarshal(value: GoValue): string {
  return new Emitter().document(value)
}

// ---- JSON (encoding/json MarshalIndent with four spaces) --------------------------------------

/** An object whose key order is fixed (Go structs); plain objects are Go maps and get sorted. */
export class GoStruct {
  constructor(readonly fields: [string, GoJson][]) {}
}
export type GoJson = null | boolean | number | bigint | string | GoJson[] | GoStruct | { [key: string]: GoJson }

function goJsonString(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    if (ch === '"') out += '\\"'
    else if (ch === '\\') out += '\\\\'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (cp < 0x20 || ch === '<' || ch === '>' || ch === '&' || cp === 0x2028 || cp === 0x2029) out += '\\u' + cp.toString(16).padStart(4, '0')
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd'
    else out += ch
  }
  return out + '"'
}

export function goJsonMarshalIndent(value: GoJson, indent = ''): string {
  const inner = indent + '    '
  if (value === null) return 'null'
  if (typeof value === 'boolean') return value ? 'true' : 'false'
  if (typeof value === 'number' || typeof value === 'bigint') return String(value)
  if (typeof value === 'string') return goJsonString(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    return '[\n' + value.map((v) => inner + goJsonMarshalIndent(v, inner)).join(',\n') + '\n' + indent + ']'
  }
  const entries =
    value instanceof GoStruct
      ? value.fields
      : Object.keys(value)
          .sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)) as number))
          .map((k) => [k, (value as Record<string, GoJson>)[k]] as [string, GoJson])
  if (entries.length === 0) return '{}'
  return '{\n' + entries.map(([k, v]) => `${inner}${goJsonString(k)}: ${goJsonMarshalIndent(v, inner)}`).join(',\n') + '\n' + indent + '}'
}
