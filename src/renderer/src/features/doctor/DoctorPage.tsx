// The Doctor page: one run of every check against the chosen context's cluster, findings worst
// first and grouped by area, each with its fix (a Kubedeck page, a plan it makes, or the exact
// command); checks that could not look are listed as unknown with why. Also kubeadm join
// commands with a fresh bootstrap token.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { DoctorArea, DoctorFinding, DoctorFix } from '@shared/model/doctor'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { BootstrapTokenView, JoinCommandView, UpgradeViewData } from '@shared/contracts/doctor'
import type { ErrorInfo } from '@shared/errors'
import { wordError } from '@shared/error-messages'
import { LOG_HINTS } from '@shared/log-hints'
import { ErrorMessage } from '../../components'
import { errorInfoOf } from '../../api'
import { useApi, useAppStore } from '../../store'
import { ContextPicker, usePageContext } from '../cluster'
import { launchPlan, PlanView } from '../operations'
import { Dialog } from '../../components'
import { doctorKey } from './doctor-slice'

const AREAS: DoctorArea[] = ['api', 'etcd', 'control-plane', 'nodes', 'add-ons', 'time', 'certificates', 'workloads']

export function DoctorPage() {
  const { t, i18n } = useTranslation()
  const focus = useAppStore((s) => s.doctorContext)
  const { context, chosen, choose } = usePageContext(focus)
  const run = useAppStore((s) => (context ? s.doctorRuns[doctorKey(context)] : undefined))
  const runDoctor = useAppStore((s) => s.runDoctor)
  const report = run?.report
  const word = (f: DoctorFinding) => {
    if (f.says.code.startsWith('certs.finding.')) return t(f.says.code, { ...f.says.params, defaultValue: f.message })
    // A known journal error: worded from the log hint catalogue the log viewer uses.
    const hint = f.says.code.startsWith('log-hint.') ? LOG_HINTS.find((h) => `log-hint.${h.id}` === f.says.code) : undefined
    if (hint) {
      const words = i18n.language.startsWith('zh') ? hint.zh : hint.en
      return t('doctor.logHint', { ...f.says.params, title: words.title, meaning: words.meaning })
    }
    return wordError(i18n.language, f.says, f.message)
  }

  return (
    <div className="doctor-page" data-testid="doctor-page">
      <div className="page-toolbar" role="toolbar" aria-label={t('doctor.title')}>
        <ContextPicker chosen={chosen} choose={choose} />
        <button type="button" className="primary" data-testid="doctor-run" disabled={!context || run?.running} onClick={() => context && void runDoctor(context)}>
          {run?.running ? t('doctor.running') : report ? t('doctor.runAgain') : t('doctor.run')}
        </button>
        {report && (
          <span className="muted" data-testid="doctor-summary">
            {t('doctor.summary', {
              errors: report.findings.filter((f) => f.severity === 'error').length,
              warnings: report.findings.filter((f) => f.severity === 'warning').length,
              checks: report.checks.length,
              seconds: (report.durationMs / 1000).toFixed(1)
            })}
          </span>
        )}
        {context && <JoinCommandButton context={context} />}
        {context && <UpgradeButton context={context} />}
      </div>
      {!context && <p className="muted list-empty">{t('cluster.list.noContext')}</p>}
      {run?.error && (
        <div className="banner error">
          <ErrorMessage error={run.error} />
        </div>
      )}
      {!report && context && !run?.running && <p className="muted doctor-intro">{t('doctor.intro')}</p>}
      {report && (
        <div className="doctor-body">
          {report.worst === 'ok' && (
            <div className="banner info" data-testid="doctor-ok">
              {t('doctor.ok')}
            </div>
          )}
          {/* Areas in the order their worst finding comes (the findings arrive worst first). */}
          {[...new Set([...report.findings.map((f) => f.area), ...AREAS])].map((area) => {
            const found = report.findings.filter((f) => f.area === area)
            const unknown = report.unknown.filter((u) => u.area === area)
            if (!found.length && !unknown.length) return null
            return (
              <section key={area} className="card doctor-area" data-testid={`doctor-area-${area}`}>
                <h3>{t(`doctor.areas.${area}`)}</h3>
                <ul className="doctor-findings">
                  {found.map((f, i) => (
                    <li
                      key={i}
                      className={`doctor-finding severity-${f.severity}`}
                      data-testid="doctor-finding"
                      data-check={f.check}
                      data-severity={f.severity}
                      data-subject={f.subject}
                    >
                      <span className={`chip chip-${f.severity}`}>{t(`doctor.severity.${f.severity}`)}</span>
                      <span className="mono doctor-subject">{f.subject}</span>
                      <span className="doctor-message">{word(f)}</span>
                      {context && <FixAction fix={f.fix} context={context} />}
                    </li>
                  ))}
                  {unknown.map((u, i) => (
                    <li key={`u${i}`} className="doctor-finding severity-unknown" data-testid="doctor-unknown" data-check={u.check}>
                      <span className="chip chip-info">{t('doctor.severity.unknown')}</span>
                      <span className="mono doctor-subject">{u.subject}</span>
                      <span className="doctor-message">{t('doctor.unknown', { reason: u.reason })}</span>
                    </li>
                  ))}
                </ul>
              </section>
            )
          })}
        </div>
      )}
    </div>
  )
}

