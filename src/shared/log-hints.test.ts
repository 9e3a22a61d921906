import { describe, expect, it } from 'vitest'
import { LOG_HINTS, hintFor } from './log-hints'

describe('log hints', () => {
  it.each(LOG_HINTS.map((h) => [h.id, h] as const))('%s matches its sample line, and it is this hint that is found', (_id, h) => {
    expect(h.pattern.test(h.sample)).toBe(true)
    expect(hintFor(h.sample)?.id).toBe(h.id)
    expect(h.en.title && h.en.meaning && h.zh.title && h.zh.meaning).toBeTruthy()
  })

  it('knows the API server’s own line for an APIService without a backend', () => {
    expect(
      hintFor(
        '2026-12-06T03:50:29Z stderr F E1206 03:50:29.070586 281 controller.go:113] "Unhandled Error" err="loading OpenAPI spec for \\"v1beta1.metrics.k8s.io\\" failed with: Error"'
      )?.id
    ).toBe('metrics-apiservice')
  })

  it('says nothing about ordinary lines', () => {
    expect(hintFor('I1206 02:00:00.000000 1 controller.go:100] Started controller')).toBeUndefined()
    expect(hintFor('line 42 from default/web')).toBeUndefined()
  })
})
