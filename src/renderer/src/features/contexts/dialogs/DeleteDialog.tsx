import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef, DeletePreview } from '@shared/model/kubeconfig'
import { useApi, useAppStore } from '../../../store'
import { sameContext } from '../context-rows'
import { FormDialog } from './FormDialog'
import { useAction } from './use-action'

/** Deletes a context; the cluster and user it leaves unused (nothing else names them) go too unless unticked, in the same undoable write. */
export function DeleteDialog({ context, onClose }: { context: ContextRef; onClose(): void }) {
  const { t } = useTranslation()
  const api = useApi()
  const isActive = useAppStore((s) => sameContext(s.kube?.active, context))
  const deleteContext = useAppStore((s) => s.deleteContext)
  const { busy, error, run } = useAction()
  const [left, setLeft] = useState<DeletePreview>({})
  const [alsoCluster, setAlsoCluster] = useState(true)
  const [alsoUser, setAlsoUser] = useState(true)
  useEffect(() => {
    let live = true
    api.call('kubeconfig.deletePreview', { context }).then(
      (p) => live && setLeft(p),
      () => undefined
    )
    return () => {
      live = false
    }
  }, [api, context])
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
          await deleteContext(context, { cluster: alsoCluster ? left.cluster?.name : undefined, user: alsoUser ? left.user?.name : undefined })
          onClose()
        })
      }
      onClose={onClose}
    >
      <p>{t('contexts.delete.confirm', { name: context.name, file: context.file })}</p>
      {left.cluster || left.user ? (
        <div className="delete-also" data-testid="delete-also">
          <p className="small">{t('contexts.delete.unused')}</p>
          {left.cluster && (
            <label className="check">
              <input type="checkbox" data-testid="delete-also-cluster" checked={alsoCluster} onChange={(e) => setAlsoCluster(e.target.checked)} />
              {t('contexts.delete.alsoCluster', { name: left.cluster.name })}
            </label>
          )}
          {left.user && (
            <label className="check">
              <input type="checkbox" data-testid="delete-also-user" checked={alsoUser} onChange={(e) => setAlsoUser(e.target.checked)} />
              {t('contexts.delete.alsoUser', { name: left.user.name })}
            </label>
          )}
        </div>
      ) : (
        <p className="muted small">{t('contexts.delete.keeps')}</p>
      )}
      {isActive && <p className="field-note warning">{t('contexts.delete.active')}</p>}
    </FormDialog>
  )
}
