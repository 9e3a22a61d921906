import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store'
import type { HostActionProps } from '../hosts'

/** On each row of the Nodes page: the host's kubelet journal in the Logs page. */
export function NodeLogsAction({ host }: HostActionProps) {
  const { t } = useTranslation()
  const preset = useAppStore((s) => s.presetLogs)
  return (
    <button className="small" data-testid={`host-logs-${host.name}`} onClick={() => preset({ kind: 'node', host: host.name, target: host.target, units: 'kubelet' })}>
      {t('logs.nodeAction')}
    </button>
  )
}
