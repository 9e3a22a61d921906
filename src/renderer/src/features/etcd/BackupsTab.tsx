import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { SnapshotEntry } from '@shared/model/etcd'
import { Dialog, ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import { etcdKey } from './etcd-slice'
import { formatBytes, shortSha } from './format'

const PHASES = ['choose', 'save', 'download', 'verify', 'catalog', 'done'] as const

/** The backup wizard (needs a discovered cluster) and the catalog (local: shown always). */
export function BackupsTab({ context, discovered }: { context: ContextRef; discovered: boolean }) {
  return (
    <div className="etcd-backups">
      {discovered && <BackupWizard context={context} />}
      <SnapshotCatalog context={context} />
    </div>
  )
}

function BackupWizard({ context }: { context: ContextRef }) {
  const { t, i18n } = useTranslation()
  const state = useAppStore((s) => s.etcd[etcdKey(context)])
  const start = useAppStore((s) => s.startEtcdBackup)
  const [member, setMember] = useState('')
  const [keep, setKeep] = useState(10)
  const backup = state?.backup
  const members = state?.topology?.members ?? []
  const last = backup?.progress.at(-1)
  const download = [...(backup?.progress ?? [])].reverse().find((p) => p.phase === 'download' && p.total)
  const reached = new Set(backup?.progress.map((p) => p.phase))
  return (
    <section className="card" aria-labelledby="etcd-backup-title" data-testid="etcd-backup-wizard">
      <header className="card-head">
        <h2 id="etcd-backup-title">{t('etcd.backup.title')}</h2>
      </header>
      <p className="small muted">{t('etcd.backup.explain')}</p>
      <div className="etcd-form">
        <label className="field">
          <span>{t('etcd.backup.member')}</span>
          <select data-testid="etcd-backup-member" value={member} onChange={(e) => setMember(e.target.value)} disabled={backup?.running}>
            <option value="">{t('etcd.backup.auto')}</option>
            {members.map((m) => (
              <option key={m.settings.name} value={m.settings.name}>
                {m.settings.name} ({m.host})
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('etcd.backup.keep')}</span>
          <span className="etcd-keep">
            <input type="number" min={1} max={1000} value={keep} onChange={(e) => setKeep(Math.max(1, Number(e.target.value) || 1))} disabled={backup?.running} />{' '}
            {t('etcd.backup.keepUnit', { count: keep })}
          </span>
        </label>
        <button
          className="primary"
          data-testid="etcd-backup-start"
          disabled={backup?.running || members.length === 0}
          onClick={() => void start(context, { member: member || undefined, keep })}
        >
          {backup?.running ? t('etcd.backup.running') : t('etcd.backup.start')}
        </button>
      </div>
      {members.length === 1 && !member && (
        <p className="small muted" data-testid="etcd-backup-single">
          {t('etcd.backup.single', { member: members[0].settings.name })}
        </p>
      )}
      {backup && (
        <div className="etcd-backup-progress" data-testid="etcd-backup-progress" data-running={backup.running}>
          <ol className="etcd-phases">
            {PHASES.map((p) => (
              <li key={p} className={reached.has(p) ? (last?.phase === p && backup.running ? 'current' : 'done') : ''}>
                {t(`etcd.backup.phase.${p}`)}
              </li>
            ))}
          </ol>
          {download?.total && backup.running && <progress max={download.total} value={download.bytes ?? 0} aria-label={t('etcd.backup.phase.download')} />}
          {last && backup.running && <p className="small mono">{last.message}</p>}
          {backup.error && <ErrorMessage error={backup.error} />}
          {backup.result && (
            <dl className="etcd-values" data-testid="etcd-backup-result">
              <div>
                <dt>{t('etcd.backup.file')}</dt>
                <dd className="mono" data-testid="etcd-backup-file">
                  {backup.result.snapshot.file}
                </dd>
              </div>
              <div>
                <dt>{t('etcd.backup.from')}</dt>
                <dd>
                  {backup.result.snapshot.member} ({backup.result.snapshot.host}), etcd {backup.result.snapshot.etcdVersion}
                </dd>
              </div>
              <div>
                <dt>{t('etcd.backup.status')}</dt>
                <dd>
                  {t('etcd.backup.statusLine', {
                    revision: backup.result.snapshot.status.revision.toLocaleString(i18n.language),
                    keys: backup.result.snapshot.status.totalKey.toLocaleString(i18n.language),
                    size: formatBytes(backup.result.snapshot.bytes, i18n.language),
                    hash: backup.result.snapshot.status.hash
                  })}
                </dd>
              </div>
              <div>
                <dt>SHA-256</dt>
                <dd className="mono">{backup.result.snapshot.sha256}</dd>
              </div>
              <div>
                <dt>{t('etcd.backup.took')}</dt>
                <dd>
                  {t('etcd.backup.timings', {
                    total: (backup.result.timings.totalMs / 1000).toFixed(1),
                    save: (backup.result.timings.saveMs / 1000).toFixed(1),
                    download: (backup.result.timings.downloadMs / 1000).toFixed(1)
                  })}
                  {backup.result.pruned.length > 0 && ` · ${t('etcd.backup.pruned', { count: backup.result.pruned.length })}`}
                </dd>
              </div>
            </dl>
          )}
        </div>
      )}
    </section>
  )
}

function SnapshotCatalog({ context }: { context: ContextRef }) {
  const { t, i18n } = useTranslation()
  const clusterKey = useAppStore((s) => s.etcd[etcdKey(context)]?.topology?.clusterKey)
  const snapshots = useCatalog(context)
  const error = useAppStore((s) => s.snapshotsError)
  const verify = useAppStore((s) => s.verifySnapshot)
  const remove = useAppStore((s) => s.deleteSnapshot)
  const setTab = useAppStore((s) => s.setEtcdTab)
  const choose = useAppStore((s) => s.chooseRestoreSnapshot)
  const notify = useAppStore((s) => s.notify)
  const [deleting, setDeleting] = useState<SnapshotEntry | null>(null)
  const [pending, setPending] = useState<string | null>(null)
  // Before discovery the catalog is read by the context's name (the cluster key needs its server).
  const shown = snapshots.filter((s) => (clusterKey ? s.clusterKey === clusterKey : s.context === context.name))
  const copy = async (file: string) => {
    await navigator.clipboard.writeText(file).catch(() => undefined)
    notify({ kind: 'info', text: t('etcd.catalog.copied', { file }) })
  }
  return (
    <section className="card" aria-labelledby="etcd-catalog-title" data-testid="etcd-catalog">
      <header className="card-head">
        <h2 id="etcd-catalog-title">{t('etcd.catalog.title')}</h2>
        <span className="chip chip-info">{t('etcd.catalog.count', { count: shown.length })}</span>
      </header>
      {error && <ErrorMessage error={error} />}
      {shown.length === 0 ? (
        <p className="muted">{t('etcd.catalog.empty')}</p>
      ) : (
        <table className="data-table compact">
          <thead>
            <tr>
              <th>{t('etcd.catalog.taken')}</th>
              <th>{t('etcd.catalog.member')}</th>
              <th className="num">{t('etcd.catalog.revision')}</th>
              <th className="num">{t('etcd.catalog.keys')}</th>
              <th className="num">{t('etcd.catalog.size')}</th>
              <th>SHA-256</th>
              <th>{t('etcd.catalog.verified')}</th>
              <th>{t('etcd.catalog.file')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {shown.map((s) => (
              <tr key={s.id} data-testid="etcd-snapshot-row" data-id={s.id}>
                <td title={s.file}>{new Date(s.createdAt).toLocaleString(i18n.language)}</td>
                <td>
                  {s.member} <span className="small muted">etcd {s.etcdVersion}</span>
                </td>
                <td className="num">{s.status.revision.toLocaleString(i18n.language)}</td>
                <td className="num">{s.status.totalKey.toLocaleString(i18n.language)}</td>
                <td className="num">{formatBytes(s.bytes, i18n.language)}</td>
                <td className="mono small" title={s.sha256}>
                  {shortSha(s.sha256)}
                </td>
                <td>
                  {s.verified ? (
                    <span
                      className={`chip ${s.verified.ok ? 'chip-ok' : 'chip-error'}`}
                      title={s.verified.error ?? new Date(s.verified.at).toLocaleString(i18n.language)}
                      data-testid="etcd-snapshot-verified"
                      data-ok={s.verified.ok}
                    >
                      {s.verified.ok ? t('etcd.catalog.ok') : t('etcd.catalog.bad')}
                    </span>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="mono small etcd-file" data-testid="etcd-snapshot-file">
                  {s.file}
                </td>
                <td className="etcd-row-actions">
                  <button
                    data-testid="etcd-snapshot-verify"
                    disabled={pending === s.id}
                    onClick={async () => {
                      setPending(s.id)
                      await verify(s.id)
                      setPending(null)
                    }}
                  >
                    {t('etcd.catalog.verify')}
                  </button>
                  <button onClick={() => void copy(s.file)}>{t('etcd.catalog.copyPath')}</button>
                  <button
                    data-testid="etcd-snapshot-restore"
                    onClick={() => {
                      choose(s.id)
                      setTab('restore')
                    }}
                  >
                    {t('etcd.catalog.restore')}
                  </button>
                  <button className="danger-outline" onClick={() => setDeleting(s)}>
                    {t('etcd.catalog.delete')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {deleting && (
        <Dialog
          title={t('etcd.catalog.deleteTitle')}
          onClose={() => setDeleting(null)}
          footer={
            <>
              <button onClick={() => setDeleting(null)}>{t('app.cancel')}</button>
              <button
                className="danger"
                onClick={async () => {
                  await remove(deleting.id)
                  setDeleting(null)
                }}
              >
                {t('etcd.catalog.delete')}
              </button>
            </>
          }
        >
          <p>{t('etcd.catalog.deleteText', { file: deleting.file })}</p>
        </Dialog>
      )}
    </section>
  )
}

/** The snapshot catalog, read once when shown (it is local: no cluster needed). */
export function useCatalog(context: ContextRef): SnapshotEntry[] {
  const snapshots = useAppStore((s) => s.snapshots)
  const load = useAppStore((s) => s.loadSnapshots)
  const clusterKey = useAppStore((s) => s.etcd[etcdKey(context)]?.topology?.clusterKey)
  useEffect(() => {
    if (!clusterKey) void load()
  }, [clusterKey, load])
  return snapshots
}
