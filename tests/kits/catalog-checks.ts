// Test kit for a feature's string catalog (imported only by the features' strings.test.ts): both
// languages define the same keys with the same {{placeholders}}, and every key the feature's
// components name is defined. The sources come from the caller's own `import.meta.glob`, since
// Vite resolves those relative to the file that writes them and the renderer has no node:fs.
import { describe, expect, it } from 'vitest'

type Tree = { [k: string]: string | Tree }
type Catalog = { en: object; 'zh-CN': object }

export function flattenCatalog(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree as Tree)) {
    if (typeof v === 'string') out.set(prefix + k, v)
    else for (const [kk, vv] of flattenCatalog(v, `${prefix}${k}.`)) out.set(kk, vv)
  }
  return out
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

export interface CatalogCheck {
  /** The key namespace the feature owns, e.g. `contexts`. */
  namespace: string
  /** The feature's source text by file name, from `import.meta.glob(…, { query: '?raw', eager: true })`. */
  sources?: Record<string, string>
  /** At least this many literal keys must be found in the sources, so a broken pattern cannot pass vacuously. */
  minUsed?: number
}

/** Declares the checks every catalog gets; a feature adds its own `it`s after it. */
export function describeCatalog(name: string, catalog: Catalog, check: CatalogCheck): { en: Map<string, string>; zh: Map<string, string> } {
  const en = flattenCatalog(catalog.en)
  const zh = flattenCatalog(catalog['zh-CN'])
  describe(`${name} strings`, () => {
    it('has every key in both languages, with the same placeholders', () => {
      expect([...zh.keys()].sort()).toEqual([...en.keys()].sort())
      for (const [k, v] of en) expect(placeholders(zh.get(k)!), k).toEqual(placeholders(v))
    })

    if (!check.sources) return
    const sources = check.sources
    it('defines every key the feature uses (literal keys, label tables, prefixes of computed ones)', () => {
      const ns = escape(check.namespace)
      const used = new Set<string>()
      const prefixes = new Set<string>()
      for (const text of Object.values(sources)) {
        for (const m of text.matchAll(new RegExp(`\\bt\\('(${ns}\\.[\\w.-]+)'`, 'g'))) used.add(m[1])
        for (const m of text.matchAll(new RegExp(`: '(${ns}\\.[\\w.-]+)'`, 'g'))) used.add(m[1])
        for (const m of text.matchAll(new RegExp(`\\bt\\(\`(${ns}\\.[\\w.]+)\\.\\$\\{`, 'g'))) prefixes.add(m[1])
      }
      expect(used.size).toBeGreaterThanOrEqual(check.minUsed ?? 1)
      // i18next plurals: `key` is defined by `key_one` and `key_other`.
      const has = (k: string) => en.has(k) || (en.has(`${k}_one`) && en.has(`${k}_other`))
      expect([...used].filter((k) => !has(k))).toEqual([])
      for (const p of prefixes) expect([...en.keys()].some((k) => k.startsWith(p + '.')), p).toBe(true)
    })
  })
  return { en, zh }
}
