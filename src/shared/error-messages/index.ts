// Errors in the reader's language. A service words an error's message and hint with the `t` tag:
// t`Connection to ${host} port ${port} timed out.` is the English text (the CLI, logs, journals)
// and, beside it, a key (the template with `{{0}}`, `{{1}}` for its values) and the values, which
// the renderer words again from zh-CN.ts. The English template is the key, as in gettext and
// Lingui's `t` macro; those need a compile-time macro and an extraction step, this needs neither
// (the test reads the templates from the source with the TypeScript parser and checks the table).
// Names, paths, commands and other programs' own output are values and stay exactly as they are.
import type { PlanMessage } from '../model/operations'
import { errorsZh } from './zh-CN'

/** A sentence in English, with the key and values to word it again (the shape plans use too). */
export interface Sentence {
  text: string
  msg: PlanMessage
}

export const isSentence = (v: unknown): v is Sentence => typeof v === 'object' && v !== null && 'text' in v && 'msg' in v
const isMessage = (v: unknown): v is PlanMessage => typeof v === 'object' && v !== null && 'code' in v

/** The key of a template's parts: its literal text with `{{i}}` for the i-th value. */
export const keyOf = (parts: readonly string[]): string => parts.reduce((key, part, i) => key + (i ? `{{${i - 1}}}` : '') + part, '')

export function t(strings: TemplateStringsArray, ...values: unknown[]): Sentence {
  const text = strings.reduce((s, part, i) => s + (i ? shown(values[i - 1]) : '') + part, '')
  if (!values.length) return { text, msg: { code: text } }
  const params = Object.fromEntries(values.map((v, i) => [String(i), isSentence(v) ? v.msg : typeof v === 'number' ? v : shown(v)]))
  return { text, msg: { code: keyOf(strings), params } }
}

/** Text another program printed (or a list of worded parts already joined), shown as it is. */
export const verbatim = (text: string): Sentence => ({ text, msg: { code: '{{0}}', params: { '0': text } } })

const shown = (v: unknown): string => (isSentence(v) ? v.text : String(v))

function fill(template: string, value: (k: string) => string | undefined): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => value(k) ?? `{{${k}}}`)
}

/** A message in `lang`; `fallback` (the English the error carries) when this build has no wording for it. */
export function wordError(lang: string, msg: PlanMessage | undefined, fallback: string): string {
  if (!msg || !lang.startsWith('zh')) return fallback
  return worded(msg) ?? fallback
}

function worded(msg: PlanMessage): string | undefined {
  const template = errorsZh[msg.code]
  if (template === undefined) return undefined
  // A nested sentence this build cannot word reads in English rather than not at all.
  return fill(template, (k) => param(msg, k, (m) => worded(m) ?? english(m)))
}

const english = (msg: PlanMessage): string => fill(msg.code, (k) => param(msg, k, english))

function param(msg: PlanMessage, k: string, nested: (m: PlanMessage) => string): string | undefined {
  const v = msg.params?.[k]
  return v === undefined ? undefined : isMessage(v) ? nested(v) : String(v)
}
