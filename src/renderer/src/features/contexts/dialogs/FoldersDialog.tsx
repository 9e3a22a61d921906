import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Dialog, ErrorMessage } from '../../../components'
import { useAppStore } from '../../../store'
import { typedPathProblem } from './typed-path'
import { TextField } from './TextField'
import { useAction } from './use-action'

/** Folders whose every file is a kubeconfig source of its own (watched; kubectl does not know them). */
export function FoldersDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation()
  const folders = useAppStore((s) => s.kube?.folders ?? [])
  const addFolder = useAppStore((s) => s.addKubeconfigFolder)
  const removeFolder = useAppStore((s) => s.removeKubeconfigFolder)
  const [path, setPath] = useState('')
  const { busy, error, setError, run } = useAction()

  const add = () =>
    run(async () => {
      const folder = path.trim()
      const problem = typedPathProblem(t, folder, t('contexts.folders.label'))
      if (problem) return setError(problem)
      await addFolder(folder)
      setPath('')
    })

  return (
    <Dialog
      title={t('contexts.folders.title')}
      onClose={onClose}
      testId="folders-dialog"
      wide
      footer={
        <button type="button" onClick={onClose}>
          {t('app.close')}
        </button>
      }
    >
      <p className="muted small">{t('contexts.folders.explain')}</p>
      {folders.length === 0 ? (
        <p className="muted">{t('contexts.folders.none')}</p>
      ) : (
        <ul className="folder-list">
          {folders.map((f) => (
            <li key={f}>
              <span className="mono">{f}</span>
              <button type="button" disabled={busy} onClick={() => run(() => removeFolder(f))} aria-label={t('contexts.folders.remove', { folder: f })}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault()
          void add()
        }}
      >
        <TextField
          grow
          label={t('contexts.folders.label')}
          testId="folder-path"
          value={path}
          invalid={!!error}
          onValue={(v) => {
            setPath(v)
            setError(null)
          }}
        />
        <button type="submit" className="primary" disabled={busy || !path.trim()}>
          {t('contexts.folders.add')}
        </button>
      </form>
      {error && <ErrorMessage error={error} />}
    </Dialog>
  )
}
