import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../components/ErrorMessage'
import { useAppStore, type Notice } from '../store'

/** Confirmations fade on their own; errors stay until dismissed (they say what to do). */
const INFO_MS = 6_000

export function Notices() {
  const { t } = useTranslation()
  const notices = useAppStore((s) => s.notices)
  const dismiss = useAppStore((s) => s.dismiss)
  const undoFile = useAppStore((s) => s.undoFile)
  const redoFile = useAppStore((s) => s.redoFile)
  const notify = useAppStore((s) => s.notify)
  const notifyError = useAppStore((s) => s.notifyError)
  if (notices.length === 0) return null
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`}>
          {n.kind === 'info' && <AutoDismiss notice={n} dismiss={dismiss} />}
          {n.error ? <ErrorMessage error={n.error} /> : <span>{n.message ? t(n.message.key, n.message.params) : n.text}</span>}
          {n.undoFile && (
            <NoticeAction
              testId="notice-undo"
              label={t('app.undo')}
              onClick={() => dismiss(n.id)}
              onError={notifyError}
              run={async () => {
                const restored = await undoFile(n.undoFile!)
                notify({ kind: 'info', message: { key: 'app.undone', params: { file: restored.file } }, redoFile: n.undoFile })
              }}
            />
          )}
          {n.redoFile && (
            <NoticeAction
              testId="notice-redo"
              label={t('app.redo')}
              onClick={() => dismiss(n.id)}
              onError={notifyError}
              run={async () => {
                const reason = await redoFile(n.redoFile!)
                notify({ kind: 'info', message: { key: 'app.redone', params: { file: n.redoFile, reason } }, undoFile: n.redoFile })
              }}
            />
          )}
          <button className="icon-button" onClick={() => dismiss(n.id)} aria-label={t('app.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}

/** A notice's action (Undo, Redo): the notice goes at once; a failure becomes a notice of its own. */
function NoticeAction(p: { testId: string; label: string; onClick(): void; run(): Promise<void>; onError(e: unknown): void }) {
  return (
    <button
      className="small"
      data-testid={p.testId}
      onClick={() => {
        p.onClick()
        p.run().catch(p.onError)
      }}
    >
      {p.label}
    </button>
  )
}

function AutoDismiss({ notice, dismiss }: { notice: Notice; dismiss(id: number): void }) {
  useEffect(() => {
    const timer = setTimeout(() => dismiss(notice.id), INFO_MS)
    return () => clearTimeout(timer)
  }, [notice.id, dismiss])
  return null
}
