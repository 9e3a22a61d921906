// Which context a cluster page shows: the active one (followed as it changes) or one picked here.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../store'

export const refKey = (c: ContextRef) => `${c.file}\u0000${c.name}`

/** `focus`: a context another page sent this one to (a health dot, a link), chosen when it changes. */
export function usePageContext(focus?: ContextRef | null): { context: ContextRef | null; chosen: ContextRef | null; choose(c: ContextRef | null): void } {
  const kube = useAppStore((s) => s.kube)
  const [chosen, choose] = useState<ContextRef | null>(focus ?? null)
  useEffect(() => {
    if (focus) choose(focus)
  }, [focus])
  const context = chosen ?? (kube?.active ? { file: kube.active.file, name: kube.active.name } : null)
  return { context, chosen, choose }
}

export function ContextPicker({ chosen, choose }: { chosen: ContextRef | null; choose(c: ContextRef | null): void }) {
  const { t } = useTranslation()
  const kube = useAppStore((s) => s.kube)
  return (
    <select
      aria-label={t('cluster.list.context')}
      value={chosen ? refKey(chosen) : ''}
      data-testid="cluster-context"
      onChange={(e) => {
        const c = kube?.contexts.find((x) => refKey(x) === e.target.value)
        choose(c ? { file: c.file, name: c.name } : null)
      }}
    >
      <option value="">{t('cluster.list.followActive', { name: kube?.active?.name ?? '—' })}</option>
      {(kube?.contexts ?? [])
        .filter((c) => !c.shadowedBy)
        .map((c) => (
          <option key={refKey(c)} value={refKey(c)}>
            {c.name}
          </option>
        ))}
    </select>
  )
}
