import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../../store'
import { sameContext } from '../context-rows'
import { namespaceNames, useNamespaces } from '../use-namespaces'
import { checkNamespace } from '../validation'
import { FormDialog } from './FormDialog'
import { TextField } from './TextField'
import { useAction } from './use-action'

export function NamespaceDialog({ context, onClose }: { context: ContextRef; onClose(): void }) {
  const { t } = useTranslation()
  const entry = useAppStore((s) => s.kube?.contexts.find((c) => sameContext(c, context)))
  const setNamespace = useAppStore((s) => s.setContextNamespace)
  const [value, setValue] = useState(entry?.namespace ?? '')
  // Suggestions from the cluster when it answers; the field never waits for them.
  const suggestions = namespaceNames(useNamespaces(context))
  const listId = useId()
  const { busy, error, setError, run } = useAction()

  const submit = () =>
    run(async () => {
      const namespace = value.trim()
      const problem = checkNamespace(namespace)
      if (problem) {
        const message =
          problem.code === 'too-long'
            ? t('contexts.errors.namespaceTooLong', { namespace, max: problem.max })
            : t('contexts.errors.namespaceInvalid', { namespace })
        setError({ code: 'input.namespace', message, file: context.file, issues: [{ path: t('contexts.namespace.label'), message }] })
        return
      }
      await setNamespace(context, namespace)
      onClose()
    })

  return (
    <FormDialog
      title={t('contexts.namespace.title')}
      testId="namespace-dialog"
      submitLabel={t('contexts.namespace.apply')}
      busy={busy}
      error={error}
      onSubmit={submit}
      onClose={onClose}
    >
      <p className="muted mono small">
        {context.name} · {context.file}
      </p>
      <TextField
        autoFocus
        label={t('contexts.namespace.label')}
        testId="namespace-dialog-input"
        list={listId}
        value={value}
        invalid={!!error}
        onValue={(v) => {
          setValue(v)
          setError(null)
        }}
      >
        <datalist id={listId}>
          {suggestions.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </TextField>
    </FormDialog>
  )
}
