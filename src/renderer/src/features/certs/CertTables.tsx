import { Fragment, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { CertificateEntry, CertInventory } from '@shared/model/certs'
import type { ContextRef } from '@shared/model/kubeconfig'
import { useAppStore } from '../../store'
import { CertDetails } from './CertDetails'
import { byHost, expiresIn, issuerName } from './format'

/** One table per host: name, where it is, expires in, issuer, status; a row opens its details. */
export function CertTables({ context, inventory }: { context: ContextRef; inventory: CertInventory }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState<string | null>(null)
  const renew = useAppStore((s) => s.planRenewal)
  const rotate = useAppStore((s) => s.planKubeletRotation)
  const key = (c: CertificateEntry) => `${c.host}\u0000${c.source}\u0000${c.path}`
  const action = (c: CertificateEntry) => {
    if (c.source === 'served' || c.source === 'local' || c.isCA || c.status === 'missing') return null
    if (c.name === 'kubelet-client' || c.name === 'kubelet.conf')
      return (
        <button className="small" onClick={() => void rotate(context, c.host)}>
          {t('certs.rotate')}
        </button>
      )
    const host = inventory.hosts.find((h) => h.id === c.host)
    if (host?.layout !== 'kubeadm' && host?.layout !== 'binary') return null
    if (c.managedBy === 'kubelet') return null
    return (
      <button
        className="small"
        data-testid={`certs-renew-${c.host}-${c.name}`}
        onClick={() => void renew(context, { hosts: [c.host], only: [c.managedBy === 'kubeadm' ? c.name : c.path.split(' → ')[0]] })}
      >
        {t('certs.renew')}
      </button>
    )
  }
  return (
    <>
      {byHost(inventory).map(({ host, rows }) => {
        const h = inventory.hosts.find((x) => x.id === host)
        return (
          <section key={host} className="card" aria-label={host}>
            <header className="card-head">
              <h2>{host === 'this machine' ? t('certs.thisMachine') : host}</h2>
              {h && <span className="chip chip-info">{t(`certs.layout.${h.layout}`)}</span>}
            </header>
            <table className="data-table compact certs-table" data-testid={`certs-table-${host}`}>
              <thead>
                <tr>
                  <th>{t('certs.col.name')}</th>
                  <th>{t('certs.col.source')}</th>
                  <th>{t('certs.col.expiresIn')}</th>
                  <th>{t('certs.col.expires')}</th>
                  <th>{t('certs.col.issuer')}</th>
                  <th>{t('certs.col.status')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((c) => (
                  <Fragment key={key(c)}>
                    <tr
                      className={`cert-row cert-row-${c.status}`}
                      data-testid={`cert-row-${c.host}-${c.name}`}
                      data-status={c.status}
                      aria-expanded={open === key(c)}
                      onClick={() => setOpen(open === key(c) ? null : key(c))}
                    >
                      <td>
                        <button className="link" aria-label={t('certs.details', { name: c.name })}>
                          {c.name}
                        </button>
                      </td>
                      <td className="muted">{t(`certs.source.${c.source}`)}</td>
                      <td className="mono">{c.notAfter ? expiresIn(c.daysLeft) : '—'}</td>
                      <td className="mono small">{c.notAfter ? c.notAfter.replace('T', ' ').replace('Z', ' UTC') : '—'}</td>
                      <td>{c.isCA && c.issuer === c.subject ? t('certs.selfSigned') : issuerName(c)}</td>
                      <td>
                        <span className={`chip cert-status-${c.status}`} title={c.statusReason}>
                          {t(`certs.status.${c.status}`)}
                        </span>
                        {c.keyMatches === false && <span className="chip chip-error">{t('certs.keyMismatch')}</span>}
                      </td>
                      <td onClick={(e) => e.stopPropagation()}>{action(c)}</td>
                    </tr>
                    {open === key(c) && (
                      <tr className="cert-details-row">
                        <td colSpan={7}>
                          <CertDetails entry={c} all={inventory.certificates} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </section>
        )
      })}
    </>
  )
}
