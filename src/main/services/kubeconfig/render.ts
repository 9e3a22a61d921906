// Renders values Kubedeck writes into a user's kubeconfig: scalars quoted exactly when go-yaml
// (kubectl) would read them as something other than the string meant, block YAML that follows
// the file's own sequence indentation, and flow YAML for entries written in flow style.
import { goYamlStringStyle } from './yaml'
import { isEmptyValue, canonicalBase64, type ExtensionValue, type KObject, type KValue, type NamedExtension, type Schema } from './schema'

/** A value ready to write: scalars, lists, or ordered key/value pairs. */
export type WriteValue = string | boolean | number | bigint | null | WriteValue[] | WriteMap
export class WriteMap {
  constructor(readonly pairs: [string, WriteValue][]) {}
}

export interface BlockStyle {
  /** Spaces between a key and the `-` of its block sequence (0 kubectl style, 2 indented style). */
  seqIndent: number
}

const DOUBLE_ESCAPES: Record<string, string> = {
  '\0': '\\0', '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r',
  '\x1b': '\\e', '"': '\\"', '\\': '\\\\', '\x85': '\\N', '\xa0': '\\_', '\u2028': '\\L', '\u2029': '\\P'
}

function doubleQuote(s: string): string {
  let out = '"'
  for (const ch of s) {
    const cp = ch.codePointAt(0)!
    const esc = DOUBLE_ESCAPES[ch]
    if (esc) out += esc
    else if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0) || cp === 0xfeff || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff) {
      out += cp <= 0xff ? '\\x' + cp.toString(16).toUpperCase().padStart(2, '0') : '\\u' + cp.toString(16).toUpperCase().padStart(4, '0')
    } else out += ch
  }
  return out + '"'
}

/** A string scalar for block context, one line; quoted when go-yaml would not read it back as this string. */
export function renderString(s: string): string {
  const style = goYamlStringStyle(s)
  if (style === 'plain') return s
  if (style === 'single') return `'${s.replace(/'/g, "''")}'`
  return doubleQuote(s)
}

/** A string scalar inside a flow collection (where `,[]{}` also need quoting). */
function renderFlowString(s: string): string {
  const plain = renderString(s)
  return plain === s && /[,[\]{}:?#]/.test(s) ? doubleQuote(s) : plain
}

function renderScalar(v: string | boolean | number | bigint | null, flow: boolean): string {
  if (v === null) return 'null'
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  return flow ? renderFlowString(v) : renderString(v)
}

const isCollection = (v: WriteValue): v is WriteValue[] | WriteMap => Array.isArray(v) || v instanceof WriteMap
const isEmptyCollection = (v: WriteValue): boolean => (Array.isArray(v) ? v.length === 0 : v instanceof WriteMap && v.pairs.length === 0)

/** How a value looks after `key:` — inline (` value`) or as block lines below it. */
export function renderPairValue(v: WriteValue, keyCol: number, style: BlockStyle): string {
  if (!isCollection(v) || isEmptyCollection(v)) return ' ' + renderInline(v)
  const lines = Array.isArray(v) ? renderSeqLines(v, keyCol + style.seqIndent, style) : renderMapLines(v, keyCol + 2, style)
  return '\n' + lines.join('\n')
}

export function renderInline(v: WriteValue): string {
  if (Array.isArray(v)) return v.length === 0 ? '[]' : renderFlow(v)
  if (v instanceof WriteMap) return v.pairs.length === 0 ? '{}' : renderFlow(v)
  return renderScalar(v, false)
}

export function renderFlow(v: WriteValue): string {
  if (Array.isArray(v)) return `[${v.map(renderFlow).join(', ')}]`
  if (v instanceof WriteMap) return `{${v.pairs.map(([k, x]) => `${renderFlowString(k)}: ${renderFlow(x)}`).join(', ')}}`
  return renderScalar(v, true)
}

/** `key: value` lines of a block map at column `col`. */
export function renderMapLines(m: WriteMap, col: number, style: BlockStyle): string[] {
  const pad = ' '.repeat(col)
  const out: string[] = []
  for (const [k, v] of m.pairs) {
    const rendered = renderPairValue(v, col, style)
    const [first, ...rest] = rendered.split('\n')
    out.push(`${pad}${renderString(k)}:${first}`, ...rest)
  }
  return out
}

/** `- item` lines of a block sequence whose dashes are at column `col`. */
export function renderSeqLines(items: WriteValue[], col: number, style: BlockStyle): string[] {
  const pad = ' '.repeat(col)
  const out: string[] = []
  for (const item of items) {
    if (item instanceof WriteMap && item.pairs.length > 0) {
      const lines = renderMapLines(item, col + 2, style)
      out.push(pad + '- ' + lines[0].slice(col + 2), ...lines.slice(1))
    } else if (Array.isArray(item) && item.length > 0) {
      out.push(pad + '-', ...renderSeqLines(item, col + 2, style))
    } else {
      out.push(`${pad}- ${renderInline(item)}`)
    }
  }
  return out
}

// ---- from decoded kubeconfig values ----------------------------------------------------------

function extensionToWrite(v: ExtensionValue): WriteValue {
  if (Array.isArray(v)) return v.map(extensionToWrite)
  if (v !== null && typeof v === 'object') return new WriteMap(Object.entries(v).map(([k, x]) => [k, extensionToWrite(x)]))
  return v
}

/** A field's value as written into a file (bytes as base64). */
export function fieldToWrite(kind: Schema[number]['kind'], v: KValue): WriteValue {
  switch (kind.t) {
    case 'string':
    case 'bool':
      return v as string | boolean
    case 'bytes':
      return canonicalBase64(v as string)
    case 'strings':
      return v === null ? null : [...(v as string[])]
    case 'stringMap':
      return v === null ? null : new WriteMap(Object.entries(v as Record<string, string>))
    case 'stringsMap':
      return v === null ? null : new WriteMap(Object.entries(v as Record<string, string[] | null>).map(([k, x]) => [k, x === null ? null : [...x]]))
    case 'struct':
      return v === null ? null : objectToWrite(kind.schema, v as KObject)
    case 'structList':
      return v === null ? null : (v as KObject[]).map((o) => objectToWrite(kind.schema, o))
    case 'extensions':
      return v === null ? null : (v as NamedExtension[]).map((e) => new WriteMap([['name', e.name], ['extension', extensionToWrite(e.extension)]]))
  }
}

/** The set (non-empty) fields of a decoded struct, in the schema's order. */
export function objectToWrite(schema: Schema, o: KObject): WriteMap {
  const pairs: [string, WriteValue][] = []
  for (const f of schema) {
    const v = o[f.key]
    if (isEmptyValue(f, v)) continue
    pairs.push([f.key, fieldToWrite(f.kind, v)])
  }
  return new WriteMap(pairs)
}

