import { useTranslation } from 'react-i18next'
import type { CertFinding, CertInventory } from '@shared/model/certs'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../store'

/** What the inventory means, most urgent first, each with the plan that fixes it (or the command). */
export function Findings({ context, inventory }: { context: ContextRef; inventory: CertInventory }) {
  const { t } = useTranslation()
  const renew = useAppStore((s) => s.planRenewal)
  const rotate = useAppStore((s) => s.planKubeletRotation)
  const decide = useAppStore((s) => s.planCsrDecision)
  const fix = (f: CertFinding) => {
    switch (f.fix?.kind) {
      case 'renew':
        return (
          <button
            data-testid={`certs-fix-${f.subject}`}
            onClick={() => void renew(context, { hosts: [f.fix!.kind === 'renew' ? f.fix!.host : ''], only: f.fix!.kind === 'renew' ? f.fix!.names : [] })}
          >
            {t('certs.renew')}
          </button>
        )
      case 'rotate-kubelet': {
        const node = f.fix.node
        return <button onClick={() => void rotate(context, node)}>{t('certs.rotate')}</button>
      }
      case 'csr': {
        const name = f.fix.name
        return <button onClick={() => void decide(context, name, 'approve')}>{t('certs.approve')}</button>
      }
      case 'command':
        return <code className="certs-fix-command">{f.fix.command}</code>
      default:
        return null
    }
  }
  return (
    <section className="card" aria-labelledby="certs-findings-title">
      <header className="card-head">
        <h2 id="certs-findings-title">{t('certs.findings.title')}</h2>
        <span className={`chip ${inventory.findings.some((f) => f.severity === 'error') ? 'chip-error' : inventory.findings.length ? 'chip-warning' : 'chip-ok'}`}>
          {inventory.findings.length ? t('certs.findings.count', { count: inventory.findings.length }) : t('certs.findings.none')}
        </span>
      </header>
      {inventory.findings.length > 0 && (
        <ul className="certs-findings" data-testid="certs-findings">
          {inventory.findings.map((f, i) => (
            <li key={i} className={`certs-finding severity-${f.severity}`} data-code={f.code}>
              <span className={`chip chip-${f.severity}`}>{t(`certs.findings.${f.severity}`)}</span>
              <span className="certs-finding-text">{t(`certs.finding.${f.code}`, { ...f.params, defaultValue: f.message })}</span>
              {fix(f)}
            </li>
          ))}
        </ul>
      )}
      {inventory.csrError && <p className="small muted">{t('certs.csrUnavailable', { reason: inventory.csrError })}</p>}
    </section>
  )
}
