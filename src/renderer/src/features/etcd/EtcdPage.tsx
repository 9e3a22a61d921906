import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage, HostListForm } from '../../components'
import { useAppStore } from '../../store'
import { OperationsList, PlanView, type HistoryEntry } from '../operations'
import { BackupsTab, useCatalog } from './BackupsTab'
import { etcdKey, type EtcdTab } from './etcd-slice'
import { OverviewTab } from './OverviewTab'
import { RepairsTab } from './RepairsTab'
import { RestoreTab } from './RestoreTab'

const TABS: EtcdTab[] = ['overview', 'backups', 'restore', 'repairs', 'history']

/** etcd of the active context: health and topology, backups and their catalog, restore, repairs. */
export function EtcdPage() {
  const { t } = useTranslation()
  const context = useAppStore((s) => s.kube?.active ?? null)
  const tab = useAppStore((s) => s.etcdTab)
  const setTab = useAppStore((s) => s.setEtcdTab)
  const state = useAppStore((s) => (context ? s.etcd[etcdKey(context)] : undefined))
  const load = useAppStore((s) => s.loadEtcd)
  const discover = useAppStore((s) => s.discoverEtcd)
  const openPlan = useAppStore((s) => s.openEtcdPlan)
  const [showHosts, setShowHosts] = useState(false)

  useEffect(() => {
    if (context) void load(context)
  }, [context, load])

  if (!context) {
    return (
      <div className="etcd-page">
        <h1>{t('etcd.title')}</h1>
        <p className="muted">{t('etcd.noContext')}</p>
      </div>
    )
  }

  return (
    <div className="etcd-page" data-testid="etcd-page">
      <header className="etcd-header">
        <h1>{t('etcd.titleFor', { context: context.name })}</h1>
        {state?.topology && (
          <span className="chip chip-info" data-testid="etcd-layout">
            {t(`etcd.layout.${state.topology.layout}`, { count: state.topology.members.length })}
          </span>
        )}
        <span className="spacer" />
        <button className={showHosts ? 'toggle' : ''} aria-pressed={showHosts} onClick={() => setShowHosts(!showHosts)}>
          {t('etcd.hostsButton')}
        </button>
        <button data-testid="etcd-discover" disabled={state?.discovering} onClick={() => void discover(context)}>
          {state?.discovering ? t('etcd.discovering') : t('etcd.discover')}
        </button>
      </header>
      {state?.topologyError && (
        <div className="banner error" data-testid="etcd-error">
          <ErrorMessage error={state.topologyError} />
        </div>
      )}
      {(state?.topologyError?.code === 'etcd.api-unreachable' || showHosts) && (
        <HostListForm
          label={t('etcd.manualHosts')}
          submitLabel={t('etcd.discoverHosts')}
          busy={state?.discovering}
          testId="etcd-manual-hosts"
          onSubmit={(list) => void discover(context, list)}
        />
      )}
      {state?.plan ? (
        <div className="etcd-plan">
          <button className="etcd-back" data-testid="etcd-plan-back" onClick={() => openPlan(context, undefined)}>
            ← {t('etcd.backToWizard')}
          </button>
          <PlanView id={state.plan} onClosed={() => openPlan(context, undefined)} onOpen={(next) => openPlan(context, next)} />
        </div>
      ) : (
        <>
          <div role="tablist" className="etcd-tabs" aria-label={t('etcd.title')}>
            {TABS.map((id) => (
              <button
                key={id}
                role="tab"
                id={`etcd-tab-${id}`}
                aria-selected={tab === id}
                aria-controls={`etcd-panel-${id}`}
                data-testid={`etcd-tab-${id}`}
                className={tab === id ? 'active' : ''}
                onClick={() => setTab(id)}
              >
                {t(`etcd.tabs.${id}`)}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`etcd-panel-${tab}`} aria-labelledby={`etcd-tab-${tab}`} className="etcd-panel">
            {tab === 'backups' ? (
              <>
                {!state?.topology && <p className="muted">{state?.discovering ? t('etcd.discoveringLong') : t('etcd.notDiscoveredBackups')}</p>}
                <BackupsTab context={context} discovered={!!state?.topology} />
              </>
            ) : tab === 'history' ? (
              <EtcdHistory context={context} onOpen={(id) => openPlan(context, id)} />
            ) : !state?.topology ? (
              <p className="muted">{state?.discovering ? t('etcd.discoveringLong') : t('etcd.notDiscovered')}</p>
            ) : tab === 'overview' ? (
              <OverviewTab context={context} />
            ) : tab === 'restore' ? (
              <RestoreTab context={context} />
            ) : (
              <RepairsTab context={context} />
            )}
          </div>
        </>
      )}
    </div>
  )
}

/** The etcd operations of this context and its backups, one timeline (both are local). */
function EtcdHistory({ context, onOpen }: { context: ContextRef; onOpen(id: string): void }) {
  const { t, i18n } = useTranslation()
  const snapshots = useCatalog(context).filter((s) => s.context === context.name)
  const backups: HistoryEntry[] = snapshots.map((s) => ({
    key: s.id,
    at: s.createdAt,
    what: (
      <>
        {t('etcd.history.backup', { member: s.member, revision: s.status.revision.toLocaleString(i18n.language) })}
        <div className="small muted mono">{s.file}</div>
      </>
    ),
    outcome: s.verified ? (
      <span className={`chip ${s.verified.ok ? 'chip-ok' : 'chip-error'}`}>{s.verified.ok ? t('etcd.catalog.ok') : t('etcd.catalog.bad')}</span>
    ) : (
      <span className="chip chip-ok">{t('etcd.history.saved')}</span>
    )
  }))
  return <OperationsList kindPrefix="etcd." context={context.name} onOpen={onOpen} extra={backups} />
}
