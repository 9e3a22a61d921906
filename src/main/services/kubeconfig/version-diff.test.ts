import { describe, expect, it } from 'vitest'
import { redactText } from './version-diff'

describe('redactText', () => {
  it('fingerprints secrets in block and flow style, exec env values with secret names, and *-data blobs', () => {
    const text = [
      'users:',
      '- name: u',
      '  user:',
      '    token: abc.def',
      "    password: 'p@ss, word'",
      '    client-key-data: LS0tLS1CRUdJTi',
      '    exec:',
      '      env:',
      '      - name: AWS_SECRET_ACCESS_KEY',
      '        value: hunter2',
      '      - name: REGION',
      '        value: eu-west-1',
      '- name: v',
      '  user: { token: t0k3n, username: bob }',
      '  auth-provider: {config: {"id-token": "eyJ", client-id: kube}}'
    ].join('\n')
    const out = redactText(text)
    for (const secret of ['abc.def', 'p@ss', 'LS0tLS1CRUdJTi', 'hunter2', 't0k3n', 'eyJ']) expect(out).not.toContain(secret)
    expect(out).toContain('eu-west-1')
    expect(out).toContain('username: bob')
    expect(out).toContain('client-id: kube')
    expect(out).toMatch(/token: REDACTED \(sha256 [0-9a-f]{8}\)/)
    expect(out).toMatch(/client-key-data: DATA\+OMITTED \(sha256 [0-9a-f]{8}\)/)
    // The same secret gives the same fingerprint: a diff shows it unchanged.
    expect(redactText('token: abc.def')).toBe(redactText('token: abc.def'))
    expect(redactText('token: abc.def')).not.toBe(redactText('token: abc.deg'))
  })
})
