import { describe, expect, it } from 'vitest'
import { terminalsStrings } from './strings'

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
const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.ts'], { query: '?raw', import: 'default', eager: true })

describe('terminals strings', () => {
  const en = flatten(terminalsStrings.en as unknown as Tree)
  const zh = flatten(terminalsStrings['zh-CN'] as unknown as Tree)

  it('has every key in both languages, with the same placeholders', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort())
    for (const [k, v] of en) expect(placeholders(zh.get(k)!), k).toEqual(placeholders(v))
  })

  it('defines every key the feature uses', () => {
    const used = new Set<string>()
    for (const text of Object.values(sources)) for (const m of text.matchAll(/\bt\('(terminals\.[\w.]+)'/g)) used.add(m[1])
    expect(used.size).toBeGreaterThan(25)
    const has = (k: string) => en.has(k) || (en.has(`${k}_one`) && en.has(`${k}_other`))
    expect([...used].filter((k) => !has(k))).toEqual([])
  })

  it('names every kind, state and status action the components compute keys for', () => {
    for (const kind of ['ssh', 'pod', 'local']) expect(en.has(`terminals.kind.${kind}`), kind).toBe(true)
    for (const state of ['connecting', 'reconnecting', 'connected', 'lost', 'exited', 'exitedSignal', 'exitedNoCode', 'failed']) {
      expect(en.has(`terminals.state.${state}`), state).toBe(true)
    }
    for (const action of ['reconnect', 'restart', 'retry']) expect(en.has(`terminals.${action}`), action).toBe(true)
  })
})
