// Node maintenance on the Nodes page: cordon or uncordon, and drain with kubectl's flags. Each
// builds a plan in main; the plan opens here in the plan view, where the person reads it, runs it
// (typing the context name) and follows it; a budget that blocks a drain is named there.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { InventoryHost } from '@shared/model/ssh'
import type { ErrorInfo } from '@shared/errors'
import { Dialog, ErrorMessage } from '../../components'
import { useApi, useAppStore } from '../../store'
import { launchPlan, PlanView } from '../operations'

type Step = { kind: 'drain-options' } | { kind: 'plan'; id: string }

export function NodeMaintenance({ host, context }: { host: InventoryHost; context: ContextRef }) {
  const { t } = useTranslation()
  const api = useApi()
  const loadOperation = useAppStore((s) => s.loadOperation)
  const loadInventory = useAppStore((s) => s.loadInventory)
  const [step, setStep] = useState<Step | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorInfo | null>(null)
  if (!host.node) return null
  const node = host.name
  const cordoned = !!host.node.unschedulable

  // As every wizard opens a plan; an error shows where it was asked for (the drain dialog, or beside the buttons).
  const plan = (make: () => Promise<{ id: string }>) =>
    launchPlan(
      loadOperation,
      (p) => {
        if (p.planning !== undefined) setBusy(p.planning)
        setError(p.planError ?? null)
        if (p.plan) setStep({ kind: 'plan', id: p.plan })
      },
      make
    )
  const close = () => {
    setStep(null)
    setError(null)
    // The node's state may have changed (cordoned, drained): read the list again.
    void loadInventory(context)
  }

  return (
    <>
      {cordoned && (
        <span className="chip chip-warning" data-testid="node-cordoned">
          {t('cluster.node.cordoned')}
        </span>
      )}
      <button
        type="button"
        data-testid="node-schedule"
        disabled={busy}
        onClick={() => void plan(() => api.call('cluster.planSchedule', { context, node, unschedulable: !cordoned }))}
      >
        {cordoned ? t('cluster.node.uncordon') : t('cluster.node.cordon')}
      </button>
      <button type="button" data-testid="node-drain" disabled={busy} onClick={() => setStep({ kind: 'drain-options' })}>
        {t('cluster.node.drain')}
      </button>
      {step?.kind === 'drain-options' && (
        <DrainOptions node={node} busy={busy} error={error} onClose={close} onPlan={(o) => void plan(() => api.call('cluster.planDrain', { context, node, ...o }))} />
      )}
      {step?.kind === 'plan' && (
        <Dialog title={t('cluster.node.planTitle', { node })} onClose={close} wide testId="node-plan-dialog">
          <PlanView id={step.id} onClosed={close} />
        </Dialog>
      )}
      {!step && error && <ErrorMessage error={error} />}
    </>
  )
}

interface DrainFlags {
  ignoreDaemonsets: boolean
  deleteEmptydirData: boolean
  force: boolean
  gracePeriodSeconds?: number
  timeoutSeconds: number
}

function DrainOptions({ node, busy, error, onClose, onPlan }: { node: string; busy: boolean; error: ErrorInfo | null; onClose(): void; onPlan(o: DrainFlags): void }) {
  const { t } = useTranslation()
  const [o, setO] = useState<DrainFlags>({ ignoreDaemonsets: true, deleteEmptydirData: false, force: false, timeoutSeconds: 300 })
  const [grace, setGrace] = useState('')
  const flag = (key: 'ignoreDaemonsets' | 'deleteEmptydirData' | 'force', testId: string) => (
    <label className="check">
      <input type="checkbox" data-testid={testId} checked={o[key]} onChange={(e) => setO({ ...o, [key]: e.target.checked })} />
      {t(`cluster.drain.${key}`)}
    </label>
  )
  return (
    <Dialog
      title={t('cluster.drain.title', { node })}
      onClose={onClose}
      testId="drain-dialog"
      footer={
        <>
          <button type="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button
            type="button"
            className="primary"
            data-testid="drain-plan"
            disabled={busy}
            onClick={() => onPlan({ ...o, ...(grace.trim() !== '' && /^\d+$/.test(grace.trim()) ? { gracePeriodSeconds: Number(grace.trim()) } : {}) })}
          >
            {t('cluster.drain.plan')}
          </button>
        </>
      }
    >
      <p className="small">{t('cluster.drain.explain')}</p>
      {flag('ignoreDaemonsets', 'drain-ignore-daemonsets')}
      {flag('deleteEmptydirData', 'drain-delete-emptydir')}
      {flag('force', 'drain-force')}
      <label className="field">
        <span>{t('cluster.drain.grace')}</span>
        <input className="mono" inputMode="numeric" value={grace} placeholder={t('cluster.drain.gracePlaceholder')} onChange={(e) => setGrace(e.target.value)} />
      </label>
      <label className="field">
        <span>{t('cluster.drain.timeout')}</span>
        <input
          className="mono"
          type="number"
          min={1}
          data-testid="drain-timeout"
          value={o.timeoutSeconds}
          onChange={(e) => setO({ ...o, timeoutSeconds: Math.max(1, Number(e.target.value) || 1) })}
        />
      </label>
      {error && <ErrorMessage error={error} />}
    </Dialog>
  )
}
