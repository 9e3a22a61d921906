// The subset of glob(3) that `Include` needs: `*`, `?` and `[…]` within path segments, hidden
// files only when the pattern starts with a dot, results in byte order (as glob sorts them).
// Node 20 has no fs.glob.
import { existsSync, readdirSync } from 'node:fs'

const MAGIC = /[*?[]/

export function globPaths(pattern: string): string[] {
  if (!MAGIC.test(pattern)) return existsSync(pattern) ? [pattern] : []
  const absolute = pattern.startsWith('/')
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0)
  let bases = [absolute ? '/' : '']
  for (let i = absolute ? 1 : 0; i < segments.length; i++) {
    const seg = segments[i]
    const next: string[] = []
    for (const base of bases) {
      if (!MAGIC.test(seg)) {
        next.push(join(base, seg))
        continue
      }
      const re = segmentRegExp(seg)
      let names: string[]
      try {
        names = readdirSync(base === '' ? '.' : base)
      } catch {
        continue
      }
      for (const n of names) if (re.test(n) && (seg.startsWith('.') || !n.startsWith('.'))) next.push(join(base, n))
    }
    bases = next
  }
  return bases.filter((p) => existsSync(p)).sort(byteOrder)
}

function join(base: string, name: string): string {
  if (base === '') return name
  return base.endsWith('/') ? base + name : `${base}/${name}`
}


function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b))
}

function segmentRegExp(seg: string): RegExp {
  let re = ''
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]
    if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '\\' && i + 1 < seg.length) re += escape(seg[++i])
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2)
      if (close < 0) {
        re += '\\['
        continue
      }
      let body = seg.slice(i + 1, close)
      const negate = body.startsWith('!') || body.startsWith('^')
      if (negate) body = body.slice(1)
      re += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`
      i = close
    } else re += escape(c)
  }
  return new RegExp(`^${re}$`)
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}
