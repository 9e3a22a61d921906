import { describe, expect, it } from 'vitest'
import { OverviewSync } from './overview-sync'

/** A main process whose answers the test releases one by one. */
function fakeMain() {
  let revision = 0
  const waiting: (() => void)[] = []
  let fetches = 0
  return {
    bump: () => ++revision,
    get fetches() {
      return fetches
    },
    fetch: () =>
      new Promise<{ revision: number }>((resolve) => {
        fetches++
        waiting.push(() => resolve({ revision }))
      }),
    answer: async () => {
      waiting.shift()?.()
      await new Promise((r) => setTimeout(r, 0))
    }
  }
}

describe('OverviewSync', () => {
  it('turns a burst of announcements into one load in flight plus one after it', async () => {
    const main = fakeMain()
    const seen: number[] = []
    const sync = new OverviewSync(main.fetch, (o) => seen.push(o.revision), () => undefined)
    const first = sync.load()
    for (let i = 0; i < 5; i++) void sync.load(main.bump())
    expect(main.fetches).toBe(1)
    await main.answer()
    expect(main.fetches).toBe(2)
    await main.answer()
    await first
    expect(main.fetches).toBe(2)
    expect(seen).toEqual([5, 5])
    expect(sync.latest?.revision).toBe(5)
  })

  it('skips a load when the revision is already held, and drops an answer older than what is held', async () => {
    const main = fakeMain()
    const seen: number[] = []
    const sync = new OverviewSync(main.fetch, (o) => seen.push(o.revision), () => undefined)
    sync.accept({ revision: 7 })
    await sync.load(7)
    expect(main.fetches).toBe(0)
    const stale = sync.load()
    await main.answer()
    await stale
    expect(seen).toEqual([7])
    expect(sync.latest?.revision).toBe(7)
  })

  it('does not load again for a revision the load in flight was sent after', async () => {
    const main = fakeMain()
    const sync = new OverviewSync(main.fetch, () => undefined, () => undefined)
    void sync.load(main.bump())
    void sync.load(1)
    await main.answer()
    expect(main.fetches).toBe(1)
  })

  it('reports a failed load and lets the next one through', async () => {
    const errors: unknown[] = []
    let fail = true
    const sync = new OverviewSync(
      async () => {
        if (fail) throw new Error('main is gone')
        return { revision: 1 }
      },
      () => undefined,
      (e) => errors.push(e)
    )
    await sync.load()
    expect(errors).toHaveLength(1)
    fail = false
    await sync.load()
    expect(sync.latest?.revision).toBe(1)
  })
})
