import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../../store'
import { checkContextName, nameElsewhere } from '../validation'
import { FormDialog } from './FormDialog'
import { TextField } from './TextField'
import { useAction } from './use-action'

/**
 * Renames a context in its file. The name is checked while it is typed (empty, spaces, a
 * clash in the same file), the button stays off until it is valid, and each problem is said
 * once, under the field. A name another file defines is allowed, as in kubectl, but the dialog
 * says which of the two kubectl would then ignore.
 */
export function RenameDialog({ context, onClose }: { context: ContextRef; onClose(): void }) {
  const { t } = useTranslation()
  const contexts = useAppStore((s) => s.kube?.contexts ?? [])
  const sources = useAppStore((s) => s.kube?.sources ?? [])
  const rename = useAppStore((s) => s.renameContext)
  const [name, setName] = useState(context.name)
  const { busy, error, setError, run } = useAction()
  const problem = checkContextName(name, context, contexts)
  const elsewhere = !problem ? nameElsewhere(name, context, contexts) : null
  // Merge order decides: the file earlier in KUBECONFIG wins, the other context is shadowed.
  const order = (file: string) => sources.findIndex((x) => x.path === file)
  const thisShadowed = elsewhere !== null && order(elsewhere) >= 0 && order(elsewhere) < order(context.file)
  const note =
    problem && problem.code !== 'unchanged'
      ? problem.code === 'exists-in-file'
        ? t('contexts.errors.existsInFile', { name, file: context.file })
        : problem.code === 'whitespace'
          ? t('contexts.errors.whitespace')
          : t('contexts.errors.empty')
      : null

  const submit = () =>
    run(async () => {
      if (problem) return
      await rename(context, name)
      onClose()
    })

  return (
    <FormDialog
      title={t('contexts.rename.title')}
      testId="rename-dialog"
      submitLabel={t('contexts.rename.apply')}
      busy={busy}
      error={error}
      submitDisabled={!!problem}
      onSubmit={submit}
      onClose={onClose}
    >
      <p className="muted mono small">{t('contexts.rename.where', { file: context.file })}</p>
      <TextField
        autoFocus
        label={t('contexts.rename.label')}
        testId="rename-input"
        value={name}
        invalid={!!note}
        onFocus={(e) => e.currentTarget.select()}
        onValue={(v) => {
          setName(v)
          setError(null)
        }}
      />
      {note && (
        <p className="field-note error" role="alert" data-testid="rename-problem">
          {note}
        </p>
      )}
      {elsewhere && (
        <p className="field-note warning" data-testid="rename-shadow">
          {thisShadowed ? t('contexts.rename.becomesShadowed', { file: elsewhere }) : t('contexts.rename.shadowsOther', { file: elsewhere })}
        </p>
      )}
    </FormDialog>
  )
}