/** A finding's fix: the page that repairs it, the plan Kubedeck makes for it, or the command to run (copyable). */
function FixAction({ fix, context }: { fix?: DoctorFix; context: ContextRef }) {
  const { t } = useTranslation()
  const api = useApi()
  const goTo = useAppStore((s) => s.goTo)
  const showCertificates = useAppStore((s) => s.showCertificates)
  const loadOperation = useAppStore((s) => s.loadOperation)
  const [plan, setPlan] = useState<string | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  if (!fix) return null
  const start = (make: () => Promise<{ id: string }>) =>
    launchPlan(
      loadOperation,
      (p) => {
        setError(p.planError ?? null)
        if (p.plan) setPlan(p.plan)
      },
      make
    )
  return (
    <span className="doctor-fix">
      {fix.kind === 'command' && (
        <code className="mono" data-testid="doctor-fix-command">
          {fix.command}
        </code>
      )}
      {fix.kind === 'page' && (
        <button
          type="button"
          data-testid="doctor-fix-page"
          onClick={() => (fix.page === 'certs' ? showCertificates(context) : goTo(fix.page === 'cluster' ? 'cluster' : fix.page))}
        >
          {t(`doctor.pages.${fix.page}`)}
        </button>
      )}
      {fix.kind === 'plan' && (
        <button
          type="button"
          data-testid="doctor-fix-plan"
          onClick={() =>
            void start(() =>
              fix.plan === 'namespace-unstick'
                ? api.call('cluster.planUnstick', { context, namespace: fix.namespace })
                : fix.plan === 'uncordon'
                  ? api.call('cluster.planSchedule', { context, node: fix.node, unschedulable: false })
                  : api.call('certs.planCsr', { context, name: fix.name, decision: 'approve' })
            )
          }
        >
          {t(`doctor.plans.${fix.plan}`)}
        </button>
      )}
      {error && <ErrorMessage error={error} />}
      {plan && (
        <Dialog title={t('doctor.fixTitle')} wide testId="doctor-plan-dialog" onClose={() => setPlan(null)}>
          <PlanView id={plan} onClosed={() => setPlan(null)} />
        </Dialog>
      )}
    </span>
  )
}

