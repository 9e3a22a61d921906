import { useTranslation } from 'react-i18next'
import { useAppStore } from '../../store'
import { TerminalDialogs } from './TerminalDialogs'
import { TerminalPane } from './TerminalPane'
import { TerminalTabs } from './TerminalTabs'
import { terminalTitle } from './terminals-slice'

/** SSH terminals open from the node list (hosts feature), one click per node. */
const NODES_PAGE = 'nodes'

/** Tabs of terminals (SSH, pod exec, local), the active one below, and the ways to open more. */
export function TerminalsPage() {
  const { t } = useTranslation()
  const terminals = useAppStore((s) => s.terminals)
  const active = useAppStore((s) => s.activeTerminal)
  const elsewhere = useAppStore((s) => s.terminalsElsewhere)
  const takeOver = useAppStore((s) => s.takeOverTerminal)
  const openDialog = useAppStore((s) => s.openTerminalDialog)
  const goTo = useAppStore((s) => s.goTo)
  const activeInfo = terminals.find((x) => x.id === active)

  return (
    <div className="terminals-page" data-testid="terminals-page">
      <div className="page-toolbar terminals-toolbar">
        <TerminalTabs />
        <span className="spacer" />
        <button type="button" title={t('terminals.newSshHint')} onClick={() => goTo(NODES_PAGE)} data-testid="terminals-new-ssh">
          {t('terminals.newSsh')}
        </button>
        <button type="button" title={t('terminals.newLocalHint')} onClick={() => openDialog({ kind: 'local' })} data-testid="terminals-new-local">
          {t('terminals.newLocal')}
        </button>
        <button type="button" title={t('terminals.newPodHint')} onClick={() => openDialog({ kind: 'pod' })} data-testid="terminals-new-pod">
          {t('terminals.newPod')}
        </button>
      </div>
      {elsewhere.length > 0 && (
        <div className="terminals-elsewhere" role="status">
          <span>{t('terminals.elsewhere', { count: elsewhere.length })}</span>
          {elsewhere.map((x) => (
            <button key={x.id} type="button" onClick={() => void takeOver(x.id)}>
              {t('terminals.showHere', { title: terminalTitle(x) })}
            </button>
          ))}
        </div>
      )}
      {activeInfo ? (
        <TerminalPane key={activeInfo.id} info={activeInfo} />
      ) : (
        <div className="terminals-empty">
          <p>{t('terminals.empty')}</p>
          <p className="muted">{t('terminals.emptyHint')}</p>
        </div>
      )}
      <TerminalDialogs />
    </div>
  )
}
