// Errors a person can act on. Services throw AppError with what went wrong, where (file and
// line, host, command) and what to do; both transports carry ErrorInfo to the renderer as is.
// Message and hint are worded with the `t` tag (error-messages/), so the renderer can show
// them in the user's language; the English text stays for the CLI and logs.
import type { PlanMessage } from './model/operations'
import { isSentence, verbatim, type Sentence } from './error-messages'

export interface ErrorInfo {
  /** Stable machine-readable code, e.g. `kubeconfig.parse`, `input.invalid`, `ssh.host-key-changed`. */
  code: string
  /** One sentence: what went wrong, naming the thing it concerns. */
  message: string
  /** What to do about it. */
  hint?: string
  file?: string
  line?: number
  host?: string
  command?: string
  /** Per-field problems for invalid input. */
  issues?: { path: string; message: string }[]
  /** Extra structured data a UI may need (e.g. a host key fingerprint); never secrets. */
  data?: Record<string, unknown>
  /** The key and values of message and hint, to word them in the user's language. */
  says?: { message?: PlanMessage; hint?: PlanMessage }
}

/** What a service gives AppError: message and hint as `t` sentences (or plain text a program printed). */
export type ErrorInput = Omit<ErrorInfo, 'message' | 'hint' | 'says'> & { message: Sentence; hint?: Sentence }

/** ErrorInfo from a service's words, for an error that is reported rather than thrown. */
export function errorInfo(input: ErrorInput): ErrorInfo {
  const { message, hint, ...rest } = input
  const says = { ...(isSentence(message) ? { message: message.msg } : {}), ...(isSentence(hint) ? { hint: hint.msg } : {}) }
  return {
    ...rest,
    message: isSentence(message) ? message.text : message,
    ...(hint !== undefined ? { hint: isSentence(hint) ? hint.text : hint } : {}),
    ...(says.message || says.hint ? { says } : {})
  }
}

/** An error's message as a sentence, to quote inside another error's message. */
export const sentenceOf = (info: ErrorInfo): Sentence => (info.says?.message ? { text: info.message, msg: info.says.message } : verbatim(info.message))

/** An error's hint as a sentence, to pass on with a wrapping error. */
export const hintOf = (info: ErrorInfo): Sentence | undefined =>
  info.hint === undefined ? undefined : info.says?.hint ? { text: info.hint, msg: info.says.hint } : verbatim(info.hint)

/** The error with `from` read as `to` wherever it is named (message, hint, file, values): a staged copy read as the name it came with. */
export function renamedIn(info: ErrorInfo, from: string, to: string): ErrorInfo {
  const swap = (v: string) => v.split(from).join(to)
  const swapMsg = (m: PlanMessage | undefined): PlanMessage | undefined =>
    m && {
      code: m.code,
      ...(m.params ? { params: Object.fromEntries(Object.entries(m.params).map(([k, v]) => [k, typeof v === 'string' ? swap(v) : typeof v === 'number' ? v : swapMsg(v)!])) } : {})
    }
  return {
    ...info,
    message: swap(info.message),
    ...(info.hint !== undefined ? { hint: swap(info.hint) } : {}),
    ...(info.file !== undefined ? { file: swap(info.file) } : {}),
    ...(info.says ? { says: { message: swapMsg(info.says.message), hint: swapMsg(info.says.hint) } } : {})
  }
}

export class AppError extends Error {
  readonly info: ErrorInfo
  constructor(input: ErrorInput, options?: { cause?: unknown }) {
    const info = errorInfo(input)
    super(info.message, options)
    this.name = 'AppError'
    this.info = info
  }

  /** An AppError carrying `info` as it is (already worded, e.g. passed on from another error). */
  static of(info: ErrorInfo): AppError {
    return new AppError({ ...info, message: sentenceOf(info), hint: hintOf(info) })
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError
}

/** Converts anything thrown into ErrorInfo without leaking stack traces to the UI. */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (isAppError(e)) return e.info
  if (e instanceof Error) return { code: 'internal', message: e.message }
  return { code: 'internal', message: String(e) }
}

/** One line for terminals: "message (file:line)\n  hint". */
export function formatErrorInfo(info: ErrorInfo): string {
  const where = info.file ? ` (${info.file}${info.line ? `:${info.line}` : ''})` : info.host ? ` (host ${info.host})` : ''
  const issues = info.issues?.map((i) => `\n  ${i.path || '(input)'}: ${i.message}`).join('') ?? ''
  return `${info.message}${where}${issues}${info.hint ? `\n  ${info.hint}` : ''}`
}
