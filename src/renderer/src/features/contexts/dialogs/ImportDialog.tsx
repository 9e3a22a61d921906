import { useState } from 'react'
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
export function ImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation()
  const api = useApi()
  const notify = useAppStore((s) => s.notify)
  const applyImport = useAppStore((s) => s.applyImport)
  const [path, setPath] = useState('')
  const [plan, setPlan] = useState<ImportPlan | null>(null)
  const { busy, error, setError, run } = useAction()

  const preview = () =>
    run(async () => {
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
      <FormDialog title={t('contexts.import.title')} testId="import-dialog" submitLabel={t('contexts.import.preview')} busy={busy} error={error} onSubmit={preview} onClose={onClose}>
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
      <p className="mono small">{plan.source}</p>
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
