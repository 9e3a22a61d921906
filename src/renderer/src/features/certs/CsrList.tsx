import { useTranslation } from 'react-i18next'
import type { CertInventory } from '@shared/model/certs'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../store'

/** CertificateSigningRequests: pending first, each pending one with Approve… and Deny… (a confirmed plan). */
export function CsrList({ context, inventory }: { context: ContextRef; inventory: CertInventory }) {
  const { t } = useTranslation()
  const decide = useAppStore((s) => s.planCsrDecision)
  const csrs = [...inventory.csrs].sort((a, b) => Number(b.condition === 'Pending') - Number(a.condition === 'Pending')).slice(0, 50)
  if (!csrs.length) return null
  return (
    <section className="card" aria-labelledby="certs-csr-title">
      <header className="card-head">
        <h2 id="certs-csr-title">{t('certs.csr.title')}</h2>
        <span className="chip chip-info">{t('certs.csr.pending', { count: csrs.filter((c) => c.condition === 'Pending').length })}</span>
      </header>
      <table className="data-table compact" data-testid="certs-csrs">
        <thead>
          <tr>
            <th>{t('certs.csr.name')}</th>
            <th>{t('certs.csr.kind')}</th>
            <th>{t('certs.csr.requestor')}</th>
            <th>{t('certs.csr.age')}</th>
            <th>{t('certs.csr.condition')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {csrs.map((c) => (
            <tr key={c.name} data-testid={`csr-${c.name}`}>
              <td className="mono small">{c.name}</td>
              <td>{t(`certs.csr.kinds.${c.kind}`)}</td>
              <td className="small">{c.requestor}</td>
              <td className="small mono">{c.createdAt.replace('T', ' ').slice(0, 16)}</td>
              <td>
                <span className={`chip ${c.condition === 'Pending' ? 'chip-warning' : c.condition === 'Approved' ? 'chip-ok' : 'chip-error'}`}>
                  {t(`certs.csr.conditions.${c.condition}`)}
                </span>
              </td>
              <td>
                {c.condition === 'Pending' && (
                  <>
                    <button className="small" onClick={() => void decide(context, c.name, 'approve')}>
                      {t('certs.approve')}
                    </button>{' '}
                    <button className="small" onClick={() => void decide(context, c.name, 'deny')}>
                      {t('certs.deny')}
                    </button>
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
