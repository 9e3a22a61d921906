import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ImportPlan } from '@shared/model/kubeconfig'
import { useApi, useAppStore } from '../../../store'
import { FormDialog } from './FormDialog'
import { typedPathProblem } from './typed-path'
import { TextField } from './TextField'
import { useAction } from './use-action'

/**
 * Two steps, as the plan/confirm rule asks: Preview asks main what the import would do (target
 * file, names added, names renamed to avoid clashes); Import applies exactly that plan, and main
 * refuses it if the source or target changed since the preview.
 */
export function ImportDialog({ onClose, given }: { onClose(): void; given?: { text: string; name: string } }) {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useAppStore((s) => s.notify)
  const applyImport = useAppStore((s) => s.applyImport)
  const [path, setPath] = useState('')
  const [plan, setPlan] = useState<ImportPlan | null>(null)
  // A kubeconfig's text from a picked, dropped or pasted source (the window may not be able to name a path).
  const [text, setText] = useState<{ text: string; name: string } | null>(given ?? null)
  const [pasting, setPasting] = useState(false)
  const picker = useRef<HTMLInputElement>(null)
  const { busy, error, setError, run } = useAction()

  const previewText = (t2: { text: string; name: string }) => run(async () => setPlan(await api.call('kubeconfig.importPreviewText', t2)))
  useEffect(() => {
    if (given) void previewText(given)
    // Once: a dropped file is previewed as the dialog opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [])
  const fromFile = async (file: File | undefined) => {
    if (!file) return
    const chosen = { text: await file.text(), name: file.name }
    setText(chosen)
    void previewText(chosen)
  }

  const preview = () =>
    run(async () => {
      if (text) return setPlan(await api.call('kubeconfig.importPreviewText', text))
      const source = path.trim()
      const problem = typedPathProblem(t, source, t('contexts.import.label'))
      if (problem) return setError(problem)
      setPlan(await api.call('kubeconfig.importPreview', { path: source }))
    })
  const apply = () =>
    run(async () => {
      await applyImport(plan!)
      notify({ kind: 'info', text: t('contexts.import.done', { count: plan!.contexts.length, target: plan!.target }) })
      onClose()
    })

  if (!plan) {
    return (
      <FormDialog
        title={t('contexts.import.title')}
        testId="import-dialog"
        submitLabel={t('contexts.import.preview')}
        busy={busy}
        error={error}
        onSubmit={preview}
        onClose={onClose}
      >
        <div
          className="import-drop"
          data-testid="import-drop"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault()
            void fromFile(e.dataTransfer.files[0])
          }}
        >
          {text ? (
            <p data-testid="import-chosen">
              {t('contexts.import.chosen', { name: text.name })}{' '}
              <button type="button" className="small" onClick={() => (setText(null), setError(null))}>
                {t('contexts.import.clear')}
              </button>
            </p>
          ) : pasting ? (
            <label className="field">
              <span>{t('contexts.import.pasteLabel')}</span>
              <textarea
                autoFocus
                rows={10}
                className="mono"
                data-testid="import-text"
                spellCheck={false}
                onChange={() => setError(null)}
                onBlur={(e) => e.target.value.trim() && setText({ text: e.target.value, name: t('contexts.import.pasted') })}
              />
            </label>
          ) : (
            <>
              <TextField
                autoFocus
                label={t('contexts.import.label')}
                testId="import-path"
                placeholder="~/Downloads/admin.conf"
                value={path}
                invalid={!!error}
                onValue={(v) => {
                  setPath(v)
                  setError(null)
                }}
              />
              <p className="small muted">
                {t('contexts.import.or')}{' '}
                <button type="button" className="small" data-testid="import-pick" onClick={() => picker.current?.click()}>
                  {t('contexts.import.pick')}
                </button>{' '}
                <button type="button" className="small" data-testid="import-paste" onClick={() => setPasting(true)}>
                  {t('contexts.import.paste')}
                </button>{' '}
                {t('contexts.import.drop')}
              </p>
              <input ref={picker} type="file" hidden data-testid="import-file" onChange={(e) => void fromFile(e.target.files?.[0])} />
            </>
          )}
        </div>
      </FormDialog>
    )
  }
  return (
    <FormDialog
      title={t('contexts.import.title')}
      testId="import-dialog"
      submitLabel={t('contexts.import.apply')}
      busy={busy}
      error={error}
      wide
      onSubmit={apply}
      onClose={onClose}
      extraButtons={
        <button type="button" onClick={() => setPlan(null)}>
          {t('contexts.import.back')}
        </button>
      }
    >
      <p className="mono small">{text ? text.name : plan.source}</p>
      <p>
        <strong className="mono">{t('contexts.import.target', { target: plan.target })}</strong>
      </p>
      <p>
        {t('contexts.import.adds')}: {t('contexts.import.contexts', { count: plan.contexts.length })} · {t('contexts.import.clusters', { count: plan.clusters.length })} ·{' '}
        {t('contexts.import.users', { count: plan.users.length })}
      </p>
      <div className="plan-names">
        <span className="muted">{t('contexts.import.names')}:</span>{' '}
        {plan.contexts.map((c) => (
          <code key={c}>{c}</code>
        ))}
      </div>
      {plan.renames.length === 0 ? (
        <p className="muted">{t('contexts.import.noRenames')}</p>
      ) : (
        <>
          <p className="field-note warning">{t('contexts.import.renames')}</p>
          <table className="plan-renames" data-testid="import-renames">
            <tbody>
              {plan.renames.map((r) => (
                <tr key={`${r.kind}:${r.from}`}>
                  <td className="muted">{t(`contexts.import.kind.${r.kind}`)}</td>
                  <td className="mono">{r.from}</td>
                  <td aria-hidden>→</td>
                  <td className="mono">{r.to}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </FormDialog>
  )
}
