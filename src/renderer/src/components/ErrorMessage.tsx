import type { ErrorInfo } from '@shared/errors'

/** An error as a person can act on it: what, where (file:line, host, command), and what to do. */
export function ErrorMessage({ error }: { error: ErrorInfo }) {
  const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ''}` : (error.host ?? error.command)
  return (
    <div className="error-message" role="alert" data-code={error.code}>
      <div className="error-text">
        <Inline text={error.message} />
      </div>
      {where && <div className="error-where">{where}</div>}
      {error.issues && (
        <ul className="error-issues">
          {error.issues.map((i) => (
            <li key={i.path + i.message}>
              <code>{i.path || 'input'}</code>: {i.message}
            </li>
          ))}
        </ul>
      )}
      {error.hint && (
        <div className="error-hint">
          <Inline text={error.hint} />
        </div>
      )}
    </div>
  )
}

/** Messages quote commands and paths in `backticks`: shown as code, not as literal backticks. */
function Inline({ text }: { text: string }) {
  const parts = text.split(/`([^`\n]+)`/)
  return <>{parts.map((p, i) => (i % 2 === 1 ? <code key={i}>{p}</code> : p))}</>
}
