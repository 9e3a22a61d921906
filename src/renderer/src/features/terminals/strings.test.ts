import { expect, it } from 'vitest'
import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { terminalsStrings } from './strings'

// The feature's own source text (Vite's glob import; the renderer has no node:fs).
const sources = import.meta.glob<string>(['./*.ts', './*.tsx', '!./*.test.ts'], { query: '?raw', import: 'default', eager: true })

const { en } = describeCatalog('terminals', terminalsStrings, { namespace: 'terminals', sources, minUsed: 25 })

it('names every kind, state and status action the components compute keys for', () => {
  for (const kind of ['ssh', 'pod', 'local']) expect(en.has(`terminals.kind.${kind}`), kind).toBe(true)
  for (const state of ['connecting', 'reconnecting', 'connected', 'lost', 'exited', 'exitedSignal', 'exitedNoCode', 'failed']) {
    expect(en.has(`terminals.state.${state}`), state).toBe(true)
  }
  for (const action of ['reconnect', 'restart', 'retry']) expect(en.has(`terminals.${action}`), action).toBe(true)
})
