// A cluster at a glance, read again every 15 s: API server version and /readyz checks, nodes,
// the control plane's pods, pods by STATUS, workloads short of their replicas, the latest
// Warning events. A part that cannot be read says why; the rest still shows.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ClusterOverview } from '@shared/model/cluster'
import type { ErrorInfo } from '@shared/errors'
import { humanDuration } from '@shared/cluster-cells'
import { ErrorMessage } from '../../components'
import { errorInfoOf } from '../../api'
import { useApi } from '../../store'
import { ContextPicker, refKey, usePageContext } from './ContextPicker'

const REFRESH_MS = 15_000

export function OverviewPage() {
  const { t } = useTranslation()
  const api = useApi()
  const { context, chosen, choose } = usePageContext()
  const [data, setData] = useState<{ key: string; overview: ClusterOverview } | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const key = context ? refKey(context) : ''

  useEffect(() => {
    if (!context) return
    let live = true
    const read = () =>
      api.call('cluster.overview', { context }).then(
        (overview) => {
          if (!live) return
          setData({ key, overview })
          setError(null)
        },
        (e: unknown) => live && setError(errorInfoOf(e))
      )
    void read()
    const timer = setInterval(() => void read(), REFRESH_MS)
    return () => {
      live = false
      clearInterval(timer)
    }
  }, [key])

  const o = data?.key === key ? data.overview : null
  const now = Date.now()
  const failed = (part: string) => o?.errors.find((e) => e.part === part)
  const partError = (part: string) => {
    const e = failed(part)
    return e ? (
      <p className="part-error" data-testid={`overview-error-${part}`}>
        {t('cluster.overview.unreadable', { reason: e.message })}
      </p>
    ) : null
  }

  return (
    <div className="overview-page" data-testid="overview-page">
      <div className="page-toolbar" role="toolbar" aria-label={t('cluster.overview.title')}>
        <ContextPicker chosen={chosen} choose={choose} />
        {o && (
          <span className="muted mono" data-testid="overview-server">
            {o.server} {o.version && `· ${o.version}`}
          </span>
        )}
        {!o && context && !error && <span className="muted">{t('cluster.list.loading')}</span>}
      </div>
      {!context && <p className="muted list-empty">{t('cluster.list.noContext')}</p>}
      {error && (
        <div className="banner error">
          <ErrorMessage error={error} />
        </div>
      )}
      {o && (
        <div className="overview-grid">
          <section className="card" data-testid="overview-readyz">
            <h3>
              {t('cluster.overview.apiServer')}{' '}
              {o.readyz && <span className={o.readyz.ok ? 'chip chip-ok' : 'chip chip-danger'}>{o.readyz.ok ? t('cluster.overview.ready') : t('cluster.overview.notReady')}</span>}
            </h3>
            {partError('version')}
            {partError('readyz')}
            {/* Failed checks first and always in view; the passing ones folded. */}
            <ul className="checks">
              {(o.readyz?.checks ?? [])
                .filter((c) => !c.ok)
                .map((c) => (
                  <li key={c.name} className="cell-bad" data-testid="readyz-check" data-ok={false}>
                    ✗ <span className="mono">{c.name}</span> {c.detail && <span className="muted">{c.detail}</span>}
                  </li>
                ))}
            </ul>
            {o.readyz && (
              <details>
                <summary>{t('cluster.overview.checksPassing', { n: o.readyz.checks.filter((c) => c.ok).length, total: o.readyz.checks.length })}</summary>
                <ul className="checks">
                  {o.readyz.checks
                    .filter((c) => c.ok)
                    .map((c) => (
                      <li key={c.name} data-testid="readyz-check" data-ok>
                        ✓ <span className="mono">{c.name}</span>
                      </li>
                    ))}
                </ul>
              </details>
            )}
          </section>
          <section className="card" data-testid="overview-nodes">
            <h3>{t('cluster.overview.nodes', { n: o.nodes.length })}</h3>
            {partError('nodes')}
            <table className="mini">
              <tbody>
                {o.nodes.map((n) => (
                  <tr key={n.name} data-testid="overview-node" data-ready={n.ready}>
                    <td className="mono">{n.name}</td>
                    <td className={n.ready === 'True' ? '' : 'cell-bad'}>{n.ready === 'True' ? 'Ready' : 'NotReady'}</td>
                    <td>{n.cordoned && <span className="chip chip-warning">{t('cluster.node.cordoned')}</span>}</td>
                    <td className="muted">{n.roles}</td>
                    <td className="mono">{n.version}</td>
                    <td className="cell-bad">{n.pressure.join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" data-testid="overview-control-plane">
            <h3>{t('cluster.overview.controlPlane')}</h3>
            {partError('controlPlane')}
            {!failed('controlPlane') && o.controlPlane.length === 0 && <p className="muted">{t('cluster.overview.noStaticPods')}</p>}
            <table className="mini">
              <tbody>
                {o.controlPlane.map((p) => (
                  <tr key={p.name}>
                    <td className="mono">{p.name}</td>
                    <td className={p.ready ? '' : 'cell-bad'}>{p.ready ? p.phase : `${p.phase} (${t('cluster.overview.notReady')})`}</td>
                    <td className="num">{p.restarts > 0 ? t('cluster.overview.restarts', { n: p.restarts }) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="card" data-testid="overview-pods">
            <h3>{t('cluster.overview.pods', { n: o.pods?.total ?? 0 })}</h3>
            {partError('pods')}
            <ul className="counts">
              {Object.entries(o.pods?.byStatus ?? {})
                .sort((a, b) => b[1] - a[1])
                .map(([status, n]) => (
                  <li key={status} data-testid="pod-count" data-status={status}>
                    <strong className="num">{n}</strong> {status}
                  </li>
                ))}
            </ul>
            <h3>{t('cluster.overview.workloads')}</h3>
            {partError('workloads')}
            {!failed('workloads') && o.workloads.length === 0 && <p className="muted">{t('cluster.overview.allWorkloadsReady')}</p>}
            <ul>
              {o.workloads.map((w) => (
                <li key={`${w.kind}/${w.namespace}/${w.name}`} className="cell-pending" data-testid="overview-workload">
                  <span className="mono">
                    {w.namespace}/{w.kind}/{w.name}
                  </span>{' '}
                  {w.ready}/{w.desired}
                </li>
              ))}
            </ul>
          </section>
          <section className="card wide" data-testid="overview-warnings">
            <h3>{t('cluster.overview.warnings')}</h3>
            {partError('warnings')}
            {!failed('warnings') && o.warnings.length === 0 && <p className="muted">{t('cluster.overview.noWarnings')}</p>}
            <ul className="events">
              {o.warnings.map((w, i) => (
                <li key={i} className="event-warning">
                  <span className="muted">{w.last ? humanDuration(now - Date.parse(w.last)) : ''}</span>{' '}
                  <span className="mono">
                    {w.namespace}/{w.object}
                  </span>{' '}
                  <strong>{w.reason}</strong>
                  {w.count > 1 ? ` ×${w.count}` : ''} {w.message}
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </div>
  )
}
