import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage, HostListForm } from '../../components'
import { useAppStore } from '../../store'
import { OperationsList, PlanView } from '../operations'
import { CertTables } from './CertTables'
import { CertTimeline } from './CertTimeline'
import { CsrList } from './CsrList'
import { Findings } from './Findings'
import { certsKey } from './certs-slice'
import { statusCounts } from './format'

/**
 * Every certificate of a cluster: a summary, what to do (findings with their fix), a timeline
 * of what expires when, one table per host with details, pending CSRs, and the renewal plan.
 */
export function CertsPage() {
  const { t, i18n } = useTranslation()
  const chosen = useAppStore((s) => s.certsContext)
  const active = useAppStore((s) => s.kube?.active ?? null)
  const context = chosen ?? active
  const state = useAppStore((s) => (context ? s.certs[certsKey(context)] : undefined))
  const load = useAppStore((s) => s.loadCertificates)
  const read = useAppStore((s) => s.readCertificates)
  const openPlan = useAppStore((s) => s.openCertsPlan)
  const [showHosts, setShowHosts] = useState(false)

  useEffect(() => {
    if (context) void load(context)
  }, [context?.file, context?.name, load])
  // When a plan ends, the counts and tables above it say what the hosts hold now, not before.
  const planState = useAppStore((s) => (state?.plan ? s.operations[state.plan]?.state : undefined))
  useEffect(() => {
    if (context && planState && ['succeeded', 'rolled-back', 'failed', 'interrupted', 'rollback-failed'].includes(planState)) void read(context)
  }, [planState])

  if (!context) {
    return (
      <div className="certs-page">
        <h1>{t('certs.title')}</h1>
        <p className="muted">{t('certs.noContext')}</p>
      </div>
    )
  }
  const inv = state?.inventory
  const counts = inv ? statusCounts(inv) : undefined
  return (
    <div className="certs-page" data-testid="certs-page">
      <header className="certs-header">
        <h1>{t('certs.titleFor', { context: context.name })}</h1>
        {counts && (
          <span className="certs-counts" data-testid="certs-counts">
            {(['expired', 'mismatch', 'expiring', 'missing', 'ok'] as const)
              .filter((s) => counts[s] > 0)
              .map((s) => (
                <span key={s} className={`chip cert-status-${s}`} data-status={s}>
                  {t(`certs.statusCount.${s}`, { count: counts[s] })}
                </span>
              ))}
          </span>
        )}
        <span className="spacer" />
        <button className={showHosts ? 'toggle' : ''} aria-pressed={showHosts} onClick={() => setShowHosts(!showHosts)}>
          {t('certs.hostsButton')}
        </button>
        <RenewButton context={context} disabled={!inv || state?.planning} />
        <button data-testid="certs-read" disabled={state?.reading} onClick={() => void read(context)}>
          {state?.reading ? t('certs.reading') : t('certs.read')}
        </button>
      </header>
      {inv && <p className="small muted">{t('certs.checkedAt', { at: new Date(inv.checkedAt).toLocaleString(i18n.language) })}</p>}
      {state?.error && <ErrorMessage error={state.error} />}
      {state?.planError && <ErrorMessage error={state.planError} />}
      {(state?.error?.code === 'certs.api-unreachable' || showHosts) && (
        <HostListForm
          label={t('certs.manualHosts')}
          submitLabel={t('certs.readHosts')}
          busy={state?.reading}
          testId="certs-manual-hosts"
          onSubmit={(list) => void read(context, list)}
        />
      )}
      {state?.plan ? (
        <div className="certs-plan">
          <button data-testid="certs-plan-back" onClick={() => openPlan(context, undefined)}>
            ← {t('certs.back')}
          </button>
          <PlanView id={state.plan} onClosed={() => openPlan(context, undefined)} onOpen={(next) => openPlan(context, next)} />
        </div>
      ) : !inv ? (
        <p className="muted">{state?.reading ? t('certs.readingLong') : state?.error ? null : t('certs.notRead')}</p>
      ) : (
        <>
          {inv.hosts
            .filter((h) => !h.reachable || h.error)
            .map((h) => (
              <ErrorMessage key={h.id} error={h.error ?? { code: 'certs.unreachable', message: t('certs.unreachable', { host: h.id }) }} />
            ))}
          <Findings context={context} inventory={inv} />
          <CertTimeline inventory={inv} />
          <CertTables context={context} inventory={inv} />
          <CsrList context={context} inventory={inv} />
          {inv.notes.length > 0 && (
            <ul className="small muted certs-notes">
              {inv.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <section className="card">
            <h2>{t('certs.history')}</h2>
            <OperationsList kindPrefix="certs." context={context.name} onOpen={(id) => openPlan(context, id)} />
          </section>
        </>
      )}
    </div>
  )
}

/** "Renew…": every certificate kubeadm renews (binary hosts: the expired and expiring), optionally a new client certificate for the context. */
function RenewButton({ context, disabled }: { context: ContextRef; disabled?: boolean }) {
  const { t } = useTranslation()
  const plan = useAppStore((s) => s.planRenewal)
  const [open, setOpen] = useState(false)
  const [update, setUpdate] = useState(false)
  if (!open) {
    return (
      <button className="primary" data-testid="certs-renew" disabled={disabled} onClick={() => setOpen(true)}>
        {t('certs.renew')}
      </button>
    )
  }
  return (
    <span className="certs-renew-choice">
      <label className="small">
        <input type="checkbox" data-testid="certs-update-kubeconfig" checked={update} onChange={(e) => setUpdate(e.target.checked)} /> {t('certs.updateKubeconfig')}
      </label>
      <button className="primary" data-testid="certs-renew-plan" onClick={() => void plan(context, { updateKubeconfig: update }).then(() => setOpen(false))}>
        {t('certs.planRenew')}
      </button>
      <button onClick={() => setOpen(false)}>{t('certs.cancel')}</button>
    </span>
  )
}
