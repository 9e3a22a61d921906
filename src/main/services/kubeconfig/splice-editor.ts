// Applies one FileEdit to a kubeconfig's text by splicing only the bytes it changes: a changed
// field's value, a removed entry's lines, a new entry after the last one. Comments, blank lines,
// key order, quoting and unknown fields elsewhere stay exactly as they were. Returns null for
// layouts it does not splice (flow-style sections, entries that are not block maps), which the
// Document-based editor handles instead.
import type { DecodedKubeconfig } from './decode'
import type { FileEdit } from './edits'
import { fieldToWrite, objectToWrite, renderFlow, renderInline, renderPairValue, renderSeqLines, renderString, WriteMap, type BlockStyle, type WriteValue } from './render'
import { isEmptyValue, sectionInfo, valuesEqual, type Field, type KObject, type Schema, type Section } from './schema'
import { mapGet, resolvePlain, type YDoc, type YMap, type YNode, type YPair, type YSeq } from './yaml'

interface Splice {
  start: number
  end: number
  text: string
}

export class SpliceEditor {
  private readonly splices: Splice[] = []
  private readonly t: string
  private readonly style: BlockStyle
  private readonly nameFirst: boolean

  constructor(
    private readonly doc: YDoc,
    private readonly config: DecodedKubeconfig
  ) {
    this.t = doc.text
    this.style = detectBlockStyle(doc)
    this.nameFirst = detectNameFirst(doc)
  }

  /** The new text, or null when this edit needs the Document editor. */
  apply(edit: FileEdit): string | null {
    const root = this.doc.root
    if (!root || root.kind !== 'map' || root.flow) return null
    const ok =
      edit.op === 'set-current-context'
        ? this.setCurrentContext(root, edit.value)
        : edit.op === 'put'
          ? this.put(root, edit.section, edit.name, edit.value)
          : edit.op === 'delete'
            ? this.delete(root, edit.section, edit.name)
            : this.rename(root, edit.section, edit.from, edit.to)
    if (!ok) return null
    let text = this.t
    // Later splices first; equal positions in reverse order so insertions keep their order.
    const ordered = this.splices.map((s, i) => ({ s, i })).sort((a, b) => b.s.start - a.s.start || b.i - a.i)
    for (const { s } of ordered) text = text.slice(0, s.start) + s.text + text.slice(s.end)
    return text
  }

  // ---- text geometry ---------------------------------------------------------------------------

  private lineStart(at: number): number {
    return this.t.lastIndexOf('\n', at - 1) + 1
  }

  private lineEnd(at: number): number {
    const nl = this.t.indexOf('\n', at)
    return nl === -1 ? this.t.length : nl
  }

  private col(at: number): number {
    return at - this.lineStart(at)
  }

  private startsLine(at: number): boolean {
    return this.t.slice(this.lineStart(at), at).trim() === ''
  }

  private splice(start: number, end: number, text: string): void {
    this.splices.push({ start, end, text })
  }

  // ---- edits -----------------------------------------------------------------------------------

  private setCurrentContext(root: YMap, value: string): boolean {
    const pair = mapGet(root, 'current-context')
    if (pair) {
      this.setPairValue(pair, value)
      return true
    }
    if (value !== '') this.appendPair(root, 'current-context', value)
    return true
  }

  private section(root: YMap, section: Section): { pair: YPair | undefined; seq: YSeq | null; blockable: boolean } {
    const pair = mapGet(root, section)
    const v = pair?.value ?? null
    if (!pair || v === null || isNullNode(v)) return { pair, seq: null, blockable: true }
    if (v.kind === 'seq' && v.flow && v.items.length === 0) return { pair, seq: null, blockable: true }
    if (v.kind === 'seq' && !v.flow) return { pair, seq: v, blockable: true }
    return { pair, seq: null, blockable: false }
  }

  private findEntry(seq: YSeq, name: string): { index: number; map: YMap } | null | undefined {
    for (let i = 0; i < seq.items.length; i++) {
      const n = seq.items[i].node
      if (!n || n.kind !== 'map') return undefined
      const np = mapGet(n, 'name')
      if (np && np.value && np.value.kind === 'scalar' && np.value.value === name) return n.flow ? undefined : { index: i, map: n }
    }
    return null
  }

