// A cluster's objects, live, kind by kind, as kubectl get prints them (the API server's own
// columns): main lists (paged) and watches, keeps the rows and sends only changes; the table
// renders only the rows in view, so 10,000 pods scroll like 40. Namespaces (one, several, all),
// a label selector, a text filter and a sort by any column; a row opens its details.
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { BUILTIN_KINDS, type KindInfo } from '@shared/cluster-kinds'
import { cellText, viewSelector, visibleRows, type ListView } from '@shared/cluster-cells'
import type { ResourceColumn } from '@shared/model/cluster'
import { ErrorMessage, VirtualList } from '../../components'
import { useAppStore } from '../../store'
import { ContextPicker, refKey, usePageContext } from './ContextPicker'
import { ResourceDetails, type OpenObject } from './ResourceDetails'

const BAD = /Err|BackOff|Failed|Unknown|Evicted|OOM|Invalid|Error|NotReady|Lost/
const OK = /^(Running|Completed|Complete|Active|Ready|Bound|Available|True)$/
const SECTIONS: KindInfo['section'][] = ['workloads', 'network', 'config', 'storage', 'cluster', 'custom']

function columnWidth(c: ResourceColumn, i: number): string {
  if (c.name === 'Age') return '70px'
  if (i === 0 || c.format === 'name') return 'minmax(180px, 2.4fr)'
  if (c.name === 'Message') return 'minmax(200px, 3fr)'
  return 'minmax(70px, 1fr)'
}

