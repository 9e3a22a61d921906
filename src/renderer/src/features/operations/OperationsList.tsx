import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store'

/** Past and current operations (optionally of one kind prefix and context), newest first. */
export function OperationsList({ kindPrefix, context, onOpen }: { kindPrefix?: string; context?: string; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation()
  const list = useAppStore((s) => s.operationList)
  const load = useAppStore((s) => s.loadOperations)
  const notifyError = useAppStore((s) => s.notifyError)
  useEffect(() => {
    load().catch(notifyError)
  }, [load, notifyError])
  const shown = list.filter((o) => (!kindPrefix || o.kind.startsWith(kindPrefix)) && (!context || o.context.name === context))
  if (shown.length === 0) return <p className="muted">{t('operations.historyEmpty')}</p>
  return (
    <table className="ops-table" data-testid="operations-list">
      <tbody>
        {shown.map((o) => (
          <tr key={o.id}>
            <td className="small muted">{new Date(o.createdAt).toLocaleString(i18n.language)}</td>
            <td>{o.title}</td>
            <td>
              <span className={`chip plan-state-${o.state}`}>{t(`operations.state.${o.state}`)}</span>
            </td>
            <td>
              <button onClick={() => onOpen(o.id)}>{t('operations.open')}</button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
