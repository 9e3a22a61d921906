// Every error a service words with `t` has a 简体中文 wording with the same values, found by
// reading the templates out of the source with the TypeScript parser (as an extraction step would).
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { AppError, errorInfo, sentenceOf } from '../errors'
import { keyOf, t, verbatim, wordError } from './index'
import { errorsZh } from './zh-CN'

const root = join(__dirname, '../../..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name)
    if (d.isDirectory()) return d.name === 'testdata' ? [] : sources(p)
    return /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name) ? [p] : []
  })
}

/** Every t`…` template in the product's main-side code, by key, with where it is. */
function templates(): Map<string, string> {
  const found = new Map<string, string>()
  // The renderer's own transport words its errors the same way (src/renderer/src/api).
  for (const file of [...sources(join(root, 'src/main')), ...sources(join(root, 'src/shared')), ...sources(join(root, 'src/renderer/src/api'))]) {
    const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node) => {
      if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag) && node.tag.text === 't') {
        const tpl = node.template
        const parts = ts.isNoSubstitutionTemplateLiteral(tpl) ? [tpl.text] : [tpl.head.text, ...tpl.templateSpans.map((s) => s.literal.text)]
        found.set(keyOf(parts), `${relative(root, file)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`)
      }
      ts.forEachChild(node, visit)
    }
    visit(sf)
  }
  return found
}

const values = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort()

describe('error messages', () => {
  const found = templates()

  it('finds the templates services word errors with', () => {
    expect(found.size).toBeGreaterThan(200)
    expect(found.has('Connection to {{0}} port {{1}} timed out.')).toBe(true)
  })

  it('has a 简体中文 wording, with the same values, for every template', () => {
    const missing = [...found].filter(([key]) => errorsZh[key] === undefined).map(([key, at]) => `${at}  ${key}`)
    expect(missing).toEqual([])
    const differing = [...found].filter(([key]) => values(errorsZh[key]).join() !== values(key).join()).map(([key, at]) => `${at}  ${key}`)
    expect(differing).toEqual([])
  })

  it('keeps no wording for a template the code no longer has', () => {
    expect(Object.keys(errorsZh).filter((k) => !found.has(k))).toEqual([])
  })

  it('words an error again in the reader language, values as they are', () => {
    const host = 'node-1; $(reboot)'
    const e = new AppError({ code: 'ssh.connect', message: t`Connection to ${host} port ${22} timed out.`, hint: t`Is sshd running on ${host}:${22}?` })
    expect(e.message).toBe('Connection to node-1; $(reboot) port 22 timed out.')
    expect(wordError('en', e.info.says?.message, e.info.message)).toBe(e.message)
    const zh = wordError('zh-CN', e.info.says?.message, e.info.message)
    expect(zh).toContain(host)
    expect(zh).not.toContain('timed out')
    expect(zh).toMatch(/[\u4e00-\u9fff]/)
    expect(wordError('zh-CN', e.info.says?.hint, e.info.hint!)).toMatch(/[\u4e00-\u9fff]/)
  })

  it('words a sentence nested in another, and shows other programs’ text as it is', () => {
    const inner = errorInfo({ code: 'x', message: t`Connection refused` })
    const outer = t`ssh: connect to host ${'h'} port ${22}: ${sentenceOf(inner)}`
    const zh = wordError('zh-CN', outer.msg, outer.text)
    expect(zh).toContain(errorsZh['Connection refused'])
    const raw = t`ssh: connect to host ${'h'} port ${22}: ${verbatim('Broken pipe')}`
    expect(wordError('zh-CN', raw.msg, raw.text)).toContain('Broken pipe')
    // A key this build has no wording for reads in English.
    expect(wordError('zh-CN', { code: 'not in the table {{0}}', params: { '0': 'x' } }, 'fallback')).toBe('fallback')
  })
})
