import { describe, expect, it } from 'vitest'
import type { KubeconfigOverview } from '@shared/model/kubeconfig'
import { withSwitch } from './contexts-slice'

const a = { file: '/k/a', name: 'dev' }
const b = { file: '/k/b', name: 'staging' }
const c = { file: '/k/a', name: 'prod' }

const overview = (over: Partial<KubeconfigOverview> = {}): KubeconfigOverview => ({
  revision: 3,
  sources: [],
  contexts: [],
  active: a,
  previous: c,
  recents: [a, c],
  folders: [],
  ...over
})

describe('withSwitch (the optimistic switch laid over overviews from main)', () => {
  it('makes the target active, the old active previous, and the target the most recent', () => {
    const o = withSwitch(overview(), b, a)
    expect(o.active).toEqual(b)
    expect(o.previous).toEqual(a)
    expect(o.recents).toEqual([b, a, c])
  })

  it('leaves an overview that already shows the switch untouched (same object: no re-render)', () => {
    const done = overview({ active: b, previous: a, recents: [b, a, c] })
    expect(withSwitch(done, b, a)).toBe(done)
  })

  it('keeps main’s previous when there was no active context to come from', () => {
    const o = withSwitch(overview({ active: null, previous: c }), b, null)
    expect(o.previous).toEqual(c)
  })
})
