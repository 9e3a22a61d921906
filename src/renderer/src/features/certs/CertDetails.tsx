import { useTranslation } from 'react-i18next'
import type { CertificateEntry } from '@shared/model/certs'
import { chainOf } from './format'

/** Everything about one certificate: subject, SANs, validity, the chain up to its CA, the key check, who uses it. */
export function CertDetails({ entry: c, all }: { entry: CertificateEntry; all: CertificateEntry[] }) {
  const { t } = useTranslation()
  const chain = chainOf(c, all)
  const rows: [string, React.ReactNode][] = [
    [t('certs.detail.path'), <code key="p">{c.path}</code>],
    [t('certs.detail.subject'), c.subject || '—'],
    [t('certs.detail.issuer'), c.issuer || '—'],
    [t('certs.detail.validity'), c.notBefore ? `${c.notBefore} → ${c.notAfter}` : '—'],
    [t('certs.detail.sans'), c.sans.length ? c.sans.join(', ') : '—'],
    [t('certs.detail.serial'), <code key="s">{c.serial || '—'}</code>],
    [
      t('certs.detail.chain'),
      c.isCA && c.issuer === c.subject
        ? t('certs.detail.root')
        : chain.length
          ? `${c.name} ← ${chain.map((x) => x.name).join(' ← ')}${c.chainOk ? ' ✓' : ''}`
          : c.chainOk === false
            ? t('certs.detail.chainBroken')
            : t('certs.detail.chainUnknown')
    ],
    [t('certs.detail.key'), c.keyMatches === true ? t('certs.detail.keyOk') : c.keyMatches === false ? t('certs.detail.keyBad') : t('certs.detail.keyUnchecked')],
    [t('certs.detail.managedBy'), t(`certs.managedBy.${c.managedBy}`)],
    [t('certs.detail.usedBy'), c.usedBy.length ? c.usedBy.join(', ') : '—'],
    [
      t('certs.detail.sha256'),
      <code key="h" className="small">
        {c.sha256 || '—'}
      </code>
    ]
  ]
  return (
    <dl className="cert-details" data-testid="cert-details">
      {c.statusReason && <p className={`cert-reason cert-status-${c.status}`}>{c.statusReason}</p>}
      {rows.map(([k, v]) => (
        <div key={k} className="cert-detail">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  )
}
