import { describe, expect, it } from 'vitest'
import { fastParse } from './fast-parser'
import { fullParse } from './full-parser'
import type { YNode } from './nodes'

/** Values and scalar styles only (offsets differ in meaning between the two for collections). */
function shape(n: YNode | null): unknown {
  if (!n) return null
  if (n.kind === 'scalar') return [n.style === 'plain' ? 'p' : 'q', n.value]
  if (n.kind === 'map') return { map: n.pairs.map((p) => [p.key.value, shape(p.value)]) }
  return { seq: n.items.map((i) => shape(i.node)) }
}

/** The fast parser must agree with the full one, or step aside; never disagree. */
function agree(text: string): 'fast' | 'full' {
  const fast = fastParse(text)
  let full: YNode | null | Error
  try {
    full = fullParse(text)
  } catch (e) {
    full = e as Error
  }
  if (fast === undefined) return 'full'
  expect(full).not.toBeInstanceOf(Error)
  expect(shape(fast)).toEqual(shape(full as YNode | null))
  return 'fast'
}

describe('fastParse', () => {
  it.each([
    ['kubectl layout', 'apiVersion: v1\nclusters:\n- cluster:\n    server: https://a:6443\n  name: a\ncurrent-context: a\n'],
    ['indented sequences, name first', 'clusters:\n  - name: a\n    cluster:\n      server: x\n'],
    ['comments everywhere', '# top\napiVersion: v1 # trailing\n\n# between\ncontexts: # after key\n- name: a # x\n  context: {cluster: c} # flow\n# end\n'],
    ['quoted scalars', 'a: "x: y"\nb: \'it\'\'s\'\nc: "tab\\there \\u00e9 \\x41"\n"quoted key": v\n'],
    ['flow collections', 'a: {b: c, d: [e, "f", {g: h}]}\nempty: {}\nlist: []\n'],
    ['JSON', '{"apiVersion": "v1", "contexts": [{"name": "j", "context": {"cluster": "c"}}], "n": 1}\n'],
    ['literal blocks', 'a: |\n  line 1\n\n  line 3\nb: |-\n  keep\nc: x\n'],
    ['empty values', 'a:\nb: ~\nc: null\nd:\n- \n- x\n'],
    ['document markers', '---\na: b\n...\n'],
    ['nested sequences', 'a:\n- - x\n  - y\n- z\n'],
    ['plain with colons and hashes', 'url: https://x:6443/p#frag\nk: a#b\n']
  ])('%s: agrees with the full parser', (_name, text) => {
    expect(agree(text)).toBe('fast')
  })

  it.each([
    ['a mapping value that is a mapping on the same line', 'a: b: c\n'],
    ['bad indentation', 'a:\n  b: 1\n c: 2\n'],
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['tags', 'a: !!str 1\n'],
    ['folded scalars', 'a: >\n  folded\n  text\n'],
    ['multi-line plain scalars', 'a: one\n  two\n'],
    ['multi-line quoted scalars', 'a: "one\n  two"\n'],
    ['tabs', 'a:\tb\n'],
    ['CRLF', 'a: b\r\n'],
    ['merge keys', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['duplicate keys', 'a: 1\na: 2\n'],
    ['several documents', 'a: 1\n---\nb: 2\n'],
    ['keep chomping', 'a: |+\n  x\n\n']
  ])('%s: left to the full parser', (_name, text) => {
    expect(fastParse(text)).toBeUndefined()
  })

  it('agrees on hundreds of generated kubeconfig-shaped documents', () => {
    let seed = 7
    const rnd = (n: number) => ((seed = (seed * 48271) % 2147483647) % n)
    const scalars = ['x', 'yes', '"quoted: yes"', "'single ''q'''", '1.5', 'https://h:1/p', 'a b c', '""', '~', 'ünï', '"\\u00e9\\n"', '-dash', 'a#b', '[]', '{}', '[a, "b c"]', '{k: v, "q": 1}']
    const keys = ['name', 'server', 'context', 'user', 'namespace', '"quoted key', 'x-extra']
    const gen = (depth: number, col: number): string => {
      const pad = ' '.repeat(col)
      const lines: string[] = []
      for (let i = 0, n = 1 + rnd(4); i < n; i++) {
        const base = keys[(i + rnd(keys.length)) % keys.length]
        const key = base.startsWith('"') ? `${base} ${i}"` : `${base}${i}`
        const kind = depth > 2 ? 0 : rnd(4)
        if (kind === 0) lines.push(`${pad}${key}: ${scalars[rnd(scalars.length)]}${rnd(4) === 0 ? ' # c' : ''}`)
        else if (kind === 1) lines.push(`${pad}${key}:`, gen(depth + 1, col + 2))
        else {
          const seqPad = ' '.repeat(col + (rnd(2) ? 2 : 0))
          lines.push(`${pad}${key}:`)
          for (let j = 0, m = 1 + rnd(3); j < m; j++) {
            if (rnd(2)) lines.push(`${seqPad}- ${scalars[rnd(scalars.length)]}`)
            else {
              const inner = gen(depth + 1, seqPad.length + 2).split('\n')
              lines.push(`${seqPad}- ${inner[0].trimStart()}`, ...inner.slice(1))
            }
          }
        }
        if (rnd(5) === 0) lines.push(`${pad}# comment ${i}`)
      }
      return lines.join('\n')
    }
    let fast = 0
    for (let i = 0; i < 300; i++) {
      // Every document of this family is within the fast parser's subset: it must take them all.
      if (agree(gen(0, 0) + '\n') === 'fast') fast++
    }
    expect(fast).toBe(300)
  }, 60_000)
})
