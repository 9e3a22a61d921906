import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../../store'
import { checkContextName, nameElsewhere } from '../validation'
import { FormDialog } from './FormDialog'
import { TextField } from './TextField'
import { useAction } from './use-action'

export function RenameDialog({ context, onClose }: { context: ContextRef; onClose(): void }) {
  const { t } = useTranslation()
  const contexts = useAppStore((s) => s.kube?.contexts ?? [])
  const rename = useAppStore((s) => s.renameContext)
  const [name, setName] = useState(context.name)
  const { busy, error, setError, run } = useAction()
  const elsewhere = name && name !== context.name ? nameElsewhere(name, context, contexts) : null

  const submit = () =>
    run(async () => {
      const problem = checkContextName(name, context, contexts)
      if (problem) {
        const message =
          problem.code === 'exists-in-file'
            ? t('contexts.errors.existsInFile', { name })
            : problem.code === 'whitespace'
              ? t('contexts.errors.whitespace')
              : problem.code === 'unchanged'
                ? t('contexts.errors.unchanged')
                : t('contexts.errors.empty')
        setError({ code: `input.${problem.code}`, message, file: context.file, issues: [{ path: t('contexts.rename.label'), message }] })
        return
      }
      await rename(context, name)
      onClose()
    })

  return (
    <FormDialog title={t('contexts.rename.title')} testId="rename-dialog" submitLabel={t('contexts.rename.apply')} busy={busy} error={error} onSubmit={submit} onClose={onClose}>
      <p className="muted mono small">{t('contexts.rename.where', { file: context.file })}</p>
      <TextField
        autoFocus
        label={t('contexts.rename.label')}
        testId="rename-input"
        value={name}
        invalid={!!error}
        onFocus={(e) => e.currentTarget.select()}
        onValue={(v) => {
          setName(v)
          setError(null)
        }}
      />
      {elsewhere && <p className="field-note warning">{t('contexts.rename.elsewhere', { file: elsewhere })}</p>}
    </FormDialog>
  )
}
