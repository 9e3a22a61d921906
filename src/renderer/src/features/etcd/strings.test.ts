import { describe, expect, it } from 'vitest'
import { etcdStrings } from './strings'

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

describe('etcd strings', () => {
  const en = flatten(etcdStrings.en as unknown as Tree)
  const zh = flatten(etcdStrings['zh-CN'] as unknown as Tree)

  it('has every key in both languages with the same placeholders', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort())
    for (const [k, v] of en) expect(placeholders(zh.get(k)!), k).toEqual(placeholders(v))
  })

  it('defines every literal key the components use', () => {
    const sources = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true })
    const used = Object.values(sources).flatMap((text) => [...text.matchAll(/\bt\('(etcd\.[\w.-]+)'/g)].map((m) => m[1]))
    expect(used.length).toBeGreaterThan(50)
    for (const k of used) expect(en.has(k), k).toBe(true)
  })
})
