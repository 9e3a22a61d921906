import { useEffect, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { OperationSummary } from '@shared/model/operations'
import { useAppStore } from '../../store'
import { word } from '@shared/plan-messages'
import { duration } from './plan-script'

/**
 * Operations (optionally of one kind prefix and context), newest first: the runs with when
 * they ran, how long, and how they ended; plans that were built but never run, apart.
 */
/** Something else that happened, shown among the runs (an etcd backup). */
export interface HistoryEntry {
  key: string
  at: string
  tookMs?: number
  what: ReactNode
  outcome: ReactNode
}

export function OperationsList({
  kindPrefix,
  context,
  onOpen,
  onDelete,
  extra = []
}: {
  kindPrefix?: string
  context?: string
  onOpen(id: string): void
  /** Offered on finished operations (their journal is no longer needed to resume or roll back). */
  onDelete?: (o: OperationSummary) => void
  extra?: HistoryEntry[]
}) {
  const { t, i18n } = useTranslation()
  const list = useAppStore((s) => s.operationList)
  const load = useAppStore((s) => s.loadOperations)
  const notifyError = useAppStore((s) => s.notifyError)
  useEffect(() => {
    load().catch(notifyError)
  }, [load, notifyError])
  const shown = list.filter((o) => (!kindPrefix || o.kind.startsWith(kindPrefix)) && (!context || o.context.name === context))
  if (shown.length === 0 && extra.length === 0) return <p className="muted">{t('operations.historyEmpty')}</p>
  const ran: (OperationSummary | HistoryEntry)[] = [...shown.filter((o) => o.startedAt), ...extra].sort((a, b) => timeOf(b).localeCompare(timeOf(a)))
  const never = shown.filter((o) => !o.startedAt)
  const when = (iso?: string) => (iso ? new Date(iso).toLocaleString(i18n.language) : '—')
  const row = (o: OperationSummary) => (
    <tr key={o.id} data-testid="operation-row" data-state={o.state}>
      <td className="small">{when(o.startedAt ?? o.createdAt)}</td>
      <td className="small">{o.endedAt && o.state !== 'running' ? when(o.endedAt) : ''}</td>
      <td className="small mono">{o.startedAt && o.endedAt ? duration(Date.parse(o.endedAt) - Date.parse(o.startedAt), i18n.language) : o.startedAt ? '…' : ''}</td>
      <td>
        {word(i18n.language, o.titleSays, o.title)}
        <div className="small muted">
          {o.kind} · {o.context.name}
        </div>
      </td>
      <td>
        <span className={`chip plan-state-${o.state}`}>{t(`operations.state.${o.state}`)}</span>
      </td>
      <td className="ops-actions">
        <button onClick={() => onOpen(o.id)}>{t('operations.open')}</button>
        {onDelete && FINISHED.has(o.state) && (
          <button className="danger-outline small" data-testid="operation-delete" onClick={() => onDelete(o)}>
            {t('operations.delete')}
          </button>
        )}
      </td>
    </tr>
  )
  const other = (e: HistoryEntry) => (
    <tr key={e.key} data-testid="history-row">
      <td className="small">{when(e.at)}</td>
      <td />
      <td className="small mono">{e.tookMs !== undefined ? duration(e.tookMs, i18n.language) : ''}</td>
      <td>{e.what}</td>
      <td>{e.outcome}</td>
      <td />
    </tr>
  )
  const head = (first: string) => (
    <thead>
      <tr>
        <th>{first}</th>
        <th>{t('operations.cols.ended')}</th>
        <th>{t('operations.cols.took')}</th>
        <th>{t('operations.cols.what')}</th>
        <th>{t('operations.cols.outcome')}</th>
        <th />
      </tr>
    </thead>
  )
  return (
    <>
      {ran.length > 0 && (
        <table className="data-table compact ops-table" data-testid="operations-list">
          {head(t('operations.cols.ran'))}
          <tbody>{ran.map((r) => ('key' in r ? other(r) : row(r)))}</tbody>
        </table>
      )}
      {never.length > 0 && (
        <>
          <h3 className="small muted">{t('operations.neverRun', { count: never.length })}</h3>
          <table className="data-table compact ops-table" data-testid="operations-never-run">
            {head(t('operations.cols.built'))}
            <tbody>{never.map(row)}</tbody>
          </table>
        </>
      )}
    </>
  )
}

const timeOf = (r: OperationSummary | HistoryEntry) => ('key' in r ? r.at : (r.startedAt ?? r.createdAt))

/** States whose journal no resume or rollback needs any more. */
const FINISHED = new Set(['succeeded', 'rolled-back', 'abandoned', 'refused', 'planned'])
