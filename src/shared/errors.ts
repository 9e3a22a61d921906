// Errors a person can act on. Services throw AppError with what went wrong, where (file and
// line, host, command) and what to do; both transports carry ErrorInfo to the renderer as is.

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
}

export class AppError extends Error {
  readonly info: ErrorInfo
  constructor(info: ErrorInfo, options?: { cause?: unknown }) {
    super(info.message, options)
    this.name = 'AppError'
    this.info = info
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
