import { expect, it } from 'vitest'
import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { contextsStrings } from './strings'

// The feature's own source text (Vite's glob import; the renderer has no node:fs).
const sources = import.meta.glob<string>(['./**/*.ts', './**/*.tsx', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true })

const { en, zh } = describeCatalog('contexts', contextsStrings, { namespace: 'contexts', sources, minUsed: 50 })

it('reads the contexts feature sources (the glob is not empty)', () => {
  expect(Object.keys(sources)).toContain('./ContextTable.tsx')
})

it('has no English left untranslated in 简体中文 (except names and paths)', () => {
  const same = [...en].filter(([k, v]) => zh.get(k) === v && /[a-z]{4,}/.test(v) && !/^(GET|Kubernetes|\$KUBECONFIG|~\/)/.test(v) && v !== 'default')
  expect(same).toEqual([])
})
