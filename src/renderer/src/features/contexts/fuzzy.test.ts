import { describe, expect, it } from 'vitest'
import { fuzzyMatch, matchFields, queryTokens } from './fuzzy'

describe('fuzzyMatch', () => {
  it('matches characters in order and reports their positions', () => {
    const m = fuzzyMatch('pdb', 'prod-db-eu')
    expect(m).not.toBeNull()
    expect(m!.positions.map((i) => 'prod-db-eu'[i]).join('')).toBe('pdb')
  })

  it('refuses characters out of order or missing', () => {
    expect(fuzzyMatch('dbp', 'prod-db')).toBeNull()
    expect(fuzzyMatch('x', 'prod-db')).toBeNull()
  })

  it('is case-insensitive on the text (queries arrive lower-cased)', () => {
    expect(fuzzyMatch('prod', 'PROD-cluster')).not.toBeNull()
  })

  it('ranks exact > prefix > word-start > inside a word > scattered', () => {
    const score = (text: string) => fuzzyMatch('prod', text)!.score
    expect(score('prod')).toBeGreaterThan(score('prod-eu'))
    expect(score('prod-eu')).toBeGreaterThan(score('admin@prod-eu'))
    expect(score('admin@prod-eu')).toBeGreaterThan(score('eu-xprodx'))
    expect(score('admin@prod-eu')).toBeGreaterThan(score('platform-router-ops-dev'))
    expect(score('eu-xprodx')).toBeGreaterThan(score('pxxrxxoxxd'))
  })

  it('prefers word starts: "kp" finds kind-prod before kubeproxy-style runs', () => {
    const a = fuzzyMatch('kp', 'kind-prod')!.score
    const b = fuzzyMatch('kp', 'kxxxxxp')!.score
    expect(a).toBeGreaterThan(b)
  })

  it('uses the tightest window for highlighting', () => {
    const m = fuzzyMatch('ab', 'a-x-ab')!
    expect(m.positions).toEqual([4, 5])
  })
})

describe('matchFields', () => {
  const fields = (name: string, server: string) =>
    [
      { key: 'name' as const, text: name, weight: 1, fuzzy: true },
      { key: 'server' as const, text: server, weight: 0.5, fuzzy: false }
    ] as const

  it('needs every token to match some field', () => {
    expect(matchFields(queryTokens('prod 6443'), fields('prod-eu', 'https://10.0.0.1:6443'))).not.toBeNull()
    expect(matchFields(queryTokens('prod 8443'), fields('prod-eu', 'https://10.0.0.1:6443'))).toBeNull()
  })

  it('matches secondary fields only as substrings, so short queries do not match every URL', () => {
    expect(matchFields(queryTokens('hps'), fields('abc', 'https://x'))).toBeNull()
    expect(matchFields(queryTokens('10.0.0'), fields('abc', 'https://10.0.0.1'))?.positions.server).toEqual([8, 9, 10, 11, 12, 13])
  })
})