  private put(root: YMap, section: Section, name: string, value: KObject): boolean {
    const { inner, schema } = sectionInfo[section]
    const { pair, seq, blockable } = this.section(root, section)
    if (!blockable) return false
    const newItem = (): WriteValue => {
      const fields = objectToWrite(schema, value)
      return new WriteMap(this.nameFirst ? [['name', name], [inner, fields]] : [[inner, fields], ['name', name]])
    }
    if (!seq) {
      if (pair) this.setPairValue(pair, [newItem()])
      else this.appendPair(root, section, [newItem()])
      return true
    }
    const found = this.findEntry(seq, name)
    if (found === undefined) return false
    if (found === null) {
      const lines = renderSeqLines([newItem()], seq.col, this.style)
      this.splice(this.lineEnd(seq.end), this.lineEnd(seq.end), '\n' + lines.join('\n'))
      return true
    }
    const old = this.config[section].find((e) => e.name === name)
    const innerPair = mapGet(found.map, inner)
    const desired = objectToWrite(schema, value)
    if (!innerPair) {
      this.appendPair(found.map, inner, desired)
      return true
    }
    const v = innerPair.value
    if (v === null || isNullNode(v) || !old) {
      this.setPairValue(innerPair, desired)
      return true
    }
    if (v.kind === 'map' && v.flow) {
      this.splice(v.start, v.end, this.mergedFlowMap(v, schema, value))
      return true
    }
    if (v.kind !== 'map') {
      this.setPairValue(innerPair, desired)
      return true
    }
    this.diffFields(v, schema, old.value, value)
    return true
  }

  /** Field-by-field update of a block map; nested structs and string maps are diffed too. */
  private diffFields(map: YMap, schema: Schema, old: KObject, next: KObject): void {
    const appended: [string, WriteValue][] = []
    for (const f of schema) {
      const o = old[f.key]
      const n = next[f.key]
      if (valuesEqual(f, o, n)) continue
      const pair = mapGet(map, f.key)
      if (isEmptyValue(f, n)) {
        if (pair) this.removePair(pair, f)
        continue
      }
      if (!pair) {
        appended.push([f.key, fieldToWrite(f.kind, n)])
        continue
      }
      const pv = pair.value
      const blockMap = pv !== null && pv.kind === 'map' && !pv.flow
      if (f.kind.t === 'struct' && o !== null && n !== null && blockMap) {
        this.diffFields(pv as YMap, f.kind.schema, o as KObject, n as KObject)
      } else if (f.kind.t === 'stringMap' && o !== null && n !== null && blockMap) {
        this.diffStringMap(pv as YMap, o as Record<string, string>, n as Record<string, string>)
      } else {
        this.setPairValue(pair, fieldToWrite(f.kind, n))
      }
    }
    // Added after nested edits so lines inserted at the same place stay under their own key.
    for (const [k, v] of appended) this.appendPair(map, k, v)
  }

  private diffStringMap(map: YMap, old: Record<string, string>, next: Record<string, string>): void {
    const appended: [string, string][] = []
    for (const k of Object.keys(old)) if (!(k in next)) this.removePair(mapGet(map, k)!, null)
    for (const [k, v] of Object.entries(next)) {
      if (old[k] === v) continue
      const pair = mapGet(map, k)
      if (pair) this.setPairValue(pair, v)
      else appended.push([k, v])
    }
    for (const [k, v] of appended) this.appendPair(map, k, v)
  }

  /** A flow map `{a: b}` rewritten with the new known fields; unknown pairs keep their text. */
  private mergedFlowMap(map: YMap, schema: Schema, value: KObject): string {
    const parts: string[] = []
    const written = new Set<string>()
    for (const p of map.pairs) {
      const f = schema.find((s) => s.key === p.key.value)
      if (!f) {
        parts.push(this.t.slice(p.key.start, p.value ? p.value.end : p.colon + 1))
        continue
      }
      written.add(f.key)
      if (!isEmptyValue(f, value[f.key])) parts.push(`${renderString(f.key)}: ${renderFlow(fieldToWrite(f.kind, value[f.key]))}`)
    }
    for (const f of schema) {
      if (written.has(f.key) || isEmptyValue(f, value[f.key])) continue
      parts.push(`${renderString(f.key)}: ${renderFlow(fieldToWrite(f.kind, value[f.key]))}`)
    }
    return `{${parts.join(', ')}}`
  }

