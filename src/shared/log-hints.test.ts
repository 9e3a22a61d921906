import { describe, expect, it } from 'vitest'
import { LOG_HINTS, hintFor } from './log-hints'

describe('log hints', () => {
  it.each(LOG_HINTS.map((h) => [h.id, h] as const))('%s matches its sample line, and it is this hint that is found', (_id, h) => {
    expect(h.pattern.test(h.sample)).toBe(true)
    expect(hintFor(h.sample)?.id).toBe(h.id)
    expect(h.en.title && h.en.meaning && h.zh.title && h.zh.meaning).toBeTruthy()
  })

  it('says nothing about ordinary lines', () => {
    expect(hintFor('I1206 02:00:00.000000 1 controller.go:100] Started controller')).toBeUndefined()
    expect(hintFor('line 42 from default/web')).toBeUndefined()
  })
})
