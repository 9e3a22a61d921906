import { describe, expect, it } from 'vitest'
import { fuzzyMatch, highlightFields, queryTokens, scoreFields, searchField } from './fuzzy'

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

describe('scoreFields and highlightFields', () => {
  const fields = (name: string, server: string) => [searchField('name', name, 1, true), searchField('server', server, 0.5, false)]

  it('needs every token to match some field', () => {
    expect(scoreFields(queryTokens('prod 6443'), fields('prod-eu', 'https://10.0.0.1:6443'))).not.toBeNull()
    expect(scoreFields(queryTokens('prod 8443'), fields('prod-eu', 'https://10.0.0.1:6443'))).toBeNull()
  })

  it('matches secondary fields only as substrings, so short queries do not match every URL', () => {
    expect(scoreFields(queryTokens('hps'), fields('abc', 'https://x'))).toBeNull()
    expect(highlightFields(queryTokens('10.0.0'), fields('abc', 'https://10.0.0.1')).server).toEqual([8, 9, 10, 11, 12, 13])
  })

  it('scores a token by the field that matches it best (names weigh more)', () => {
    const inName = scoreFields(['prod'], fields('prod', 'https://x'))!
    const inServer = scoreFields(['prod'], fields('abc', 'https://prod.example'))!
    expect(inName).toBeGreaterThan(inServer)
    expect(scoreFields(['prod'], fields('prod', 'https://prod'))).toBe(inName)
  })
})
