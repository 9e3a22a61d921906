import { describe, expect, it } from 'vitest'
import { contextsStrings } from './strings'

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

// The feature's own source text (Vite's glob import; the renderer has no node:fs).
const sources = import.meta.glob<string>(['./**/*.ts', './**/*.tsx', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true })

describe('contexts strings', () => {
  const en = flatten(contextsStrings.en as unknown as Tree)
  const zh = flatten(contextsStrings['zh-CN'] as unknown as Tree)

  it('has every key in both languages, with the same placeholders', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort())
    for (const [k, v] of en) expect(placeholders(zh.get(k)!), k).toEqual(placeholders(v))
  })

  it('has no untranslated Chinese strings left in English (except names and paths)', () => {
    const same = [...en].filter(([k, v]) => zh.get(k) === v && /[a-z]{4,}/.test(v) && !/^(GET|Kubernetes|\$KUBECONFIG|~\/)/.test(v) && v !== 'default')
    expect(same).toEqual([])
  })

  it('defines every key the feature uses (literal keys and the prefixes of computed ones)', () => {
    const used = new Set<string>()
    const prefixes = new Set<string>()
    expect(Object.keys(sources)).toContain('./ContextTable.tsx')
    for (const text of Object.values(sources)) {
      for (const m of text.matchAll(/\bt\('(contexts\.[\w.-]+)'/g)) used.add(m[1])
      // Keys kept in tables (label maps) count as used too.
      for (const m of text.matchAll(/: '(contexts\.[\w.-]+)'/g)) used.add(m[1])
      for (const m of text.matchAll(/\bt\(`(contexts\.[\w.]+)\.\$\{/g)) prefixes.add(m[1])
    }
    expect(used.size).toBeGreaterThan(50)
    const has = (k: string) => en.has(k) || (en.has(`${k}_one`) && en.has(`${k}_other`))
    expect([...used].filter((k) => !has(k))).toEqual([])
    for (const p of prefixes) expect([...en.keys()].some((k) => k.startsWith(p + '.')), p).toBe(true)
  })
})
