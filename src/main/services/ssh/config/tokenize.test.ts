import { describe, expect, it } from 'vitest'
import { splitArgs, splitKeyword, strdelim } from './tokenize'
import { matchHostname, matchPattern, matchPatternList } from './patterns'
import { ExpandError, dollarExpand, percentExpand, tildeExpand } from './expand'

describe('ssh_config line splitting (misc.c)', () => {
  it('separates the keyword with spaces, tabs or one =', () => {
    expect(splitKeyword('  Host=web1')).toEqual({ keyword: 'host', rest: 'web1' })
    expect(splitKeyword('HostName = a.example')).toEqual({ keyword: 'hostname', rest: 'a.example' })
    expect(splitKeyword('Port\t=2222')).toEqual({ keyword: 'port', rest: '2222' })
    expect(splitKeyword('   # comment')).toBeNull()
    expect(splitKeyword('')).toBeNull()
  })
  it('splits arguments like argv_split: quotes, escapes, trailing comments', () => {
    expect(splitArgs('a "b c" \'d e\' f\\ g # comment')).toEqual(['a', 'b c', 'd e', 'f g'])
    expect(splitArgs('x\\"y')).toEqual(['x"y'])
    expect(() => splitArgs('"open')).toThrow()
  })
  it('reads Match tokens like strdelim', () => {
    expect(strdelim('host "a b" user x')).toEqual({ token: 'host', rest: '"a b" user x' })
    expect(strdelim('"a b" user x')).toEqual({ token: 'a b', rest: 'user x' })
    expect(strdelim('last')).toEqual({ token: 'last', rest: null })
  })
})

describe('patterns (match.c)', () => {
  it('matches * and ?', () => {
    expect(matchPattern('web1.example.com', '*.example.com')).toBe(true)
    expect(matchPattern('node-a', 'node-?')).toBe(true)
    expect(matchPattern('node-ab', 'node-?')).toBe(false)
    expect(matchPattern('Web1', 'web1')).toBe(false)
  })
  it('lets a negated subpattern win at once', () => {
    expect(matchPatternList('db.example.com', '*.example.com,!db.*', false)).toBe(-1)
    expect(matchPatternList('web.example.com', '*.example.com,!db.*', false)).toBe(1)
    expect(matchPatternList('x', '!y', false)).toBe(0)
  })
  it('compares host names case-insensitively', () => {
    expect(matchHostname('DB.Example.COM', 'db.*')).toBe(1)
    expect(matchHostname('[198.18.0.5]:2222', '[198.18.0.*]:2222')).toBe(1)
  })
})

describe('expansions', () => {
  it('expands only known % tokens', () => {
    expect(percentExpand('%h:%p %%', { h: 'node', p: '22' })).toBe('node:22 %')
    expect(() => percentExpand('%x', { h: 'a' })).toThrow(ExpandError)
    expect(() => percentExpand('trailing %', {})).toThrow(/invalid format/)
  })
  it('expands ${VAR} and refuses unset ones', () => {
    expect(dollarExpand('${HOME}/x $y', { HOME: '/h' })).toBe('/h/x $y')
    expect(() => dollarExpand('${NOPE}', {})).toThrow(/NOPE/)
  })
  it('expands ~ like tilde_expand_filename', () => {
    expect(tildeExpand('~/.ssh/id', '/home/a')).toBe('/home/a/.ssh/id')
    expect(tildeExpand('~', '/home/a')).toBe('/home/a/')
    expect(tildeExpand('~x', '/home/a')).toBe('/home/a/x')
    expect(tildeExpand('~root/.ssh', '/home/a')).toBe('/root/.ssh')
    expect(tildeExpand('/abs', '/home/a')).toBe('/abs')
  })
})
