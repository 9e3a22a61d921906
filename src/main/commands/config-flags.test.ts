import { describe, expect, it } from 'vitest'
import { FlagError, parseFlags, readCsv, type FlagSpec } from './config-flags'

const specs: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string', help: '' },
  { name: 'raw', type: 'bool', help: '' },
  { name: 'exec-arg', type: 'stringSlice', help: '' },
  { name: 'exec-env', type: 'stringArray', help: '' }
]

describe('parseFlags (pflag semantics)', () => {
  it('reads the forms kubectl accepts, flags anywhere among the arguments', () => {
    const p = parseFlags(['a', '-o', 'name', 'b', '--raw', '--exec-arg=x,"y,z"', '--exec-arg', 'w', '--exec-env=A=1,B=2', '--', '--not-a-flag'], specs)
    expect(p.args).toEqual(['a', 'b', '--not-a-flag'])
    expect(Object.fromEntries(p.values)).toEqual({ output: 'name', raw: true, 'exec-arg': ['x', 'y,z', 'w'], 'exec-env': ['A=1,B=2'] })
    expect(parseFlags(['-oname'], specs).values.get('output')).toBe('name')
    expect(parseFlags(['-o=json'], specs).values.get('output')).toBe('json')
    expect(parseFlags(['--raw=false'], specs).values.get('raw')).toBe(false)
  })

  it('reports what pflag reports', () => {
    expect(() => parseFlags(['--bogus'], specs)).toThrow(new FlagError('unknown flag: --bogus'))
    expect(() => parseFlags(['-x'], specs)).toThrow("unknown shorthand flag: 'x' in -x")
    expect(() => parseFlags(['--output'], specs)).toThrow('flag needs an argument: --output')
    expect(() => parseFlags(['--raw=maybe'], specs)).toThrow('invalid argument "maybe" for "--raw" flag: strconv.ParseBool: parsing "maybe": invalid syntax')
  })

  it('reads slice values as one CSV record', () => {
    expect(readCsv('')).toEqual([])
    expect(readCsv('a,"b,c",d')).toEqual(['a', 'b,c', 'd'])
    expect(readCsv('"say ""hi"""')).toEqual(['say "hi"'])
  })
})
