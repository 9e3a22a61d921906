// Every pod of a cluster, live, as `kubectl get pods -A -o wide` prints them: main lists (paged)
// and watches, keeps the rows and sends only changes; the table renders only the rows in view,
// so 10,000 pods scroll like 40. Namespace and text filters, a sort by any column.
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage, VirtualList } from '../../components'
import { useAppStore } from '../../store'
import { humanDuration, podRows, type PodColumn, type PodView } from './format'

const COLUMNS: PodColumn[] = ['namespace', 'name', 'ready', 'status', 'restarts', 'age', 'ip', 'node']
const refKey = (c: ContextRef) => `${c.file}\u0000${c.name}`
const BAD = /Err|BackOff|Failed|Unknown|Evicted|OOM|Invalid|Error/

export function PodsPage() {
  const { t } = useTranslation()
  const kube = useAppStore((s) => s.kube)
  const pods = useAppStore((s) => s.pods)
  const watchPods = useAppStore((s) => s.watchPods)
  const unwatchPods = useAppStore((s) => s.unwatchPods)
  const [chosen, setChosen] = useState<ContextRef | null>(null)
  const [view, setView] = useState<PodView>({ namespace: '', query: '', sort: null })
  const [now, setNow] = useState(() => Date.now())
  const context = chosen ?? (kube?.active ? { file: kube.active.file, name: kube.active.name } : null)
  const key = context ? refKey(context) : ''

  useEffect(() => {
    if (context) void watchPods(context)
  }, [key])
  useEffect(() => () => void unwatchPods(), [])
  // AGE moves on by itself.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000)
    return () => clearInterval(timer)
  }, [])

  const rows = useMemo(() => (pods ? podRows(pods.rows.values(), view) : []), [pods?.version, pods?.rows, view])
  const namespaces = useMemo(() => [...new Set([...(pods?.rows.values() ?? [])].map((r) => r.namespace))].sort(), [pods?.version])
  const sortBy = (column: PodColumn) => setView((v) => ({ ...v, sort: v.sort?.column !== column ? { column, desc: false } : !v.sort.desc ? { column, desc: true } : null }))

  return (
    <div className="pods-page" data-testid="pods-page">
      <div className="pods-toolbar" role="toolbar" aria-label={t('cluster.pods.title')}>
        <select
          aria-label={t('cluster.pods.context')}
          value={chosen ? refKey(chosen) : ''}
          data-testid="pods-context"
          onChange={(e) => {
            const c = kube?.contexts.find((x) => refKey(x) === e.target.value)
            setChosen(c ? { file: c.file, name: c.name } : null)
          }}
        >
          <option value="">{t('cluster.pods.followActive', { name: kube?.active?.name ?? '—' })}</option>
          {(kube?.contexts ?? [])
            .filter((c) => !c.shadowedBy)
            .map((c) => (
              <option key={refKey(c)} value={refKey(c)}>
                {c.name}
              </option>
            ))}
        </select>
        <select aria-label={t('cluster.pods.namespace')} value={view.namespace} data-testid="pods-namespace" onChange={(e) => setView({ ...view, namespace: e.target.value })}>
          <option value="">{t('cluster.pods.allNamespaces')}</option>
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <input
          type="search"
          className="pods-search"
          placeholder={t('cluster.pods.search')}
          aria-label={t('cluster.pods.search')}
          data-testid="pods-search"
          value={view.query}
          onChange={(e) => setView({ ...view, query: e.target.value })}
        />
        <span className="muted" data-testid="pods-count">
          {pods?.synced ? t('cluster.pods.count', { shown: rows.length, total: pods.rows.size }) : pods?.error ? '' : t('cluster.pods.loading')}
        </span>
      </div>
      {pods?.error && (
        <div className="banner error" data-testid="pods-error">
          <ErrorMessage error={pods.error} />
        </div>
      )}
      {!context && <p className="muted pods-empty">{t('cluster.pods.noContext')}</p>}
      <div className="pods-table" role="grid" aria-rowcount={rows.length + 1}>
        <div className="pods-row pods-head" role="row">
          {COLUMNS.map((c) => {
            const sorted = view.sort?.column === c ? (view.sort.desc ? 'descending' : 'ascending') : undefined
            return (
              <span key={c} role="columnheader" aria-sort={sorted ?? 'none'}>
                <button type="button" className="column-sort" data-testid={`pods-sort-${c}`} onClick={() => sortBy(c)}>
                  {t(`cluster.pods.columns.${c}`)}
                  <span aria-hidden className="sort-mark">
                    {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
                  </span>
                </button>
              </span>
            )
          })}
        </div>
        <VirtualList
          className="pods-list"
          data-testid="pods-list"
          items={rows}
          rowHeight={26}
          getKey={(r) => r.key}
          renderRow={(r) => (
            <div className="pods-row" role="row" data-testid="pod-row" data-key={r.key} data-status={r.status}>
              <span className="muted">{r.namespace}</span>
              <span className="mono">{r.name}</span>
              <span>{r.ready}</span>
              <span className={BAD.test(r.status) ? 'pod-bad' : r.status === 'Running' || r.status === 'Completed' ? '' : 'pod-pending'}>{r.status}</span>
              <span className="num">
                {r.restarts}
                {r.lastRestart ? ` (${humanDuration(now - Date.parse(r.lastRestart))} ${t('cluster.pods.ago')})` : ''}
              </span>
              <span>{r.created ? humanDuration(now - Date.parse(r.created)) : ''}</span>
              <span className="mono">{r.ip}</span>
              <span className="mono">{r.node}</span>
            </div>
          )}
        />
      </div>
    </div>
  )
}
