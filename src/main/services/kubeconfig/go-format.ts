// The bits of Go's standard library that shape kubectl's text output: text/tabwriter (the
// get-contexts table), strconv.Quote (%q in messages) and fmt's %v of a string slice.

/**
 * text/tabwriter with kubectl's settings (printers.GetNewTabWriter: minwidth 6, tabwidth 4,
 * padding 3, pad with spaces, no flags): cells end at tabs, a column is as wide as its widest
 * cell plus padding, the last cell of a line is not aligned, a line without tabs ends a block.
 */
export function tabwrite(text: string, minwidth = 6, padding = 3): string {
  const lines = text.split('\n').map((l) => l.split('\t'))
  let out = ''
  let block: string[][] = []
  const flush = (final: boolean) => {
    out += formatBlock(block, minwidth, padding, final)
    block = []
  }
  lines.forEach((cells, i) => {
    block.push(cells)
    const last = i === lines.length - 1
    if (!last && cells.length === 1) flush(false)
  })
  flush(true)
  return out
}

const width = (s: string): number => Array.from(s).length

function formatBlock(lines: string[][], minwidth: number, padding: number, endsText: boolean): string {
  let out = ''
  const widths: number[] = []
  const writeLines = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      lines[i].forEach((cell, j) => {
        out += cell
        if (j < widths.length) out += ' '.repeat(Math.max(0, widths[j] - width(cell)))
      })
      if (!(endsText && i + 1 === lines.length)) out += '\n'
    }
  }
  // Go's Writer.format: a column block is a run of lines that have a cell in this column.
  const format = (line0: number, line1: number): void => {
    const column = widths.length
    for (let t = line0; t < line1; t++) {
      if (column >= lines[t].length - 1) continue
      writeLines(line0, t)
      line0 = t
      let w = minwidth
      for (; t < line1 && column < lines[t].length - 1; t++) w = Math.max(w, width(lines[t][column]) + padding)
      widths.push(w)
      format(line0, t)
      widths.pop()
      line0 = t
    }
    writeLines(line0, line1)
  }
  format(0, lines.length)
  return out
}

const printable = (c: string): boolean => c === ' ' || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(c)

/** strconv.Quote: Go's %q of a string. */
export function goQuote(s: string): string {
  let out = '"'
  for (const c of s) {
    const cp = c.codePointAt(0)!
    if (c === '"' || c === '\\') out += '\\' + c
    else if (printable(c)) out += c
    else if (c === '\x07') out += '\\a'
    else if (c === '\b') out += '\\b'
    else if (c === '\f') out += '\\f'
    else if (c === '\n') out += '\\n'
    else if (c === '\r') out += '\\r'
    else if (c === '\t') out += '\\t'
    else if (c === '\v') out += '\\v'
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0')
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0')
    else out += '\\U' + cp.toString(16).padStart(8, '0')
  }
  return out + '"'
}
