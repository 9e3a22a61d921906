import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import { etcdKey } from './etcd-slice'
import { formatBytes, shortSha } from './format'

/**
 * The restore wizard: choose a snapshot, review what will be restored where (and what
 * pre-flight will refuse), then build the plan; the plan view takes it from there (confirm by
 * typing the context name, run, resume, roll back).
 */
export function RestoreTab({ context }: { context: ContextRef }) {
  const { t, i18n } = useTranslation()
  const state = useAppStore((s) => s.etcd[etcdKey(context)])
  const snapshots = useAppStore((s) => s.snapshots)
  const choice = useAppStore((s) => s.restoreChoice)
  const plan = useAppStore((s) => s.planEtcdRestore)
  const topology = state!.topology!
  const mine = snapshots.filter((s) => s.clusterKey === topology.clusterKey)
  const [picked, setPicked] = useState<string>(choice && mine.some((s) => s.id === choice) ? choice : (mine[0]?.id ?? ''))
  const [file, setFile] = useState('')
  const [useFile, setUseFile] = useState(mine.length === 0)
  const [token, setToken] = useState(topology.members[0]?.settings.initialClusterToken ?? 'etcd-cluster')
  const [bump, setBump] = useState(true)
  const blocking = topology.findings.filter((f) => f.blocksRestore)
  const ready = useFile ? file.startsWith('/') : Boolean(picked)

  return (
    <div className="etcd-restore" data-testid="etcd-restore-wizard">
      <section className="card" aria-labelledby="etcd-restore-1">
        <h2 id="etcd-restore-1">{t('etcd.restore.step1')}</h2>
        {mine.length === 0 && <p className="muted">{t('etcd.restore.noSnapshots')}</p>}
        <div role="radiogroup" aria-labelledby="etcd-restore-1" className="etcd-snapshot-choices">
          {mine.map((s) => (
            <label key={s.id} className="etcd-choice">
              <input
                type="radio"
                name="snapshot"
                data-testid="etcd-restore-snapshot"
                value={s.id}
                checked={!useFile && picked === s.id}
                onChange={() => {
                  setPicked(s.id)
                  setUseFile(false)
                }}
              />
              <span>
                <strong>{new Date(s.createdAt).toLocaleString(i18n.language)}</strong> · {s.member} · {t('etcd.restore.revision', { revision: s.status.revision.toLocaleString(i18n.language) })} ·{' '}
                {formatBytes(s.bytes, i18n.language)} · <span className="mono small">{shortSha(s.sha256)}</span>
                {s.verified && !s.verified.ok && <span className="chip chip-error"> {t('etcd.catalog.bad')}</span>}
              </span>
            </label>
          ))}
          <label className="etcd-choice">
            <input type="radio" name="snapshot" checked={useFile} onChange={() => setUseFile(true)} />
            <span>{t('etcd.restore.fromFile')}</span>
          </label>
          {useFile && (
            <input
              className="mono"
              data-testid="etcd-restore-file"
              aria-label={t('etcd.restore.fromFile')}
              placeholder="/path/to/snapshot.db"
              value={file}
              onChange={(e) => setFile(e.target.value)}
            />
          )}
        </div>
      </section>

      <section className="card" aria-labelledby="etcd-restore-2">
        <h2 id="etcd-restore-2">{t('etcd.restore.step2')}</h2>
        <p>{t(`etcd.restore.what.${topology.layout}`, { count: topology.members.length })}</p>
        <table className="data-table compact">
          <thead>
            <tr>
              <th>{t('etcd.topology.host')}</th>
              <th>--name</th>
              <th>--initial-advertise-peer-urls</th>
              <th>{t('etcd.topology.dataDir')}</th>
              <th>{t('etcd.restore.tool')}</th>
            </tr>
          </thead>
          <tbody>
            {topology.members.map((m) => {
              const h = topology.hosts.find((x) => x.id === m.host)
              const tool = h?.tools.etcdutl ? `etcdutl ${h.tools.etcdutl.version}` : h?.tools.etcdctl ? `etcdctl ${h.tools.etcdctl.version}` : '—'
              return (
                <tr key={m.host}>
                  <td>{m.host}</td>
                  <td className="mono">{m.settings.name}</td>
                  <td className="mono small">{m.settings.initialAdvertisePeerUrls.join(',')}</td>
                  <td className="mono small">{m.hostDataDir}</td>
                  <td>{tool}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
        <p className="small">
          {t('etcd.restore.apiservers', { hosts: topology.apiservers.map((a) => a.host).join(', ') || '—' })}
          {topology.components.length > 0 && ` ${t('etcd.restore.controllers', { hosts: [...new Set(topology.components.map((c) => c.host))].join(', ') })}`}
        </p>
        {blocking.length > 0 && (
          <div className="etcd-blocking" role="alert" data-testid="etcd-restore-blocking">
            <strong>{t('etcd.restore.willRefuse')}</strong>
            <ul>
              {blocking.map((f) => (
                <li key={f.code + f.title}>
                  {f.title} — {Object.entries(f.values).map(([k, v]) => `${k}: ${v}`).join('; ')}
                </li>
              ))}
            </ul>
          </div>
        )}
        <div className="etcd-form">
          <label className="field">
            <span>--initial-cluster-token</span>
            <input className="mono" value={token} onChange={(e) => setToken(e.target.value)} />
          </label>
          <label className="etcd-check">
            <input type="checkbox" checked={bump} onChange={(e) => setBump(e.target.checked)} />
            <span>{t('etcd.restore.bump')}</span>
          </label>
        </div>
      </section>

      <section className="card" aria-labelledby="etcd-restore-3">
        <h2 id="etcd-restore-3">{t('etcd.restore.step3')}</h2>
        <p className="small muted">{t('etcd.restore.planExplain')}</p>
        {state?.planError && <ErrorMessage error={state.planError} />}
        <button
          className="primary"
          data-testid="etcd-restore-plan"
          disabled={!ready || state?.planning}
          onClick={() =>
            void plan(context, {
              ...(useFile ? { snapshotFile: file } : { snapshotId: picked }),
              initialClusterToken: token || undefined,
              bumpRevision: bump ? undefined : 0
            })
          }
        >
          {state?.planning ? t('etcd.restore.planning') : t('etcd.restore.buildPlan')}
        </button>
      </section>
    </div>
  )
}
