import { useTranslation } from 'react-i18next'
import type { ContextColour, ContextEntry, ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import { ColourDot } from './ColourDot'
import { contextKey, sameContext } from './context-rows'
import { DiagnosticChip } from './DiagnosticChip'
import { diagnosticDetail } from './diagnostic-text'

const colours: ContextColour[] = ['red', 'orange', 'yellow', 'green', 'blue', 'purple', 'grey']

/** Everything about one context, and every action on it, reachable by Tab from the list. */
export function ContextDetails({ entry }: { entry: ContextEntry | null }) {
  const { t, i18n } = useTranslation()
  const active = useAppStore((s) => s.kube?.active ?? null)
  const switchContext = useAppStore((s) => s.switchContext)
  const openDialog = useAppStore((s) => s.openContextDialog)
  const setPreferences = useAppStore((s) => s.setContextPreferences)
  if (!entry) {
    return (
      <aside className="context-details empty" aria-label={t('contexts.details.none')}>
        <p className="muted">{t('contexts.details.none')}</p>
        <p className="muted small">{t('contexts.keyboardHelp')}</p>
      </aside>
    )
  }
  const ref: ContextRef = { file: entry.file, name: entry.name }
  const isActive = sameContext(active, ref)
  return (
    <aside className="context-details" aria-label={entry.name} data-testid="context-details">
      <header className="details-head">
        {entry.colour && <ColourDot colour={entry.colour} />}
        <h2 className="details-name mono">{entry.name}</h2>
        {isActive && <span className="chip chip-accent">{t('contexts.active')}</span>}
      </header>
      {entry.shadowedBy && (
        <p className="details-note" data-testid="details-shadowed">
          {t('contexts.shadowedBy', { file: entry.shadowedBy })} {t('contexts.details.shadowedFix')}
        </p>
      )}
      <div className="details-actions">
        {/* A shadowed context cannot be switched to (kubectl would use the other one): renaming it is what helps. */}
        {entry.shadowedBy ? (
          <button className="primary" onClick={() => openDialog({ kind: 'rename', context: ref })} data-testid="details-rename-shadowed">
            {t('contexts.details.renameToUse')}
          </button>
        ) : (
          <button className="primary" disabled={isActive} onClick={() => void switchContext(ref)} data-testid="details-switch">
            {isActive ? t('contexts.details.isActive') : t('contexts.details.switch')}
          </button>
        )}
        <button onClick={() => openDialog({ kind: 'namespace', context: ref })}>{t('contexts.details.setNamespace')}</button>
        {!entry.shadowedBy && (
          <button onClick={() => openDialog({ kind: 'rename', context: ref })} data-testid="details-rename">
            {t('contexts.details.rename')}
          </button>
        )}
        <button onClick={() => openDialog({ kind: 'export', context: ref })}>{t('contexts.details.export')}</button>
        <button onClick={() => openDialog({ kind: 'undo', file: entry.file })}>{t('contexts.details.history')}</button>
        <button className="danger-outline" onClick={() => openDialog({ kind: 'delete', context: ref })}>
          {t('contexts.details.delete')}
        </button>
      </div>
      <dl className="details-fields">
        <dt>{t('contexts.details.file')}</dt>
        <dd className="mono">
          {entry.file} <span className="origin-badge">{t(`contexts.origin.${entry.origin}`)}</span>
        </dd>
        <dt>{t('contexts.details.cluster')}</dt>
        <dd className="mono">
          {entry.cluster}{' '}
          <button className="small" data-testid="details-edit-cluster" onClick={() => openDialog({ kind: 'cluster', context: ref })}>
            {t('contexts.details.edit')}
          </button>
        </dd>
        <dt>{t('contexts.details.user')}</dt>
        <dd className="mono">
          {entry.user}{' '}
          <button className="small" data-testid="details-edit-user" onClick={() => openDialog({ kind: 'user', context: ref })}>
            {t('contexts.details.edit')}
          </button>
        </dd>
        <dt>{t('contexts.details.namespace')}</dt>
        <dd className={`mono${entry.namespace ? '' : ' muted'}`}>{entry.namespace || t('contexts.defaultNamespace')}</dd>
        <dt>{t('contexts.details.server')}</dt>
        <dd className={`mono${entry.server ? '' : ' muted'}`}>{entry.server || t('contexts.details.noServer')}</dd>
      </dl>
      <div className="details-prefs">
        <button
          className={`star-toggle${entry.favourite ? ' on' : ''}`}
          aria-pressed={entry.favourite}
          onClick={() => void setPreferences(ref, { favourite: !entry.favourite })}
          data-testid="details-favourite"
        >
          {entry.favourite ? '★' : '☆'} {t('contexts.favourite')}
        </button>
        <ColourPicker value={entry.colour} onChange={(colour) => void setPreferences(ref, { colour })} />
      </div>
      <section className="details-section">
        <h3>{t('contexts.details.diagnostics')}</h3>
        {entry.diagnostics.length === 0 ? (
          <p className="muted small">{t('contexts.details.noDiagnostics')}</p>
        ) : (
          <ul className="diagnostic-list">
            {entry.diagnostics.map((d, i) => (
              <li key={i}>
                <DiagnosticChip diagnostic={d} focusable context={{ file: entry.file, name: entry.name }} />
                <div className="diagnostic-detail" data-testid="diagnostic-detail">
                  {diagnosticDetail(t, d, i18n.language)}
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>
      <ConnectionSection context={ref} />
    </aside>
  )
}

/** Seven colours and none, as a radio group: arrow keys move, as for native radios. */
function ColourPicker({ value, onChange }: { value?: ContextColour; onChange(c: ContextColour | null): void }) {
  const { t } = useTranslation()
  const options: (ContextColour | null)[] = [null, ...colours]
  const current = value ?? null
  const move = (delta: number) => {
    const i = options.indexOf(current)
    onChange(options[(i + delta + options.length) % options.length])
  }
  return (
    <div
      className="colour-picker"
      role="radiogroup"
      aria-label={t('contexts.colour')}
      onKeyDown={(e) => {
        const group = e.currentTarget
        if (e.key === 'ArrowRight' || e.key === 'ArrowDown') move(1)
        else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') move(-1)
        else return
        e.preventDefault()
        // Keep focus on the newly checked swatch, as native radio groups do.
        requestAnimationFrame(() => (group.querySelector('[aria-checked="true"]') as HTMLElement | null)?.focus())
      }}
    >
      {options.map((c) => (
        <button
          key={c ?? 'none'}
          role="radio"
          aria-checked={c === current}
          tabIndex={c === current ? 0 : -1}
          className={`swatch${c === current ? ' checked' : ''}`}
          aria-label={t(`contexts.colours.${c ?? 'none'}`)}
          title={t(`contexts.colours.${c ?? 'none'}`)}
          onClick={() => onChange(c)}
        >
          <ColourDot colour={c ?? undefined} showNone />
        </button>
      ))}
    </div>
  )
}

function ConnectionSection({ context }: { context: ContextRef }) {
  const { t } = useTranslation()
  const key = contextKey(context)
  const report = useAppStore((s) => s.connectionReports[key])
  const reach = useAppStore((s) => s.reachability[key])
  const testConnection = useAppStore((s) => s.testConnection)
  const checkReachability = useAppStore((s) => s.checkReachability)
  // When every step failed the same way (connection refused), say it once, not three times.
  const steps = report && report !== 'pending' ? report.steps : []
  const sharedDetail = steps.length > 1 && steps.every((s) => !s.ok && s.detail === steps[0].detail) ? steps[0].detail : null
  return (
    <section className="details-section" aria-live="polite">
      <h3>{t('contexts.details.connection')}</h3>
      <div className="details-actions">
        <button onClick={() => void testConnection(context)} disabled={report === 'pending'} data-testid="test-connection">
          {report === 'pending' ? t('contexts.details.checking') : t('contexts.details.testConnection')}
        </button>
        <button onClick={() => void checkReachability(context)} disabled={reach === 'pending'}>
          {reach === 'pending' ? t('contexts.details.checking') : t('contexts.details.checkReachability')}
        </button>
        {reach === null && <span className="chip chip-ok">{t('contexts.details.reachable')}</span>}
        {reach && reach !== 'pending' && <DiagnosticChip diagnostic={reach} focusable />}
      </div>
      {report && report !== 'pending' && (
        <div className={`connection-report${report.ok ? ' ok' : ' failed'}`} data-testid="connection-report" data-ok={report.ok}>
          <div className="report-head">
            <strong>
              {report.ok ? t('contexts.details.connectionOk', { server: report.server }) : t('contexts.details.connectionFailed', { server: report.server || context.name })}
            </strong>
            {report.serverVersion && <span className="muted">{t('contexts.details.serverVersion', { version: report.serverVersion })}</span>}
          </div>
          {report.steps.length > 0 && (
            <table className="report-steps">
              <tbody>
                {report.steps.map((s) => (
                  <tr key={s.name} className={s.ok ? 'ok' : 'failed'}>
                    <td aria-hidden>{s.ok ? '✓' : '✗'}</td>
                    <td>{t(`contexts.details.step.${s.name}`)}</td>
                    <td className="num">{t('contexts.details.latency', { ms: Math.round(s.latencyMs) })}</td>
                    {!sharedDetail && <td className="muted detail">{s.detail}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {sharedDetail && <div className="muted">{sharedDetail}</div>}
          {report.error && <ErrorMessage error={report.error} />}
        </div>
      )}
    </section>
  )
}
