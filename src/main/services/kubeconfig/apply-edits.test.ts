import { describe, expect, it } from 'vitest'
import { applyEdits } from './apply-edits'
import { decodeKubeconfig } from './decode'
import type { FileEdit } from './edits'
import { contextSchema, userSchema, zeroObject, type KObject } from './schema'

const file = (text: string) => ({ path: '/k/config', exists: true, text, config: decodeKubeconfig(text, '/k/config').config })
const edit = (text: string, ...edits: FileEdit[]) => applyEdits(file(text), edits).text
const ctx = (fields: Partial<Record<'cluster' | 'user' | 'namespace', string>>): KObject => ({ ...zeroObject(contextSchema), ...fields })

const handWritten = `# Production access. Ask #platform before changing.
apiVersion: v1
kind: Config
contexts:
  # the one everybody uses
  - name: prod
    context:
      cluster: prod   # eu-west-1
      user: admin
      x-team: platform
  - name: dev
    context: {cluster: dev, user: admin}
current-context: prod # keep this one
x-kubedeck: true
`

describe('applyEdits', () => {
  it('changes only the bytes of the value it sets', () => {
    const out = edit(handWritten, { op: 'set-current-context', value: 'dev' })
    expect(out).toBe(handWritten.replace('current-context: prod # keep', 'current-context: dev # keep'))
  })

  it('sets, adds and removes fields in place; comments and unknown fields stay', () => {
    const out = edit(handWritten, { op: 'put', section: 'contexts', name: 'prod', value: ctx({ cluster: 'prod-2', namespace: 'web' }) })
    expect(out).toBe(
      handWritten
        .replace('      cluster: prod   # eu-west-1\n      user: admin\n      x-team: platform\n', '      cluster: prod-2   # eu-west-1\n      x-team: platform\n      namespace: web\n')
    )
  })

  it('rewrites a flow-style entry in flow style, keeping unknown keys', () => {
    const text = 'contexts:\n- name: dev\n  context: {cluster: dev, x: 1, user: admin}\n'
    expect(edit(text, { op: 'put', section: 'contexts', name: 'dev', value: ctx({ cluster: 'dev', namespace: 'yes' }) })).toBe(
      'contexts:\n- name: dev\n  context: {cluster: dev, x: 1, namespace: "yes"}\n'
    )
  })

  it('adds entries in the style of the section (name first, indented) and quotes what YAML would retype', () => {
    const out = edit(handWritten, { op: 'put', section: 'contexts', name: 'on', value: ctx({ cluster: '0777', user: 'a: b' }) })
    expect(out).toContain('  - name: dev\n    context: {cluster: dev, user: admin}\n  - name: "on"\n    context:\n      cluster: "0777"\n      user: \'a: b\'\ncurrent-context')
  })

  it('removes an entry and its lines only; removing the last one leaves an empty list', () => {
    const out = edit(handWritten, { op: 'delete', section: 'contexts', name: 'prod' })
    expect(out).toContain('contexts:\n  # the one everybody uses\n  - name: dev\n')
    expect(out).not.toContain('x-team')
    const empty = edit(out, { op: 'delete', section: 'contexts', name: 'dev' })
    expect(empty).toContain('contexts: []\n  # the one everybody uses\ncurrent-context')
  })

  it('renames in place', () => {
    const out = edit(handWritten, { op: 'put', section: 'contexts', name: 'production', value: file(handWritten).config.contexts[0].value }, { op: 'delete', section: 'contexts', name: 'prod' })
    expect(out).toBe(handWritten.replace('  - name: prod\n', '  - name: production\n'))
  })

  it('edits nested structures (exec) field by field', () => {
    const text = 'users:\n- name: u\n  user:\n    exec:\n      command: old-plugin # from the vendor\n      args: [a]\n'
    const value = file(text).config.users[0].value
    const next = { ...value, exec: { ...(value.exec as KObject), command: 'new-plugin', env: [{ name: 'A', value: '1' }] } }
    expect(edit(text, { op: 'put', section: 'users', name: 'u', value: next })).toBe(
      'users:\n- name: u\n  user:\n    exec:\n      command: new-plugin # from the vendor\n      args: [a]\n      env:\n      - name: A\n        value: "1"\n'
    )
  })

  it('keeps Windows line endings', () => {
    const crlf = handWritten.replace(/\n/g, '\r\n')
    const out = edit(crlf, { op: 'put', section: 'contexts', name: 'dev', value: ctx({ cluster: 'dev', user: 'admin', namespace: 'x' }) })
    expect(out).toContain('\r\n')
    expect(out.replace(/\r\n/g, '')).not.toContain('\n')
  })

  it('writes a new file exactly as kubectl would', () => {
    const none = { path: '/k/new', exists: false, text: '', config: decodeKubeconfig('', '/k/new').config }
    expect(applyEdits(none, [{ op: 'put', section: 'contexts', name: 'foo', value: zeroObject(contextSchema) }]).text).toBe(
      'apiVersion: v1\nclusters: null\ncontexts:\n- context:\n    cluster: ""\n    user: ""\n  name: foo\ncurrent-context: ""\nkind: Config\npreferences: {}\nusers: null\n'
    )
  })

  it('edits JSON kubeconfigs through the document editor', () => {
    const json = '{"apiVersion": "v1", "contexts": [{"name": "j", "context": {"cluster": "c"}}]}\n'
    const out = edit(json, { op: 'put', section: 'users', name: 'u', value: { ...zeroObject(userSchema), token: 't' } })
    const c = decodeKubeconfig(out, '/k/config').config
    expect(c.contexts.map((e) => e.name)).toEqual(['j'])
    expect(c.users.map((e) => [e.name, e.value.token])).toEqual([['u', 't']])
  })

  it('refuses to edit through a YAML alias rather than change the entries sharing it', () => {
    const text = 'x-base: &base {cluster: shared, user: u}\ncontexts:\n- name: a\n  context: *base\n- name: b\n  context: *base\n'
    expect(() => edit(text, { op: 'put', section: 'contexts', name: 'a', value: ctx({ cluster: 'shared', user: 'u', namespace: 'n' }) })).toThrow(/anchors, aliases/)
  })
})
