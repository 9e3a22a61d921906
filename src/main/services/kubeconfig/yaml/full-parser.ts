// The full YAML parser (package `yaml`) behind the fast one: every construct, and precise
// errors. Read with the failsafe schema so every scalar arrives as its source string; typing
// (go-yaml v2's YAML 1.1 rules, which kubectl uses) happens later, in one place. Aliases are
// expanded and `<<` merge keys applied, as go-yaml v2 does, so the tree is plain data.
import { isAlias, isMap, isScalar, isSeq, parseAllDocuments, type Document, type Node as YamlNode, type Scalar } from 'yaml'
import type { ScalarStyle, YMap, YNode, YPair, YScalar, YSeq } from './nodes'

export interface YamlSyntaxProblem {
  offset: number
  message: string
}

export class YamlSyntaxError extends Error {
  constructor(readonly problem: YamlSyntaxProblem) {
    super(problem.message)
  }
}

const styles: Record<string, ScalarStyle> = {
  PLAIN: 'plain',
  QUOTE_SINGLE: 'single',
  QUOTE_DOUBLE: 'double',
  BLOCK_LITERAL: 'literal',
  BLOCK_FOLDED: 'folded'
}

/** Parses the first document (go-yaml v2 reads only the first) or throws YamlSyntaxError. */
export function fullParse(text: string): YNode | null {
  const docs = parseAllDocuments(text, { schema: 'failsafe', uniqueKeys: true, prettyErrors: false })
  const list = Array.isArray(docs) ? docs : [docs]
  const doc = list[0] as Document.Parsed | undefined
  if (!doc) return null
  const err = doc.errors[0]
  if (err) throw new YamlSyntaxError({ offset: errorOffset(text, err.pos[0], err.message), message: err.message.split('\n')[0] })
  if (doc.contents === null) return null
  return new Converter(doc).node(doc.contents as YamlNode)
}

/**
 * An unclosed flow collection or quote is reported at the end of the text; point at the line
 * where it was opened instead (where go-yaml, and a person, would look).
 */
function errorOffset(text: string, offset: number, message: string): number {
  if (text.slice(offset).trim() !== '') return offset
  const opener = /Flow sequence/.test(message) ? '[' : /Flow mapping/.test(message) ? '{' : /closing "quote/.test(message) ? '"' : /closing 'quote/.test(message) ? "'" : ''
  const at = opener ? text.lastIndexOf(opener, offset) : -1
  return at >= 0 ? at : offset
}

class Converter {
  private readonly expanding = new Set<YamlNode>()
  constructor(private readonly doc: Document.Parsed) {}

  node(n: YamlNode | null | undefined): YNode | null {
    if (n === null || n === undefined) return null
    if (isAlias(n)) {
      const target = n.resolve(this.doc)
      if (!target) throw this.problem(n, `unknown alias *${n.source}`)
      if (this.expanding.has(target)) throw this.problem(n, `alias *${n.source} refers to itself`)
      this.expanding.add(target)
      try {
        return this.node(target)
      } finally {
        this.expanding.delete(target)
      }
    }
    if (isScalar(n)) {
      const s = this.scalar(n)
      // An empty value (`key:`) is null, as the fast parser has it.
      return s.style === 'plain' && s.value === '' ? null : s
    }
    const [start, end] = n.range ?? [0, 0]
    if (isMap(n)) {
      const map: YMap = { kind: 'map', start, end, flow: Boolean(n.flow), col: 0, pairs: [] }
      for (const pair of n.items) {
        const keyNode = pair.key as YamlNode | null
        if (!keyNode || !isScalar(keyNode)) throw this.problem(keyNode ?? n, 'complex (non-scalar) mapping keys are not supported in kubeconfig files')
        const key = this.scalar(keyNode)
        if (key.style === 'plain' && key.value === '<<') {
          this.merge(map, pair.value as YamlNode)
          continue
        }
        const value = this.node(pair.value as YamlNode)
        const existing = map.pairs.findIndex((p) => p.key.value === key.value)
        const entry: YPair = { key, value, colon: key.end }
        if (existing >= 0) map.pairs[existing] = entry
        else map.pairs.push(entry)
      }
      return map
    }
    if (isSeq(n)) {
      const seq: YSeq = { kind: 'seq', start, end, flow: Boolean(n.flow), col: 0, items: [] }
      for (const item of n.items) seq.items.push({ dash: -1, node: this.node(item as YamlNode) })
      return seq
    }
    throw this.problem(n, 'unsupported YAML node')
  }

  /** go-yaml v2 merge keys: entries of the merged maps fill in keys the map does not set itself. */
  private merge(map: YMap, source: YamlNode | null): void {
    const sources = source && isSeq(source) ? (source.items as YamlNode[]) : [source]
    for (const s of sources) {
      const m = this.node(s)
      if (!m || m.kind !== 'map') throw this.problem(s ?? source, 'a << merge key must refer to a mapping')
      for (const p of m.pairs) if (!map.pairs.some((q) => q.key.value === p.key.value)) map.pairs.push(p)
    }
  }

  private scalar(n: Scalar): YScalar {
    const [start, end] = n.range ?? [0, 0]
    if (n.tag && n.tag !== 'tag:yaml.org,2002:str' && n.tag !== '!!str') {
      throw this.problem(n, `YAML tags (${n.tag}) are not supported in kubeconfig files; write the value plainly or quoted`)
    }
    let style = styles[n.type ?? 'PLAIN'] ?? 'plain'
    // An explicit !!str makes a plain scalar a string, like quoting it.
    if (n.tag && style === 'plain') style = 'double'
    const value = n.value === null || n.value === undefined ? '' : String(n.value)
    return { kind: 'scalar', start, end, style, value }
  }

  private problem(n: YamlNode | null | undefined, message: string): YamlSyntaxError {
    const offset = n && 'range' in n && n.range ? n.range[0] : 0
    return new YamlSyntaxError({ offset, message })
  }
}