  private delete(root: YMap, section: Section, name: string): boolean {
    const { pair, seq, blockable } = this.section(root, section)
    if (!blockable) return false
    if (!seq || !pair) return true
    const found = this.findEntry(seq, name)
    if (found === undefined) return false
    if (found === null) return true
    if (seq.items.length === 1) {
      this.setPairValue(pair, [])
      return true
    }
    const item = seq.items[found.index]
    if (!this.startsLine(item.dash)) return false
    const end = item.node ? item.node.end : item.dash + 1
    this.splice(this.lineStart(item.dash), Math.min(this.lineEnd(end) + 1, this.t.length), '')
    return true
  }

  private rename(root: YMap, section: Section, from: string, to: string): boolean {
    const { seq, blockable } = this.section(root, section)
    if (!blockable || !seq) return false
    const found = this.findEntry(seq, from)
    if (!found) return false
    this.setPairValue(mapGet(found.map, 'name')!, to)
    return true
  }

  // ---- primitives --------------------------------------------------------------------------------

  private setPairValue(pair: YPair, v: WriteValue): void {
    const keyCol = this.col(pair.key.start)
    const old = pair.value
    const inline = !(Array.isArray(v) || v instanceof WriteMap) || (Array.isArray(v) ? v.length === 0 : v.pairs.length === 0)
    if (inline && old && old.kind === 'scalar' && old.style !== 'literal' && old.style !== 'folded') {
      this.splice(old.start, old.end, renderInline(v))
      return
    }
    const text = renderPairValue(v, keyCol, this.style)
    if (old === null) this.splice(pair.colon + 1, pair.colon + 1, text)
    else if (old.kind !== 'scalar' && !old.flow && this.startsLine(old.start) && this.lineStart(old.start) > pair.colon) {
      // A block collection below the key: new value after the colon, old lines removed, and
      // comment lines between the key and the old value left where they are.
      this.splice(pair.colon + 1, pair.colon + 1, text)
      this.splice(this.lineStart(old.start), Math.min(this.lineEnd(old.end) + 1, this.t.length), '')
    } else this.splice(pair.colon + 1, old.end, text)
  }

  private appendPair(map: YMap, key: string, v: WriteValue): void {
    const at = this.lineEnd(map.end)
    const text = renderPairValue(v, map.col, this.style)
    this.splice(at, at, `\n${' '.repeat(map.col)}${renderString(key)}:${text}`)
  }

  /** Removes a pair's lines; a pair sharing its line with other syntax gets its zero value instead. */
  private removePair(pair: YPair, f: Field | null): void {
    if (this.startsLine(pair.key.start)) {
      const end = pair.value ? pair.value.end : pair.colon + 1
      this.splice(this.lineStart(pair.key.start), Math.min(this.lineEnd(end) + 1, this.t.length), '')
      return
    }
    const zero: WriteValue = !f || f.kind.t === 'string' || f.kind.t === 'bytes' ? '' : f.kind.t === 'bool' ? false : null
    this.setPairValue(pair, zero)
  }
}

function isNullNode(n: YNode): boolean {
  return n.kind === 'scalar' && n.style === 'plain' && resolvePlain(n.value).tag === 'null'
}

/** Sequence indentation as the file writes it (kubectl: `- ` under the key; others indent by 2). */
function detectBlockStyle(doc: YDoc): BlockStyle {
  const root = doc.root
  if (root && root.kind === 'map') {
    for (const p of root.pairs) {
      const v = p.value
      if (v && v.kind === 'seq' && !v.flow) {
        const keyCol = p.key.start - (doc.text.lastIndexOf('\n', p.key.start - 1) + 1)
        return { seqIndent: Math.max(0, v.col - keyCol) }
      }
    }
  }
  return { seqIndent: 0 }
}

/** Whether entries in this file start with `name:` (hand-written) or end with it (kubectl). */
function detectNameFirst(doc: YDoc): boolean {
  const root = doc.root
  if (!root || root.kind !== 'map') return false
  for (const p of root.pairs) {
    const first = p.value && p.value.kind === 'seq' ? p.value.items[0]?.node : null
    if (first && first.kind === 'map' && first.pairs.length > 0) return first.pairs[0].key.value === 'name'
  }
  return false
}
