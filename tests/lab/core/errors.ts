// Every lab failure says which component broke and which log holds the reason.

export class LabError extends Error {
  readonly component: string
  readonly logPath?: string
  constructor(component: string, message: string, logPath?: string, options?: { cause?: unknown }) {
    super(`lab: ${component}: ${message}${logPath ? `\n  log: ${logPath}` : ''}`, options)
    this.name = 'LabError'
    this.component = component
    this.logPath = logPath
  }
}

/** The last lines of a log, to put the reason right into an error message. */
export function tailOf(text: string, lines = 12): string {
  const all = text.trimEnd().split('\n')
  return all.slice(-lines).map((l) => `    ${l}`).join('\n')
}
