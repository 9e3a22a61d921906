// Expected outputs below were produced by kubectl 1.32 (`kubectl config view`) on the same
// values; the differential integration test checks the rest against kubectl itself.
import { describe, expect, it } from 'vitest'
import { goJsonMarshalIndent, goYamlMarshal, GoStruct, resolvePlain, sortGoYamlKeys } from './go-yaml'

describe('resolvePlain (go-yaml v2 typing of unquoted scalars)', () => {
  it.each([
    ['yes', 'bool'],
    ['n', 'bool'],
    ['Off', 'bool'],
    ['yEs', 'str'],
    ['~', 'null'],
    ['', 'null'],
    ['0777', 'int'],
    ['0x1F', 'int'],
    ['0o17', 'int'],
    ['1_000', 'int'],
    ['08', 'float'],
    ['1e3', 'float'],
    ['.5', 'float'],
    ['.inf', 'float'],
    ['2024-01-02', 'timestamp'],
    ['2024-02-30', 'str'],
    ['1:20', 'str'],
    ['<<', 'str'],
    ['https://x:6443', 'str'],
    ['-dash', 'str'],
    ['99999999999999999999', 'float']
  ])('%s is a %s', (s, tag) => {
    expect(resolvePlain(s).tag).toBe(tag)
  })
})

describe('goYamlMarshal (sigs.k8s.io/yaml output)', () => {
  it('prints strings as kubectl does: quoting, literal blocks, folding at 80 columns', () => {
    const args = ['a long argument with many many words in it that goes over the eighty column limit of the emitter for sure yes', 'yes', '123', '', '  lead', 'trail ', 'multi\nline\n', 'tab\there', 'é ü 中文 😀', '- dash', '#hash', 'a: b', "'q'", '"dq"', 'x\\y', '@at', 'key:', 'a,b', '[x]', 'multi\n\nblank\n\n', '1:20', '~']
    // The same nesting as `kubectl config view` prints a user's exec plugin (folding depends on the column).
    expect(goYamlMarshal({ users: [{ name: 'u', user: { exec: { args, command: 'cmd with spaces' } } }], ns: 'n', empty: {}, none: null, list: [] })).toBe(`empty: {}
list: []
none: null
ns: "n"
users:
- name: u
  user:
    exec:
      args:
      - a long argument with many many words in it that goes over the eighty column
        limit of the emitter for sure yes
      - "yes"
      - "123"
      - ""
      - '  lead'
      - 'trail '
      - |
        multi
        line
      - "tab\\there"
      - "é ü 中文 \\U0001F600"
      - '- dash'
      - '#hash'
      - 'a: b'
      - '''q'''
      - '"dq"'
      - x\\y
      - '@at'
      - 'key:'
      - a,b
      - '[x]'
      - |+
        multi

        blank

      - "1:20"
      - "~"
      command: cmd with spaces
`)
  })

  it('sorts keys as go-yaml does (digit runs as numbers, letters after other characters)', () => {
    expect(sortGoYamlKeys(['z', 'A', '10', '9', 'b10', 'b9', 'a', 'certificate-authority-data', 'certificate-authority', 'as-groups', 'as'])).toEqual([
      '9',
      '10',
      'A',
      'a',
      'as',
      'as-groups',
      'b9',
      'b10',
      'certificate-authority',
      'certificate-authority-data',
      'z'
    ])
  })
})

describe('goJsonMarshalIndent (encoding/json)', () => {
  it('keeps struct order, sorts maps bytewise, escapes HTML characters', () => {
    const v = new GoStruct([
      ['name', 'c <&> x'],
      ['config', { '9': 'y', '10': 'x', A: '2' }],
      ['list', []],
      ['none', null]
    ])
    expect(goJsonMarshalIndent(v)).toBe(`{
    "name": "c \\u003c\\u0026\\u003e x",
    "config": {
        "10": "x",
        "9": "y",
        "A": "2"
    },
    "list": [],
    "none": null
}`)
  })
})
