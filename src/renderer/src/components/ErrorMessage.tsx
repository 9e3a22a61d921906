import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '@shared/errors'
import { wordError } from '@shared/error-messages'

/** An error's message and hint in the user's language (main words them in English beside a key and values). */
export function useErrorWords(): (error: ErrorInfo) => { message: string; hint?: string } {
  const { i18n } = useTranslation()
  return (error) => ({
    message: wordError(i18n.language, error.says?.message, error.message),
    hint: error.hint === undefined ? undefined : wordError(i18n.language, error.says?.hint, error.hint)
  })
}

/** An error as a person can act on it: what, where (file:line, host, command), and what to do. */
export function ErrorMessage({ error }: { error: ErrorInfo }) {
  const words = useErrorWords()(error)
  const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ''}` : (error.host ?? error.command)
  return (
    <div className="error-message" role="alert" data-code={error.code}>
      <div className="error-text">
        <Inline text={words.message} />
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
      {words.hint && (
        <div className="error-hint">
          <Inline text={words.hint} />
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