export function ResourcesPage() {
  const { t } = useTranslation()
  const list = useAppStore((s) => s.resources)
  const kinds = useAppStore((s) => s.kinds)
  const watchResources = useAppStore((s) => s.watchResources)
  const unwatchResources = useAppStore((s) => s.unwatchResources)
  const loadKinds = useAppStore((s) => s.loadKinds)
  const { context, chosen, choose } = usePageContext()
  const [kind, setKind] = useState('pods')
  const [view, setView] = useState<ListView>({ namespaces: [], selector: '', query: '', sort: null })
  const [open, setOpen] = useState<OpenObject | null>(null)
  const [now, setNow] = useState(() => Date.now())
  const key = context ? refKey(context) : ''

  useEffect(() => {
    if (!context) return
    void loadKinds(context)
  }, [key])
  useEffect(() => {
    if (context) void watchResources(context, kind)
    setOpen(null)
  }, [key, kind])
  useEffect(() => () => void unwatchResources(), [])
  // AGE moves on by itself.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5000)
    return () => clearInterval(timer)
  }, [])

  const allKinds = kinds && context && refKey(kinds.context) === key ? kinds.list : BUILTIN_KINDS
  const info = allKinds.find((k) => k.id === kind) ?? BUILTIN_KINDS[0]
  const columns = list?.columns ?? []
  const selector = viewSelector(view)
  const rows = useMemo(() => (list ? visibleRows(list.rows.values(), columns, view) : []), [list?.version, list?.rows, view])
  const namespaces = useMemo(() => [...new Set([...(list?.rows.values() ?? [])].map((r) => r.namespace))].filter(Boolean).sort(), [list?.version])
  const statusAt = columns.findIndex((c) => c.name === 'Status')
  const showNs = info.namespaced
  const grid = [...(showNs ? ['minmax(100px, 1fr)'] : []), ...columns.map(columnWidth)].join(' ')
  const sortBy = (column: number) => setView((v) => ({ ...v, sort: v.sort?.column !== column ? { column, desc: false } : !v.sort.desc ? { column, desc: true } : null }))
  const header = (label: string, column: number) => {
    const sorted = view.sort?.column === column ? (view.sort.desc ? 'descending' : 'ascending') : undefined
    return (
      <span key={column} role="columnheader" aria-sort={sorted ?? 'none'}>
        <button type="button" className="column-sort" data-testid={`sort-${label}`} onClick={() => sortBy(column)}>
          {label}
          <span aria-hidden className="sort-mark">
            {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : ''}
          </span>
        </button>
      </span>
    )
  }

  return (
    <div className="resources-page" data-testid="resources-page">
      <nav className="kinds" aria-label={t('cluster.list.kinds')}>
        {SECTIONS.map((section) => {
          const inSection = allKinds.filter((k) => k.section === section)
          if (!inSection.length) return null
          return (
            <div key={section} className="kinds-section">
              <h3>{t(`cluster.sections.${section}`)}</h3>
              {inSection.map((k) => (
                <button
                  key={k.id}
                  type="button"
                  className={k.id === kind ? 'kind active' : 'kind'}
                  aria-current={k.id === kind}
                  data-testid={`kind-${k.id}`}
                  onClick={() => setKind(k.id)}
                >
                  {k.section === 'custom' ? k.kind : t(`cluster.kinds.${k.id}`, { defaultValue: k.kind })}
                </button>
              ))}
            </div>
          )
        })}
      </nav>
      <div className="resources-main">
        <div className="page-toolbar" role="toolbar" aria-label={t(`cluster.kinds.${info.id}`, { defaultValue: info.kind })}>
          <ContextPicker chosen={chosen} choose={choose} />
          {info.namespaced && (
            <details className="ns-picker" data-testid="ns-picker">
              <summary>{view.namespaces.length ? view.namespaces.join(', ') : t('cluster.list.allNamespaces')}</summary>
              <div className="ns-options">
                <label>
                  <input type="checkbox" checked={!view.namespaces.length} onChange={() => setView({ ...view, namespaces: [] })} />
                  {t('cluster.list.allNamespaces')}
                </label>
                {namespaces.map((n) => (
                  <label key={n}>
                    <input
                      type="checkbox"
                      data-testid={`ns-${n}`}
                      checked={view.namespaces.includes(n)}
                      onChange={(e) => setView({ ...view, namespaces: e.target.checked ? [...view.namespaces, n] : view.namespaces.filter((x) => x !== n) })}
                    />
                    {n}
                  </label>
                ))}
              </div>
            </details>
          )}
          <input
            className="selector-input mono"
            placeholder={t('cluster.list.selector')}
            aria-label={t('cluster.list.selector')}
            aria-invalid={'error' in selector}
            title={'error' in selector ? selector.error : undefined}
            data-testid="list-selector"
            value={view.selector}
            onChange={(e) => setView({ ...view, selector: e.target.value })}
          />
          <input
            type="search"
            className="list-search"
            placeholder={t('cluster.list.search')}
            aria-label={t('cluster.list.search')}
            data-testid="list-search"
            value={view.query}
            onChange={(e) => setView({ ...view, query: e.target.value })}
          />
          <span className="muted" data-testid="list-count">
            {list?.synced ? t('cluster.list.count', { shown: rows.length, total: list.rows.size }) : list?.error ? '' : t('cluster.list.loading')}
          </span>
        </div>
        {'error' in selector && (
          <div className="banner warning" data-testid="selector-error">
            {t('cluster.list.badSelector', { reason: selector.error })}
          </div>
        )}
        {list?.error && (
          <div className="banner error" data-testid="list-error">
            <ErrorMessage error={list.error} />
          </div>
        )}
        {!context && <p className="muted list-empty">{t('cluster.list.noContext')}</p>}
        <div className="list-table" role="grid" aria-rowcount={rows.length + 1} style={{ ['--cols' as string]: grid }}>
          <div className="list-row list-head" role="row">
            {showNs && header(t('cluster.list.namespace'), -1)}
            {columns.map((c, i) => header(t(`cluster.columns.${c.name}`, { defaultValue: c.name }), i))}
          </div>
          <VirtualList
            className="list-body"
            data-testid="list-rows"
            items={rows}
            rowHeight={26}
            getKey={(r) => r.key}
            renderRow={(r) => {
              const status = statusAt >= 0 ? String(r.cells[statusAt]) : ''
              return (
                <div
                  className={open?.name === r.name && open.namespace === r.namespace ? 'list-row selected' : 'list-row'}
                  role="row"
                  data-testid="list-row"
                  data-key={r.key}
                  data-status={status}
                  tabIndex={0}
                  onClick={() => context && setOpen({ context, kind: info, namespace: r.namespace, name: r.name })}
                  onKeyDown={(e) => e.key === 'Enter' && context && setOpen({ context, kind: info, namespace: r.namespace, name: r.name })}
                >
                  {showNs && <span className="muted">{r.namespace}</span>}
                  {columns.map((c, i) => (
                    <span
                      key={i}
                      className={i === statusAt ? (BAD.test(status) ? 'cell-bad' : OK.test(status) ? '' : 'cell-pending') : i === 0 ? 'mono' : c.type === 'integer' ? 'num' : ''}
                    >
                      {cellText(c, r, i, now)}
                    </span>
                  ))}
                </div>
              )
            }}
          />
        </div>
      </div>
      {open && <ResourceDetails key={`${open.kind.id}/${open.namespace}/${open.name}`} object={open} onClose={() => setOpen(null)} />}
    </div>
  )
}
