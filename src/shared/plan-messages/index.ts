// Plans in the reader's language. A plan builder (main) words each sentence with `say(code,
// params)`: the plan keeps the English text (journals, the CLI, --dry-run) and, beside it, the
// code and parameters, which the renderer words again from this catalogue in the user's language.
// Commands, paths and names are parameters and stay exactly as they are.
import type { PlanMessage } from '../model/operations'
import { planEn } from './en'
import { planZh } from './zh-CN'

export type PlanMessageCode = keyof typeof planEn
export type PlanParams = Record<string, string | number | Said>

export const planMessages: Record<'en' | 'zh-CN', Record<PlanMessageCode, string>> = { en: planEn, 'zh-CN': planZh }

/** A sentence worded in English, with the code and parameters to word it again elsewhere. */
export interface Said {
  text: string
  msg: PlanMessage
}

/** The `{{name}}` placeholders of a template. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1])
}

const isMessage = (v: unknown): v is PlanMessage => typeof v === 'object' && v !== null && 'code' in v

function fill(template: string, value: (k: string) => string | undefined): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => value(k) ?? `{{${k}}}`)
}

export function say(code: PlanMessageCode, params?: PlanParams): Said {
  if (!params) return { text: planEn[code], msg: { code } }
  // English plurals: a `<code>_one` variant, when there is one, for a count of one.
  if (params.n === 1 && `${code}_one` in planEn) code = `${code}_one` as PlanMessageCode
  const text = fill(planEn[code], (k) => {
    const v = params[k]
    return v === undefined ? undefined : typeof v === 'object' ? v.text : String(v)
  })
  const msgParams = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'object' ? v.msg : v]))
  return { text, msg: { code, params: msgParams } }
}

/** A message in `lang`, or `fallback` (the English the plan carries) for a code this build does not know. */
export function word(lang: string, msg: PlanMessage | undefined, fallback: string): string {
  if (!msg) return fallback
  const table = (lang.startsWith('zh') ? planMessages['zh-CN'] : planMessages.en) as Record<string, string>
  const template = table[msg.code]
  if (template === undefined) return fallback
  return fill(template, (k) => {
    const v = msg.params?.[k]
    return v === undefined ? undefined : isMessage(v) ? word(lang, v, `{{${k}}}`) : String(v)
  })
}

/** A step's title and description. */
export const stepWords = (title: Said, description: Said) => ({ title: title.text, description: description.text, says: { title: title.msg, description: description.msg } })

/** A check's or an undo's description. */
export const described = (d: Said) => ({ description: d.text, says: d.msg })

/** Sentences of a list (warnings, next steps): the texts and, index for index, their messages. */
export const sentences = (list: Said[]) => ({ texts: list.map((s) => s.text), msgs: list.map((s) => s.msg) })

/** A plan's title, summary and warnings (with their messages). */
export function planWords(title: Said, summary: Said, warnings: Said[] = [], next: Said[] = []) {
  const w = sentences(warnings)
  const n = sentences(next)
  return {
    title: title.text,
    summary: summary.text,
    warnings: w.texts,
    ...(next.length ? { next: n.texts } : {}),
    says: { title: title.msg, summary: summary.msg, warnings: w.msgs, ...(next.length ? { next: n.msgs } : {}) }
  }
}

/** Something a plan keeps on a host on purpose. */
export const leftover = (host: string, path: string, what: Said) => ({ host, path, what: what.text, says: what.msg })
