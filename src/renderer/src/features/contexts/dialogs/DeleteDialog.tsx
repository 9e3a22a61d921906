import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../../store'
import { sameContext } from '../context-rows'
import { FormDialog } from './FormDialog'
import { useAction } from './use-action'

export function DeleteDialog({ context, onClose }: { context: ContextRef; onClose(): void }) {
  const { t } = useTranslation()
  const isActive = useAppStore((s) => sameContext(s.kube?.active, context))
  const deleteContext = useAppStore((s) => s.deleteContext)
  const { busy, error, run } = useAction()
  return (
    <FormDialog
      title={t('contexts.delete.title')}
      testId="delete-dialog"
      submitLabel={t('contexts.delete.apply')}
      danger
      busy={busy}
      error={error}
      onSubmit={() =>
        run(async () => {
          await deleteContext(context)
          onClose()
        })
      }
      onClose={onClose}
    >
      <p>{t('contexts.delete.confirm', { name: context.name, file: context.file })}</p>
      <p className="muted small">{t('contexts.delete.keeps')}</p>
      {isActive && <p className="field-note warning">{t('contexts.delete.active')}</p>}
    </FormDialog>
  )
}
