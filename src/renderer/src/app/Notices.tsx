import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../components/ErrorMessage'
import { useAppStore } from '../store'

export function Notices() {
  const { t } = useTranslation()
  const notices = useAppStore((s) => s.notices)
  const dismiss = useAppStore((s) => s.dismiss)
  if (notices.length === 0) return null
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`}>
          {n.error ? <ErrorMessage error={n.error} /> : <span>{n.text}</span>}
          <button className="icon-button" onClick={() => dismiss(n.id)} aria-label={t('app.dismiss')}>
            ×
          </button>
        </div>
      ))}
    </div>
  )
}
