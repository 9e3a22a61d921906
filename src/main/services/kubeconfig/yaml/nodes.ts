// The YAML tree Kubedeck reads kubeconfigs into: plain values plus the byte offsets of every
// node, so an edit can splice the exact bytes it changes and leave comments, key order,
// unknown fields and formatting alone. Scalars keep their source style because kubectl
// (go-yaml v2) types a plain `yes` as a bool but a quoted "yes" as a string.

export type ScalarStyle = 'plain' | 'single' | 'double' | 'literal' | 'folded'

export interface YScalar {
  kind: 'scalar'
  /** Offset of the first character (the quote or block indicator for non-plain styles). */
  start: number
  /** Offset after the last character of the scalar itself (not of a trailing comment). */
  end: number
  style: ScalarStyle
  /** The scalar's string content after unescaping/folding. */
  value: string
}

export interface YPair {
  key: YScalar
  /** null for an empty value (`key:`), which YAML reads as null. */
  value: YNode | null
  /** Offset of the `:` after the key. */
  colon: number
}

export interface YMap {
  kind: 'map'
  start: number
  end: number
  flow: boolean
  /** Column of the keys (block maps). */
  col: number
  pairs: YPair[]
}

export interface YSeqItem {
  /** Offset of the `-` indicator (block sequences); -1 in flow sequences. */
  dash: number
  node: YNode | null
}

export interface YSeq {
  kind: 'seq'
  start: number
  end: number
  flow: boolean
  /** Column of the `-` indicators (block sequences). */
  col: number
  items: YSeqItem[]
}

export type YNode = YScalar | YMap | YSeq

/** Maps offsets to 1-based line numbers; built on first use (only errors and edits need it). */
export class LineIndex {
  private starts: number[] | null = null
  constructor(private readonly text: string) {}

  lineOf(offset: number): number {
    const starts = this.lineStarts()
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }

  lineStart(offset: number): number {
    return this.lineStarts()[this.lineOf(offset) - 1]
  }

  private lineStarts(): number[] {
    if (this.starts) return this.starts
    const starts = [0]
    const t = this.text
    for (let i = t.indexOf('\n'); i !== -1; i = t.indexOf('\n', i + 1)) starts.push(i + 1)
    this.starts = starts
    return starts
  }
}

export interface YDoc {
  text: string
  /** null for an empty document (only comments or nothing). */
  root: YNode | null
  /**
   * True when the document uses YAML the fast parser leaves to the full one (anchors, tags,
   * folded or multi-line scalars, tabs, CRLF...). Offsets then come from the full parser and
   * edits go through its Document API instead of byte splicing.
   */
  exotic: boolean
  lines: LineIndex
}

export function mapGet(map: YMap, key: string): YPair | undefined {
  for (const p of map.pairs) if (p.key.value === key) return p
  return undefined
}