function JoinCommandButton({ context }: { context: ContextRef }) {
  const { t } = useTranslation()
  const api = useApi()
  const [open, setOpen] = useState(false)
  const [controlPlane, setControlPlane] = useState(false)
  const [hours, setHours] = useState('24')
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<JoinCommandView | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const make = async () => {
    setBusy(true)
    setError(null)
    try {
      setResult(await api.call('doctor.joinCommand', { context, controlPlane, ttlSeconds: Math.round(Number(hours) * 3600) }))
    } catch (e) {
      setError(errorInfoOf(e))
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" data-testid="join-open" onClick={() => setOpen(true)}>
        {t('doctor.join.open')}
      </button>
      {open && (
        <Dialog
          title={t('doctor.join.title')}
          testId="join-dialog"
          onClose={() => {
            setOpen(false)
            setResult(null)
          }}
          footer={
            <button type="button" className="primary" data-testid="join-make" disabled={busy || !(Number(hours) > 0)} onClick={() => void make()}>
              {t('doctor.join.make')}
            </button>
          }
        >
          <p className="muted">{t('doctor.join.explain')}</p>
          <label className="field-inline">
            <input type="checkbox" checked={controlPlane} data-testid="join-control-plane" onChange={(e) => setControlPlane(e.target.checked)} /> {t('doctor.join.controlPlane')}
          </label>
          <label className="field">
            <span>{t('doctor.join.ttl')}</span>
            <input inputMode="decimal" value={hours} data-testid="join-ttl" onChange={(e) => setHours(e.target.value)} />
          </label>
          {result && (
            <>
              <pre className="yaml mono" data-testid="join-command">
                {result.command}
              </pre>
              <p className="muted">{t('doctor.join.expires', { at: new Date(result.expires).toLocaleString() })}</p>
            </>
          )}
          {error && <ErrorMessage error={error} />}
          <Tokens context={context} refresh={result} />
        </Dialog>
      )}
    </>
  )
}

/** The cluster's bootstrap tokens (ids, expiry, usages; never the secrets), each revocable as a plan. */
function Tokens({ context, refresh }: { context: ContextRef; refresh: unknown }) {
  const { t } = useTranslation()
  const api = useApi()
  const loadOperation = useAppStore((s) => s.loadOperation)
  const [tokens, setTokens] = useState<BootstrapTokenView[] | null>(null)
  const [plan, setPlan] = useState<string | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const read = () => api.call('doctor.tokens', { context }).then(setTokens, (e: unknown) => setError(errorInfoOf(e)))
  useEffect(() => void read(), [refresh])
  if (!tokens?.length) return error ? <ErrorMessage error={error} /> : null
  return (
    <section>
      <h3>{t('doctor.join.tokens')}</h3>
      <table className="mini" data-testid="join-tokens">
        <tbody>
          {tokens.map((tk) => (
            <tr key={tk.id} data-token={tk.id}>
              <td className="mono">{tk.id}</td>
              <td>{tk.expires ? new Date(tk.expires).toLocaleString() : t('doctor.join.forever')}</td>
              <td className="muted">{tk.description ?? ''}</td>
              <td>
                <button
                  type="button"
                  data-testid="token-revoke"
                  onClick={() =>
                    void launchPlan(
                      loadOperation,
                      (p) => {
                        setError(p.planError ?? null)
                        if (p.plan) setPlan(p.plan)
                      },
                      () => api.call('cluster.planRevokeToken', { context, id: tk.id })
                    )
                  }
                >
                  {t('doctor.join.revoke')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {error && <ErrorMessage error={error} />}
      {plan && (
        <Dialog
          title={t('doctor.join.revokeTitle')}
          wide
          testId="revoke-plan-dialog"
          onClose={() => {
            setPlan(null)
            void read()
          }}
        >
          <PlanView id={plan} onClosed={() => setPlan(null)} />
        </Dialog>
      )}
    </section>
  )
}

/** Versions of every component on every node, what lags, and kubeadm upgrade plan as run on a control plane. */
function UpgradeButton({ context }: { context: ContextRef }) {
  const { t } = useTranslation()
  const api = useApi()
  const [open, setOpen] = useState(false)
  const [data, setData] = useState<UpgradeViewData | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const read = () => {
    setOpen(true)
    setData(null)
    setError(null)
    api.call('doctor.upgradeView', { context }).then(setData, (e: unknown) => setError(errorInfoOf(e)))
  }
  return (
    <>
      <button type="button" data-testid="upgrade-open" onClick={read}>
        {t('doctor.upgrade.open')}
      </button>
      {open && (
        <Dialog title={t('doctor.upgrade.title')} wide testId="upgrade-dialog" onClose={() => setOpen(false)}>
          {!data && !error && <p className="muted">{t('doctor.running')}</p>}
          {error && <ErrorMessage error={error} />}
          {data && (
            <>
              <p>
                {t('doctor.upgrade.skew', { api: data.apiServer, next: data.nextMinor ?? '?' })}
                {data.behind.length > 0 && ` ${t('doctor.upgrade.behind', { n: data.behind.length })}`}
              </p>
              <table className="mini" data-testid="upgrade-versions">
                <tbody>
                  {data.components.map((c, i) => (
                    <tr key={i} className={data.behind.some((b) => b.node === c.node && b.component === c.component) ? 'cell-pending' : ''}>
                      <td className="mono">{c.node}</td>
                      <td>{c.component}</td>
                      <td className="mono">{c.version}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {data.plan && (
                <>
                  <h3>{t('doctor.upgrade.plan', { host: data.plan.host })}</h3>
                  <pre className="yaml mono" data-testid="upgrade-plan">
                    {data.plan.output}
                  </pre>
                </>
              )}
            </>
          )}
        </Dialog>
      )}
    </>
  )
}
