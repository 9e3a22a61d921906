import { describe, expect, it } from 'vitest'
import { parseTargetForm, targetArgs, targetText } from './format'

const empty = { host: '', user: '', port: '', identityFile: '', proxyJump: '' }

describe('target form', () => {
  it('keeps only the fields given, trimmed', () => {
    expect(parseTargetForm({ ...empty, host: ' node-1 ', port: '2222', proxyJump: 'ops@bastion' })).toEqual({
      ok: true,
      target: { host: 'node-1', port: 2222, proxyJump: 'ops@bastion' }
    })
  })
  it('names the field that is wrong', () => {
    expect(parseTargetForm(empty)).toEqual({ ok: false, field: 'host', problem: 'hostRequired' })
    expect(parseTargetForm({ ...empty, host: 'a b' })).toEqual({ ok: false, field: 'host', problem: 'noSpaces' })
    expect(parseTargetForm({ ...empty, host: 'a', port: '70000' })).toEqual({ ok: false, field: 'port', problem: 'badPort' })
    expect(parseTargetForm({ ...empty, host: 'a', port: '2.5' })).toEqual({ ok: false, field: 'port', problem: 'badPort' })
  })
  it('shows a target as ssh would be called', () => {
    expect(targetArgs({ host: 'n1', user: 'core', port: 2222, proxyJump: 'b' })).toBe('-l core -p 2222 -J b n1')
    expect(targetText({ id: 'node/n1', kind: 'node', name: 'n1', target: { host: '10.0.0.1' }, origin: 'internal-ip', resolved: { user: 'root', hostname: '10.0.0.1', port: 22, proxyJump: null } })).toBe(
      'root@10.0.0.1'
    )
  })
})
