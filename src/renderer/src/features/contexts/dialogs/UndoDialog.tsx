import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { FileVersion, Redoable, VersionDiff } from '@shared/model/kubeconfig'
import { errorInfoOf } from '../../../api'
import { ErrorMessage } from '../../../components'
import { useApi, useAppStore } from '../../../store'
import { FormDialog } from './FormDialog'
import { useAction } from './use-action'

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/**
 * The saved versions of one kubeconfig file. The newest is what Undo puts back; any other can be
 * restored instead (main saves the current content first, so a restore can be undone too).
 */
export function UndoDialog({ file, onClose }: { file?: string; onClose(): void }) {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const sources = useAppStore((s) => s.kube?.sources ?? [])
  const active = useAppStore((s) => s.kube?.active ?? null)
  const notify = useAppStore((s) => s.notify)
  const undoFile = useAppStore((s) => s.undoFile)
  const restoreFileVersion = useAppStore((s) => s.restoreFileVersion)
  const redoFile = useAppStore((s) => s.redoFile)
  const files = sources.filter((s) => s.exists).map((s) => s.path)
  // Without a file named, Undo is about the most recent change, whichever file it was in.
  const [chosen, setChosen] = useState(file ?? '')
  const [versions, setVersions] = useState<FileVersion[] | null>(null)
  const [selected, setSelected] = useState<string | null>(null)
  const [historyError, setHistoryError] = useState<ReturnType<typeof errorInfoOf> | null>(null)
  const [redo, setRedo] = useState<Redoable | null>(null)
  const [diff, setDiff] = useState<VersionDiff | null>(null)
  const { busy, error, run } = useAction()

  useEffect(() => {
    if (file || chosen) return
    let live = true
    void Promise.all(files.map((f) => api.call('kubeconfig.history', { file: f }).catch(() => [] as FileVersion[]))).then((all) => {
      if (!live) return
      const newest = all
        .map((v, i) => ({ file: files[i], at: v[0]?.savedAt ?? '' }))
        .filter((x) => x.at)
        .sort((a, b) => b.at.localeCompare(a.at))[0]
      // A file the person picked meanwhile stays picked.
      setChosen((c) => c || (newest?.file ?? active?.file ?? files[0] ?? ''))
    })
    return () => {
      live = false
    }
    // Once, when the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])

  useEffect(() => {
    if (!chosen) return
    let live = true
    setVersions(null)
    setSelected(null)
    setHistoryError(null)
    setRedo(null)
    api.call('kubeconfig.history', { file: chosen }).then(
      (v) => {
        if (!live) return
        setVersions(v)
        setSelected(v[0]?.id ?? null)
      },
      (e: unknown) => live && setHistoryError(errorInfoOf(e))
    )
    api.call('kubeconfig.redoable', { file: chosen }).then(
      (r) => live && setRedo(r),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [api, chosen])

  // What the chosen version would change, shown as a diff (secrets only as fingerprints).
  useEffect(() => {
    if (!chosen || !selected) return setDiff(null)
    let live = true
    api.call('kubeconfig.versionDiff', { file: chosen, id: selected }).then(
      (d) => live && setDiff(d),
      () => live && setDiff(null)
    )
    return () => {
      live = false
    }
  }, [api, chosen, selected])

  const when = (iso: string) => new Date(iso).toLocaleString(i18n.language)

  const undoes = !!versions && versions.length > 0 && selected === versions[0].id
  const redoNow = () =>
    run(async () => {
      const reason = await redoFile(chosen)
      notify({ kind: 'info', message: { key: 'app.redone', params: { file: chosen, reason } }, undoFile: chosen })
      onClose()
    })
  const submit = () =>
    run(async () => {
      const restored = undoes ? await undoFile(chosen) : await restoreFileVersion(chosen, selected!)
      // An undo can be undone from its notice; a restore is a write, undone from the dialog.
      notify({ kind: 'info', text: t('contexts.undo.done', { file: restored.file, savedAt: when(restored.savedAt) }), ...(undoes ? { redoFile: chosen } : {}) })
      onClose()
    })

  return (
    <FormDialog
      title={t('contexts.undo.title')}
      testId="undo-dialog"
      submitLabel={undoes ? t('contexts.undo.apply') : t('contexts.undo.restore')}
      busy={busy}
      error={error}
      wide
      submitDisabled={!versions || !selected}
      onSubmit={submit}
      onClose={onClose}
    >
      <label className="field">
        <span>{t('contexts.undo.file')}</span>
        <select value={chosen} onChange={(e) => setChosen(e.target.value)} className="mono" data-testid="undo-file">
          {!files.includes(chosen) && chosen && <option value={chosen}>{chosen}</option>}
          {files.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <p className="muted small">{t('contexts.undo.explain')}</p>
      {versions && versions.length > 0 && undoes && (
        <p data-testid="undo-target">{t('contexts.undo.target', { file: chosen, reason: versions[0].reason, savedAt: when(versions[0].savedAt) })}</p>
      )}
      {redo && (
        <p className="undo-redo" data-testid="undo-redo">
          {t('contexts.undo.redoable', { reason: redo.reason, undoneAt: when(redo.undoneAt) })}{' '}
          <button type="button" className="small" data-testid="undo-redo-button" disabled={busy} onClick={() => void redoNow()}>
            {t('contexts.undo.redo')}
          </button>
        </p>
      )}
      {historyError && <ErrorMessage error={historyError} />}
      {versions && versions.length === 0 && <p className="muted">{t('contexts.undo.none')}</p>}
      {versions && versions.length > 0 && (
        <div className="versions-scroll">
          <table className="versions" data-testid="undo-versions">
            <thead>
              <tr>
                <th>
                  <span className="visually-hidden">{t('contexts.undo.choose')}</span>
                </th>
                <th>{t('contexts.undo.savedAt')}</th>
                <th>{t('contexts.undo.reason')}</th>
                <th className="num">{t('contexts.undo.size')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} className={v.id === selected ? 'restores' : ''} data-testid="undo-version" data-id={v.id} onClick={() => setSelected(v.id)}>
                  <td>
                    <input
                      type="radio"
                      name="undo-version"
                      checked={v.id === selected}
                      onChange={() => setSelected(v.id)}
                      aria-label={t('contexts.undo.pick', { savedAt: when(v.savedAt), reason: v.reason })}
                    />
                  </td>
                  <td>{when(v.savedAt)}</td>
                  <td className="mono">{v.reason}</td>
                  <td className="num">{formatSize(v.size)}</td>
                  <td>{v.id === selected && <span className="chip chip-accent">{t('contexts.undo.restores')}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {diff && <VersionDiffView diff={diff} />}
    </FormDialog>
  )
}

/** The file now → the chosen version: what a restore changes, lines removed and added. */
function VersionDiffView({ diff }: { diff: VersionDiff }) {
  const { t } = useTranslation()
  return (
    <section className="version-diff" data-testid="undo-diff" aria-label={t('contexts.undo.diffTitle')}>
      <h4>{t('contexts.undo.diffTitle')}</h4>
      {diff.hunks.length === 0 ? (
        <p className="muted small">{t('contexts.undo.diffSame')}</p>
      ) : (
        <pre className="diff mono">
          {diff.hunks.map((h) => (
            <span key={`${h.oldStart}-${h.newStart}`} className="diff-hunk">
              <span className="diff-at">{t('contexts.undo.diffAt', { line: h.oldStart })}</span>
              {'\n'}
              {h.lines.map((l, i) => (
                <span key={i} className={l[0] === '+' ? 'diff-add' : l[0] === '-' ? 'diff-del' : 'diff-same'}>
                  {l}
                  {'\n'}
                </span>
              ))}
            </span>
          ))}
        </pre>
      )}
      {diff.omitted > 0 && <p className="muted small">{t('contexts.undo.diffOmitted', { count: diff.omitted })}</p>}
    </section>
  )
}
