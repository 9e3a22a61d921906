import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { InventoryHost } from '@shared/model/ssh'
import { useAppStore } from '../../store'

/** The Nodes page's one-click SSH terminal to a host (through its mapped target). */
export function OpenHostTerminal({ host, context }: { host: InventoryHost; context: ContextRef }) {
  const { t } = useTranslation()
  const open = useAppStore((s) => s.openSshTerminal)
  const label = t('terminals.openOn', { host: host.name })
  return (
    <button
      type="button"
      title={label}
      aria-label={label}
      disabled={!!host.error}
      data-testid="open-host-terminal"
      data-host={host.name}
      onClick={() => void open(host.target, context, host.name)}
    >
      {t('terminals.open')}
    </button>
  )
}
