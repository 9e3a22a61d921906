import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { RepairKind } from '@shared/model/etcd'
import type { ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import { etcdKey } from './etcd-slice'

const KINDS: RepairKind[] = ['wal-tmp-dir', 'rejoin-member']

/** Repairs from the seed notes and the daily backup cron entry, each built as a plan to review. */
export function RepairsTab({ context }: { context: ContextRef }) {
  const { t } = useTranslation()
  const state = useAppStore((s) => s.etcd[etcdKey(context)])
  const planRepair = useAppStore((s) => s.planEtcdRepair)
  const planCron = useAppStore((s) => s.planEtcdCron)
  const members = state?.topology?.members ?? []
  const [member, setMember] = useState(members[0]?.settings.name ?? '')
  const [schedule, setSchedule] = useState('30 2 * * *')
  const [dir, setDir] = useState('/var/backups/etcd')
  const [keepDays, setKeepDays] = useState(7)
  return (
    <div className="etcd-repairs">
      <section className="card">
        <label className="field">
          <span>{t('etcd.repairs.member')}</span>
          <select data-testid="etcd-repair-member" value={member} onChange={(e) => setMember(e.target.value)}>
            {members.map((m) => (
              <option key={m.settings.name} value={m.settings.name}>
                {m.settings.name} ({m.host})
              </option>
            ))}
          </select>
        </label>
        {state?.planError && <ErrorMessage error={state.planError} />}
      </section>
      {KINDS.map((k) => (
        <section key={k} className="card" aria-labelledby={`etcd-repair-${k}`}>
          <h2 id={`etcd-repair-${k}`}>{t(`etcd.repairs.${k}.title`)}</h2>
          <p className="mono small etcd-symptom">{t(`etcd.repairs.${k}.symptom`)}</p>
          <p>{t(`etcd.repairs.${k}.explain`)}</p>
          <button data-testid={`etcd-repair-${k}`} disabled={!member || state?.planning} onClick={() => void planRepair(context, k, member)}>
            {t('etcd.repairs.plan')}
          </button>
        </section>
      ))}
      <section className="card" aria-labelledby="etcd-cron-title">
        <h2 id="etcd-cron-title">{t('etcd.cron.title')}</h2>
        <p>{t('etcd.cron.explain')}</p>
        <div className="etcd-form">
          <label className="field">
            <span>{t('etcd.cron.schedule')}</span>
            <input className="mono" value={schedule} onChange={(e) => setSchedule(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('etcd.cron.dir')}</span>
            <input className="mono" value={dir} onChange={(e) => setDir(e.target.value)} />
          </label>
          <label className="field">
            <span>{t('etcd.cron.keepDays')}</span>
            <input type="number" min={1} max={365} value={keepDays} onChange={(e) => setKeepDays(Math.max(1, Number(e.target.value) || 1))} />
          </label>
          <button disabled={!member || state?.planning} onClick={() => void planCron(context, { member, schedule, dir, keepDays })}>
            {t('etcd.repairs.plan')}
          </button>
        </div>
      </section>
    </div>
  )
}
