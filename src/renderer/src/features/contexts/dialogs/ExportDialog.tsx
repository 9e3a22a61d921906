import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../../store'
import { FormDialog } from './FormDialog'
import { typedPathProblem } from './typed-path'
import { TextField } from './TextField'
import { useAction } from './use-action'

/** Next to the file that defines the context, named after it: a path the user can just accept. */
function suggestedExportPath(context: ContextRef): string {
  const sep = context.file.includes('\\') && !context.file.includes('/') ? '\\' : '/'
  const dir = context.file.slice(0, Math.max(0, context.file.lastIndexOf(sep)))
  const safe = context.name.replace(/[^\w.@-]+/g, '_')
  return `${dir}${sep}${safe}.kubeconfig`
}

export function ExportDialog({ context, onClose }: { context: ContextRef; onClose(): void }) {
  const { t } = useTranslation()
  const notify = useAppStore((s) => s.notify)
  const exportContext = useAppStore((s) => s.exportContext)
  const [path, setPath] = useState(() => suggestedExportPath(context))
  const { busy, error, setError, run } = useAction()
  const submit = () =>
    run(async () => {
      const target = path.trim()
      const problem = typedPathProblem(t, target, t('contexts.export.label'))
      if (problem) return setError(problem)
      const written = await exportContext(context, target)
      notify({ kind: 'info', text: t('contexts.export.done', { path: written }) })
      onClose()
    })
  return (
    <FormDialog title={t('contexts.export.title')} testId="export-dialog" submitLabel={t('contexts.export.apply')} busy={busy} error={error} onSubmit={submit} onClose={onClose}>
      <p className="muted">{t('contexts.export.explain', { name: context.name })}</p>
      <TextField
        autoFocus
        label={t('contexts.export.label')}
        testId="export-path"
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
