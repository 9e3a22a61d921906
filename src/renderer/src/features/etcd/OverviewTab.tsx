import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ConsistencyFinding, EtcdMember, EtcdTopology, TopologyCheckResult } from '@shared/model/etcd'
import type { ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import { etcdKey } from './etcd-slice'
import { formatBytes } from './format'

export function OverviewTab({ context }: { context: ContextRef }) {
  const { t, i18n } = useTranslation()
  const state = useAppStore((s) => s.etcd[etcdKey(context)])
  const check = useAppStore((s) => s.checkEtcdHealth)
  const topology = state?.topology
  useEffect(() => {
    if (topology && !state?.health && !state?.checkingHealth && !state?.healthError) void check(context)
  }, [topology]) // once per discovered topology
  if (!topology) return null
  return (
    <div className="etcd-overview">
      <section className="card" aria-labelledby="etcd-health-title">
        <header className="card-head">
          <h2 id="etcd-health-title">{t('etcd.health.title')}</h2>
          {state?.health && (
            <span className={`chip ${state.health.ok ? 'chip-ok' : 'chip-error'}`} data-testid="etcd-health-state" data-ok={state.health.ok}>
              {state.health.ok ? t('etcd.health.ok') : t('etcd.health.problems', { count: state.health.problems.length })}
            </span>
          )}
          <span className="spacer" />
          <button data-testid="etcd-health-refresh" disabled={state?.checkingHealth} onClick={() => void check(context)}>
            {state?.checkingHealth ? t('etcd.health.checking') : t('etcd.health.refresh')}
          </button>
        </header>
        {state?.healthError && <ErrorMessage error={state.healthError} />}
        {state?.health && <HealthTable />}
      </section>
      <Findings findings={topology.findings} checks={topology.checks ?? []} />
      <TopologyEditor topology={topology} />
      {topology.notes.length > 0 && (
        <ul className="small muted etcd-notes">
          {topology.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </div>
  )

  function HealthTable() {
    const h = state!.health!
    return (
      <>
        <p className="small muted">
          {t('etcd.health.via', { where: h.via.kind === 'host' ? `${h.via.tool} @ ${h.via.host}` : `${h.via.namespace}/${h.via.pod}` })} ·{' '}
          {t('etcd.health.cluster', { id: h.clusterId ?? '—' })} · {new Date(h.checkedAt).toLocaleTimeString(i18n.language)}
        </p>
        <table className="data-table compact" data-testid="etcd-health-table">
          <thead>
            <tr>
              <th>{t('etcd.health.member')}</th>
              <th>{t('etcd.health.endpoint')}</th>
              <th>{t('etcd.health.status')}</th>
              <th>{t('etcd.health.version')}</th>
              <th className="num">{t('etcd.health.dbSize')}</th>
              <th className="num">{t('etcd.health.raftIndex')}</th>
              <th>{t('etcd.health.role')}</th>
            </tr>
          </thead>
          <tbody>
            {h.endpoints.map((e) => (
              <tr key={e.endpoint} data-testid={`etcd-endpoint-${e.member ?? e.endpoint}`} data-healthy={e.healthy}>
                <td>{e.member ?? '—'}</td>
                <td className="mono small">{e.endpoint}</td>
                <td>
                  <span className={`chip ${e.healthy ? 'chip-ok' : 'chip-error'}`} title={e.error}>
                    {e.healthy ? t('etcd.health.healthy') : t('etcd.health.unhealthy')}
                  </span>
                  {e.tookMs !== undefined && <span className="small muted"> {t('etcd.health.ms', { ms: e.tookMs })}</span>}
                </td>
                <td>{e.version ?? '—'}</td>
                <td className="num">
                  {formatBytes(e.dbSize)}
                  {e.dbSizeInUse !== undefined && <span className="small muted"> ({formatBytes(e.dbSizeInUse)})</span>}
                </td>
                <td className="num">{e.raftIndex ?? '—'}</td>
                <td>{e.isLeader ? <strong>{t('etcd.health.leader')}</strong> : e.isLearner ? t('etcd.health.learner') : e.healthy ? t('etcd.health.follower') : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {h.alarms.length > 0 && (
          <ul className="etcd-alarms" role="alert">
            {h.alarms.map((a) => (
              <li key={a.memberId + a.alarm}>{t('etcd.health.alarm', { alarm: a.alarm, member: a.member ?? a.memberId })}</li>
            ))}
          </ul>
        )}
        {h.problems.length > 0 && (
          <ul className="etcd-problems">
            {h.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
        <details>
          <summary>{t('etcd.health.memberList', { count: h.members.length })}</summary>
          <table className="data-table compact small">
            <thead>
              <tr>
                <th>{t('etcd.health.id')}</th>
                <th>{t('etcd.health.name')}</th>
                <th>{t('etcd.health.peerUrls')}</th>
                <th>{t('etcd.health.clientUrls')}</th>
              </tr>
            </thead>
            <tbody>
              {h.members.map((m) => (
                <tr key={m.id}>
                  <td className="mono">{m.id}</td>
                  <td>{m.name || t('etcd.health.unstarted')}</td>
                  <td className="mono">{m.peerUrls.join(', ')}</td>
                  <td className="mono">{m.clientUrls.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </>
    )
  }
}

function Findings({ findings, checks }: { findings: ConsistencyFinding[]; checks: TopologyCheckResult[] }) {
  const { t, i18n } = useTranslation()
  return (
    <section className="card" aria-labelledby="etcd-findings-title" data-testid="etcd-findings">
      <header className="card-head">
        <h2 id="etcd-findings-title">{t('etcd.findings.title')}</h2>
        <span className={`chip ${findings.some((f) => f.severity === 'error') ? 'chip-error' : findings.length ? 'chip-warning' : 'chip-ok'}`}>
          {findings.length ? t('etcd.findings.count', { count: findings.length }) : t('etcd.findings.none')}
        </span>
      </header>
      {checks.length > 0 && (
        <details className="etcd-checks" open={findings.length === 0} data-testid="etcd-checks">
          <summary>{t('etcd.findings.checked')}</summary>
          <ul>
            {checks.map((c) => (
              <li key={c.id} data-check={c.id} data-passed={c.passed}>
                <span className={`plan-icon plan-icon-${c.passed ? 'succeeded' : 'failed'}`}>{c.passed ? '✓' : '✗'}</span>{' '}
                {i18n.exists(`etcd.findings.check.${c.id}`) ? t(`etcd.findings.check.${c.id}`) : c.title}
                {!c.passed && <span className="muted small"> — {t('etcd.findings.failed')}</span>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {findings.map((f) => (
        <article key={f.code + (f.host ?? '') + f.title} className={`etcd-finding etcd-finding-${f.severity}`} data-code={f.code}>
          <h3>
            <span className={`chip chip-${f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'info'}`}>{t(`etcd.findings.${f.severity}`)}</span> {f.title}
            {f.blocksRestore && <span className="chip chip-error">{t('etcd.findings.blocks')}</span>}
          </h3>
          <p>{f.explanation}</p>
          <dl className="etcd-values">
            {Object.entries(f.values).map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd className="mono">{v}</dd>
              </div>
            ))}
          </dl>
        </article>
      ))}
    </section>
  )
}

const list = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean)

/** The topology as editable data: what the plans will use, correctable before any plan is built. */
function TopologyEditor({ topology }: { topology: EtcdTopology }) {
  const { t } = useTranslation()
  const correct = useAppStore((s) => s.correctEtcdTopology)
  const presetLogs = useAppStore((s) => s.presetLogs)
  const [draft, setDraft] = useState(topology)
  useEffect(() => setDraft(topology), [topology])
  const dirty = draft !== topology
  const setMember = (i: number, change: (m: EtcdMember) => EtcdMember) => setDraft({ ...draft, members: draft.members.map((m, j) => (j === i ? change(m) : m)) })
  const user = (setting: string) => ({ kind: 'user' as const, where: t('etcd.topology.edited'), setting })
  return (
    <section className="card" aria-labelledby="etcd-topology-title" data-testid="etcd-topology">
      <header className="card-head">
        <h2 id="etcd-topology-title">{t('etcd.topology.title')}</h2>
        {topology.edited && <span className="chip chip-accent">{t('etcd.topology.corrected')}</span>}
        <span className="spacer" />
        <button disabled={!dirty} onClick={() => setDraft(topology)}>
          {t('etcd.topology.reset')}
        </button>
        <button className="primary" data-testid="etcd-topology-apply" disabled={!dirty} onClick={() => void correct(draft)}>
          {t('etcd.topology.apply')}
        </button>
      </header>
      <p className="small muted">{t('etcd.topology.hint')}</p>
      <h3>{t('etcd.topology.members')}</h3>
      <table className="data-table compact etcd-edit">
        <thead>
          <tr>
            <th>{t('etcd.topology.host')}</th>
            <th>{t('etcd.topology.name')}</th>
            <th>{t('etcd.topology.dataDir')}</th>
            <th>{t('etcd.topology.peerUrls')}</th>
            <th>{t('etcd.topology.clientUrls')}</th>
            <th>{t('etcd.topology.source')}</th>
          </tr>
        </thead>
        <tbody>
          {draft.members.map((m, i) => {
            const host = draft.hosts.find((h) => h.id === m.host)
            return (
              <tr key={m.host + i} data-testid={`etcd-member-${m.settings.name}`}>
                <td>
                  <div>
                    {m.host}{' '}
                    {host?.reachable && (
                      <button
                        className="small"
                        data-testid={`etcd-member-logs-${m.settings.name}`}
                        onClick={() =>
                          presetLogs(
                            m.source.kind === 'static-pod'
                              ? { kind: 'node', host: m.host, target: host.ssh, pod: { namespace: 'kube-system', name: `etcd-${host.nodeName ?? m.host}` } }
                              : { kind: 'node', host: m.host, target: host.ssh, units: m.source.unit }
                          )
                        }
                      >
                        {t('etcd.topology.logs')}
                      </button>
                    )}
                  </div>
                  <div className="small muted">
                    {host?.reachable
                      ? `${host.root ? 'root' : 'sudo'} · ${[host.tools.etcdutl && `etcdutl ${host.tools.etcdutl.version}`, host.tools.etcdctl && `etcdctl ${host.tools.etcdctl.version}`].filter(Boolean).join(', ') || t('etcd.topology.noTools')}`
                      : t('etcd.topology.unreachable')}
                  </div>
                </td>
                <td>
                  <input
                    aria-label={t('etcd.topology.nameOf', { host: m.host })}
                    value={m.settings.name}
                    onChange={(e) => setMember(i, (x) => ({ ...x, settings: { ...x.settings, name: e.target.value, sources: { ...x.settings.sources, name: user('--name') } } }))}
                  />
                </td>
                <td>
                  <input
                    aria-label={t('etcd.topology.dataDirOf', { host: m.host })}
                    className="mono"
                    value={m.hostDataDir}
                    onChange={(e) => setMember(i, (x) => ({ ...x, hostDataDir: e.target.value }))}
                  />
                  {m.dataDirStat && (
                    <div className="small muted">
                      {m.dataDirStat.exists
                        ? t('etcd.topology.dirStat', {
                            size: formatBytes(m.dataDirStat.sizeBytes),
                            free: formatBytes(m.dataDirStat.freeBytes),
                            mode: m.dataDirStat.mode,
                            owner: `${m.dataDirStat.uid}:${m.dataDirStat.gid}`
                          })
                        : t('etcd.topology.dirMissing')}
                    </div>
                  )}
                </td>
                <td>
                  <input
                    aria-label={t('etcd.topology.peerUrlsOf', { host: m.host })}
                    className="mono"
                    value={m.settings.initialAdvertisePeerUrls.join(',')}
                    onChange={(e) =>
                      setMember(i, (x) => ({
                        ...x,
                        settings: {
                          ...x.settings,
                          initialAdvertisePeerUrls: list(e.target.value),
                          sources: { ...x.settings.sources, initialAdvertisePeerUrls: user('--initial-advertise-peer-urls') }
                        }
                      }))
                    }
                  />
                  <div className="small muted mono" title="--initial-cluster">
                    {m.settings.initialCluster}
                  </div>
                </td>
                <td>
                  <input
                    aria-label={t('etcd.topology.clientUrlsOf', { host: m.host })}
                    className="mono"
                    value={m.settings.advertiseClientUrls.join(',')}
                    onChange={(e) => setMember(i, (x) => ({ ...x, settings: { ...x.settings, advertiseClientUrls: list(e.target.value) } }))}
                  />
                </td>
                <td className="small mono">
                  {m.source.kind === 'static-pod' ? m.source.manifest : `${m.source.unit} (${m.source.environmentFiles.join(', ')})`}
                  <details>
                    <summary>{t('etcd.topology.tls')}</summary>
                    {(['ca', 'cert', 'key'] as const).map((k) => (
                      <label key={k} className="field">
                        <span>{t(`etcd.topology.tlsFile.${k}`)}</span>
                        <input
                          className="mono"
                          aria-label={t(`etcd.topology.tlsFile.${k}`)}
                          value={m.hostTls[k]}
                          onChange={(e) => setMember(i, (x) => ({ ...x, hostTls: { ...x.hostTls, [k]: e.target.value } }))}
                        />
                      </label>
                    ))}
                  </details>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <h3>{t('etcd.topology.apiservers')}</h3>
      <table className="data-table compact etcd-edit">
        <tbody>
          {draft.apiservers.map((a, i) => (
            <tr key={a.host + i}>
              <td>{a.host}</td>
              <td className="small mono">{a.source.kind === 'static-pod' ? a.source.manifest : a.source.unit}</td>
              <td>
                <label className="field">
                  <span>--etcd-servers</span>
                  <input
                    className="mono"
                    value={a.etcdServers.join(',')}
                    onChange={(e) => setDraft({ ...draft, apiservers: draft.apiservers.map((x, j) => (j === i ? { ...x, etcdServers: list(e.target.value) } : x)) })}
                  />
                </label>
              </td>
            </tr>
          ))}
          {draft.components.map((c, i) => (
            <tr key={c.host + c.component + i}>
              <td>{c.host}</td>
              <td className="small mono">{c.source.kind === 'static-pod' ? c.source.manifest : c.source.unit}</td>
              <td>{c.component}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('etcd.topology.hosts')}</h3>
      <table className="data-table compact etcd-edit">
        <tbody>
          {draft.hosts.map((h, i) => (
            <tr key={h.id}>
              <td>
                {h.id}
                {h.nodeName && h.nodeName !== h.id && <span className="muted"> ({h.nodeName})</span>}
              </td>
              <td>
                <label className="field">
                  <span>{t('etcd.topology.sshTarget')}</span>
                  <input
                    className="mono"
                    value={`${h.ssh.user ? h.ssh.user + '@' : ''}${h.ssh.host}${h.ssh.port ? ':' + h.ssh.port : ''}`}
                    onChange={(e) => {
                      const m = /^(?:([^@]+)@)?([^:]+)(?::(\d+))?$/.exec(e.target.value.trim())
                      if (!m) return
                      setDraft({
                        ...draft,
                        hosts: draft.hosts.map((x, j) => (j === i ? { ...x, ssh: { ...x.ssh, user: m[1], host: m[2], port: m[3] ? Number(m[3]) : undefined } } : x))
                      })
                    }}
                  />
                </label>
              </td>
              <td className="small muted">
                {h.clock ? t('etcd.topology.clock', { offset: h.clock.offsetMs, uncertainty: h.clock.uncertaintyMs }) : ''}
                {h.error && <ErrorMessage error={h.error} />}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
