import { useEffect, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { InventoryHost, SshConnectionReport } from '@shared/model/ssh'
import { ErrorMessage, Tooltip } from '../../components'
import { useAppStore } from '../../store'
import { targetArgs, targetText } from './format'
import { hostActions } from './host-actions'
import { HostDialogs } from './HostDialogs'

const refKey = (c: ContextRef) => `${c.file}\u0000${c.name}`

/** The nodes of a cluster and the SSH hosts around it, each with the target SSH will use. */
export function NodesPage() {
  const { t, i18n } = useTranslation()
  const kube = useAppStore((s) => s.kube)
  const loadKubeconfig = useAppStore((s) => s.loadKubeconfig)
  const chosen = useAppStore((s) => s.hostsContext)
  const choose = useAppStore((s) => s.chooseHostsContext)
  const inventory = useAppStore((s) => s.inventory)
  const loading = useAppStore((s) => s.inventoryLoading)
  const error = useAppStore((s) => s.inventoryError)
  const load = useAppStore((s) => s.loadInventory)
  const loadVault = useAppStore((s) => s.loadVaultStatus)
  const openDialog = useAppStore((s) => s.openHostDialog)
  const notifyError = useAppStore((s) => s.notifyError)

  const context = chosen ?? (kube?.active ? { file: kube.active.file, name: kube.active.name } : null)
  const contexts = useMemo(() => (kube?.contexts ?? []).filter((c) => !c.shadowedBy), [kube])
  const key = context ? refKey(context) : ''

  useEffect(() => {
    if (!kube) loadKubeconfig().catch(notifyError)
    loadVault().catch(notifyError)
  }, []) // once per visit
  useEffect(() => {
    if (context) void load(context)
  }, [key])

  const showing = inventory && context && refKey(inventory.context) === key ? inventory : null

  return (
    <div className="hosts-page" data-testid="nodes-page">
      <div className="page-toolbar" role="toolbar" aria-label={t('hosts.title')}>
        <label className="field-inline">
          <span>{t('hosts.context')}</span>
          <select
            value={chosen ? refKey(chosen) : ''}
            data-testid="nodes-context"
            onChange={(e) => {
              const c = contexts.find((x) => refKey(x) === e.target.value)
              choose(c ? { file: c.file, name: c.name } : null)
            }}
          >
            <option value="">{t('hosts.followActive', { name: kube?.active?.name ?? '—' })}</option>
            {contexts.map((c) => (
              <option key={refKey(c)} value={refKey(c)}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <button onClick={() => context && void load(context)} disabled={!context || loading} data-testid="nodes-reload">
          {t('hosts.reload')}
        </button>
        <span className="spacer" />
        <button onClick={() => openDialog({ kind: 'add' })} disabled={!showing} data-testid="nodes-add-host">
          {t('hosts.addHost')}
        </button>
      </div>

      {!context && <p className="hosts-empty muted">{t('hosts.noContext')}</p>}
      {error && (
        <div className="banner error" data-testid="nodes-load-error">
          <strong>{t('hosts.loadFailed')}</strong>
          <ErrorMessage error={error} />
        </div>
      )}
      {showing?.nodesError && (
        <div className="banner" data-testid="nodes-api-error">
          <strong>{t('hosts.nodesFailed')}</strong>
          <ErrorMessage error={showing.nodesError} />
          {showing.nodesFrom && (
            <p className="small" data-testid="nodes-from">
              {t('hosts.nodesFrom', { at: new Date(showing.nodesFrom).toLocaleString(i18n.language) })}
            </p>
          )}
        </div>
      )}
      {context && !showing && !error && <p className="hosts-empty muted">{t('hosts.loading')}</p>}
      {showing && showing.hosts.length === 0 && <p className="hosts-empty muted">{t('hosts.empty')}</p>}
      {showing && showing.hosts.length > 0 && (
        <div className="hosts-table-wrap">
          <table className="data-table" data-testid="nodes-table">
            <thead>
              <tr>
                <th>{t('hosts.columns.name')}</th>
                <th>{t('hosts.columns.kind')}</th>
                <th>{t('hosts.columns.ready')}</th>
                <th>{t('hosts.columns.address')}</th>
                <th>{t('hosts.columns.target')}</th>
                <th>{t('hosts.columns.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {showing.hosts.map((h) => (
                <HostRow key={h.id} host={h} context={showing.context} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <HostDialogs />
    </div>
  )
}

function HostRow({ host, context }: { host: InventoryHost; context: ContextRef }) {
  const { t } = useTranslation()
  const test = useAppStore((s) => s.hostTests[host.id])
  const testHost = useAppStore((s) => s.testHost)
  const openDialog = useAppStore((s) => s.openHostDialog)
  const ready = host.node ? (host.node.ready === null ? 'unknown' : String(host.node.ready)) : null
  return (
    <>
      <tr data-testid="node-row" data-host={host.id}>
        <td className="mono">{host.name}</td>
        <td>{host.node ? host.node.roles.join(', ') || t('hosts.kind.node') : t(`hosts.kind.${host.kind}`)}</td>
        <td>{ready && <span className={`chip ${ready === 'true' ? 'chip-ok' : ready === 'false' ? 'chip-error' : 'chip-info'}`}>{t(`hosts.ready.${ready}`)}</span>}</td>
        <td className="mono">{host.node?.internalIP ?? ''}</td>
        <td>
          {host.error ? (
            <ErrorMessage error={host.error} />
          ) : (
            <Tooltip content={`ssh ${targetArgs(host.target)}`} focusable>
              <span className="mono" data-testid="node-target">
                {targetText(host)}
              </span>
            </Tooltip>
          )}
          {host.resolved?.proxyJump && <span className="muted small"> {t('hosts.via', { jump: host.resolved.proxyJump })}</span>}
          <div className="muted small" data-testid="node-target-origin" data-origin={host.origin}>
            {t(`hosts.origin.${host.origin}`)}
          </div>
        </td>
        <td>
          <div className="hosts-actions">
            {hostActions.map((Action, i) => (
              <Action key={i} host={host} context={context} />
            ))}
            <button onClick={() => void testHost(host)} disabled={test === 'pending'} data-testid="node-test">
              {test === 'pending' ? t('hosts.testing') : t('hosts.test')}
            </button>
            <button onClick={() => openDialog({ kind: 'edit', host })} data-testid="node-edit">
              {t('hosts.edit')}
            </button>
            {host.kind === 'added' && (
              <button className="danger-outline" onClick={() => openDialog({ kind: 'remove', host })}>
                {t('hosts.remove')}
              </button>
            )}
          </div>
        </td>
      </tr>
      {test && test !== 'pending' && (
        <tr className="hosts-test-row">
          <td colSpan={6}>
            <TestResult host={host} report={test} />
          </td>
        </tr>
      )}
    </>
  )
}

function TestResult({ host, report }: { host: InventoryHost; report: SshConnectionReport }) {
  const { t } = useTranslation()
  const openDialog = useAppStore((s) => s.openHostDialog)
  if (report.ok) {
    return (
      <div className="hosts-test ok" data-testid="node-test-result" data-ok="true">
        <strong>{t('hosts.testOk', { user: report.user, method: report.authMethod, ms: report.latencyMs })}</strong>
        <span className="muted small">{t('hosts.route', { route: report.route.join(' → ') })}</span>
        <span className="muted small mono">{t('hosts.hostKey', { fingerprint: report.hostKeyFingerprint })}</span>
        {report.serverVersion && <span className="muted small">{t('hosts.server', { version: report.serverVersion })}</span>}
      </div>
    )
  }
  const error = report.error!
  const warning = typeof error.data?.warning === 'string' ? error.data.warning : null
  return (
    <div className="hosts-test failed" data-testid="node-test-result" data-ok="false" data-code={error.code}>
      <ErrorMessage error={error} />
      {warning && <pre className="hosts-warning">{warning}</pre>}
      {error.code === 'ssh.host-key-changed' && (
        <button onClick={() => openDialog({ kind: 'forget-key', error, host })} data-testid="node-forget-key">
          {t('hosts.forgetKey')}
        </button>
      )}
    </div>
  )
}
