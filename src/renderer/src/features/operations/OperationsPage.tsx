import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { OperationSummary } from '@shared/model/operations'
import { word } from '@shared/plan-messages'
import { Dialog } from '../../components'
import { useAppStore } from '../../store'
import { OperationsList } from './OperationsList'
import { PlanView } from './PlanView'

/**
 * Every operation of every context in one place: what ran, when, how long and how it ended;
 * plans built and never run apart; each opens in the plan view (resume, roll back, remove what
 * it set aside); finished journals can be deleted.
 */
export function OperationsPage() {
  const { t, i18n } = useTranslation()
  const [open, setOpen] = useState<string | null>(null)
  const [deleting, setDeleting] = useState<OperationSummary | null>(null)
  const remove = useAppStore((s) => s.deleteOperation)
  const notifyError = useAppStore((s) => s.notifyError)
  const load = useAppStore((s) => s.loadOperations)
  return (
    <div className="ops-page" data-testid="operations-page">
      <header className="ops-header">
        <h1>{t('operations.history')}</h1>
        <span className="spacer" />
        {open && (
          <button data-testid="operations-back" onClick={() => (setOpen(null), void load().catch(notifyError))}>
            ← {t('operations.backToList')}
          </button>
        )}
      </header>
      {open ? (
        <PlanView id={open} onClosed={() => setOpen(null)} onOpen={setOpen} />
      ) : (
        <>
          <p className="muted small">{t('operations.pageHint')}</p>
          <OperationsList onOpen={setOpen} onDelete={setDeleting} />
        </>
      )}
      {deleting && (
        <Dialog
          title={t('operations.deleteTitle')}
          onClose={() => setDeleting(null)}
          footer={
            <>
              <button onClick={() => setDeleting(null)}>{t('operations.keep')}</button>
              <button
                className="danger"
                data-testid="operation-delete-confirm"
                onClick={async () => {
                  const o = deleting
                  setDeleting(null)
                  await remove(o.id).catch(notifyError)
                }}
              >
                {t('operations.delete')}
              </button>
            </>
          }
        >
          <p>{t('operations.deleteText', { title: word(i18n.language, deleting.titleSays, deleting.title), context: deleting.context.name })}</p>
          {deleting.state === 'succeeded' && deleting.changed && <p className="muted small">{t('operations.deleteSucceeded')}</p>}
        </Dialog>
      )}
    </div>
  )
}
