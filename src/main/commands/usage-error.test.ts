import { describe, expect, it } from 'vitest'
import { runCli } from './run'
import { suggest } from './usage-error'

const capture = () => {
  let out = ''
  let err = ''
  return { io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, stdin: process.stdin } as never, out: () => out, err: () => err }
}

describe('unknown words', () => {
  it('suggests the closest known word for a typo or a prefix, and nothing for a stranger', () => {
    expect(suggest('etdc', ['etcd', 'certs', 'logs'])).toBe('etcd')
    expect(suggest('oper', ['operations', 'etcd'])).toBe('operations')
    expect(suggest('frobnicate', ['etcd', 'certs', 'logs'])).toBeUndefined()
  })

  it('every level exits 2 with the word named and a suggestion', async () => {
    for (const [argv, word, close] of [
      [['etdc'], 'etdc', 'etcd'],
      [['etcd', 'bakup'], 'bakup', 'backup'],
      [['operations', 'lst'], 'lst', 'list'],
      [['certs', 'chek'], 'chek', 'check'],
      [['config', 'get-context'], 'get-context', 'get-contexts'],
      [['ssh', 'confg'], 'confg', 'config']
    ] as const) {
      const c = capture()
      expect(await runCli([...argv], c.io), argv.join(' ')).toBe(2)
      expect(c.err()).toContain(`unknown ${argv.length === 1 || argv[0] === 'config' ? 'command' : 'subcommand'} "${word}"`)
      expect(c.err()).toContain(`Did you mean this?\n\t${close}`)
    }
  })
})
