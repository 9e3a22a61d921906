import { describe, expect, it } from 'vitest'
import { hostsStrings } from './strings'

type Tree = { [k: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v)
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv)
  }
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

describe('hosts strings', () => {
  const en = flatten(hostsStrings.en as unknown as Tree)
  const zh = flatten(hostsStrings['zh-CN'] as unknown as Tree)

  it('has every key in both languages, with the same placeholders', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort())
    for (const [k, v] of en) expect(placeholders(zh.get(k)!), k).toEqual(placeholders(v))
  })

  it('defines every key the feature uses', () => {
    const used = new Set<string>()
    const prefixes = new Set<string>()
    // The components' source text, through Vite (this test runs without Node's fs in its types).
    const files = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true })
    for (const text of Object.values(files)) {
      for (const m of text.matchAll(/\bt\('(hosts\.[\w.-]+)'/g)) used.add(m[1])
      for (const m of text.matchAll(/\bt\(`(hosts\.[\w.]+)\.\$\{/g)) prefixes.add(m[1])
    }
    expect(used.size).toBeGreaterThan(40)
    expect([...used].filter((k) => !en.has(k))).toEqual([])
    for (const p of prefixes) expect([...en.keys()].some((k) => k.startsWith(p + '.')), p).toBe(true)
  })
})
