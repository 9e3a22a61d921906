import { useTranslation } from 'react-i18next'
import type { CertInventory } from '@shared/model/certs'
import { timeline } from './format'

const DAYS = 400

/** What expires when: each certificate a mark on the next 400 days (expired ones at the start). */
export function CertTimeline({ inventory }: { inventory: CertInventory }) {
  const { t, i18n } = useTranslation()
  const now = Date.parse(inventory.checkedAt)
  const { points, beyond } = timeline(inventory.certificates, now, DAYS)
  const ticks = [0, 30, 90, 180, 365].map((d) => ({
    d,
    at: d / DAYS,
    label: d === 0 ? t('certs.timeline.now') : new Date(now + d * 86400_000).toLocaleDateString(i18n.language, { month: 'short', year: '2-digit' })
  }))
  return (
    <section className="card" aria-labelledby="certs-timeline-title">
      <header className="card-head">
        <h2 id="certs-timeline-title">{t('certs.timeline.title')}</h2>
        <span className="small muted">{t('certs.timeline.beyond', { count: beyond })}</span>
      </header>
      <div className="cert-timeline" data-testid="certs-timeline" role="list">
        <div className="cert-timeline-axis" />
        {ticks.map((k) => (
          <span key={k.d} className="cert-timeline-tick" style={{ left: `${k.at * 100}%` }}>
            {k.label}
          </span>
        ))}
        {points.map((p, i) => (
          <span
            key={`${p.entry.host}-${p.entry.path}-${i}`}
            role="listitem"
            className={`cert-timeline-mark cert-status-${p.entry.status}`}
            style={{ left: `${p.at * 100}%`, top: `${8 + (i % 4) * 9}px` }}
            title={`${p.entry.host} · ${p.entry.name} · ${p.entry.notAfter}`}
            aria-label={`${p.entry.host} ${p.entry.name} ${p.entry.notAfter}`}
          />
        ))}
      </div>
    </section>
  )
}
