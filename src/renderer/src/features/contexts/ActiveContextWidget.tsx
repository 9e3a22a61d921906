import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store'
import { ColourDot } from './ColourDot'
import { sameContext } from './context-rows'

/**
 * The active context in the title bar, in its colour: a red-tagged (production) context turns
 * the whole widget red, so nobody forgets where kubectl is pointing. Click to switch.
 */
export function ActiveContextWidget() {
  const { t } = useTranslation()
  const kube = useAppStore((s) => s.kube)
  const open = useAppStore((s) => s.openSwitcher)
  if (!kube) return null
  const active = kube.active
  const entry = active ? kube.contexts.find((c) => sameContext(c, active)) : undefined
  if (!active) {
    return (
      <div className="active-context none" data-testid="active-context">
        <button className="active-context-name" onClick={() => open('contexts')}>
          {t('contexts.widget.none')}
        </button>
      </div>
    )
  }
  const namespace = entry?.namespace || t('contexts.defaultNamespace')
  return (
    <div
      className={`active-context${entry?.colour ? ` tone tone-${entry.colour}` : ''}`}
      data-testid="active-context"
      data-name={active.name}
      data-file={active.file}
      data-colour={entry?.colour ?? ''}
      title={active.file}
    >
      <button className="active-context-name" onClick={() => open('contexts')} aria-label={t('contexts.widget.label', { name: active.name, namespace })}>
        {entry?.colour && <ColourDot colour={entry.colour} />}
        <span className="mono">{active.name}</span>
      </button>
      <button
        className="active-context-ns"
        onClick={() => open('namespaces')}
        aria-label={t('contexts.widget.namespace', { namespace })}
        data-testid="active-namespace"
      >
        <span className="mono">{namespace}</span>
      </button>
    </div>
  )
}
