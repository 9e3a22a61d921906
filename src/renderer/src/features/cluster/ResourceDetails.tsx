// One object beside its list: its fields, why it is stuck (a pod in Terminating), related
// objects, events and YAML; the YAML edited with a diff before anything is written, and the
// day-2 actions of its kind (delete, force delete, restart, scale, autoscale, labels and
// annotations). Every change is a plan in main that opens in the plan view.
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { structuredPatch } from 'diff'
import type { KindInfo } from '@shared/cluster-kinds'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { ObjectDetails } from '@shared/model/cluster'
import type { ErrorInfo } from '@shared/errors'
import { Dialog, ErrorMessage } from '../../components'
import { errorInfoOf } from '../../api'
import { useApi, useAppStore } from '../../store'
import { launchPlan, PlanView } from '../operations'
import { humanDuration } from '@shared/cluster-cells'

export interface OpenObject {
  context: ContextRef
  kind: KindInfo
  namespace: string
  name: string
}

type Tab = 'details' | 'yaml'
type Form = { kind: 'edit' } | { kind: 'metadata'; field: 'labels' | 'annotations' } | { kind: 'scale' } | { kind: 'hpa' } | null
const ROLLS = ['deployments', 'statefulsets', 'daemonsets']
const SCALES = ['deployments', 'statefulsets', 'replicasets']

export function ResourceDetails({ object, onClose }: { object: OpenObject; onClose(): void }) {
  const { t } = useTranslation()
  const api = useApi()
  const loadOperation = useAppStore((s) => s.loadOperation)
  const [shown, setShown] = useState<OpenObject>(object)
  const [details, setDetails] = useState<ObjectDetails | null>(null)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const [tab, setTab] = useState<Tab>('details')
  const [form, setForm] = useState<Form>(null)
  const [plan, setPlan] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [planError, setPlanError] = useState<ErrorInfo | null>(null)
  const { context, kind, namespace, name } = shown

  const load = () => {
    setError(null)
    api.call('cluster.describe', { context, kind: kind.id, namespace, name }).then(setDetails, (e: unknown) => setError(errorInfoOf(e)))
  }
  useEffect(load, [shown])

  const start = (make: () => Promise<{ id: string }>) =>
    launchPlan(
      loadOperation,
      (p) => {
        if (p.planning !== undefined) setBusy(p.planning)
        setPlanError(p.planError ?? null)
        if (p.plan) {
          setForm(null)
          setPlan(p.plan)
        }
      },
      make
    )
  const ref = { context, kind: kind.id, namespace, name }
  const workload = `${kind.id}/${name}`

  return (
    <aside className="details-panel" aria-label={t('cluster.details.title', { name })} data-testid="details-panel">
      <header className="details-head">
        <div>
          <div className="muted">{kind.kind}</div>
          <h2 className="mono" data-testid="details-name">
            {namespace ? `${namespace}/` : ''}
            {name}
          </h2>
        </div>
        <button type="button" className="icon" aria-label={t('cluster.details.close')} onClick={onClose}>
          ✕
        </button>
      </header>
      <div className="details-actions" role="toolbar">
        {kind.id === 'pods' && (
          <>
            <button
              type="button"
              data-testid="action-delete"
              disabled={busy || !details}
              onClick={() => void start(() => api.call('cluster.planDeletePod', { context, namespace, name, force: false }))}
            >
              {t('cluster.actions.delete')}
            </button>
            {details?.stuck && (
              <button
                type="button"
                className="danger"
                data-testid="action-force-delete"
                disabled={busy}
                onClick={() => void start(() => api.call('cluster.planDeletePod', { context, namespace, name, force: true }))}
              >
                {t('cluster.actions.forceDelete')}
              </button>
            )}
          </>
        )}
        {kind.id === 'namespaces' && details?.deleting && (
          <button type="button" data-testid="action-unstick" disabled={busy} onClick={() => void start(() => api.call('cluster.planUnstick', { context, namespace: name }))}>
            {t('cluster.actions.unstick')}
          </button>
        )}
        {ROLLS.includes(kind.id) && (
          <button type="button" data-testid="action-restart" disabled={busy} onClick={() => void start(() => api.call('cluster.planRestart', ref))}>
            {t('cluster.actions.restart')}
          </button>
        )}
        {SCALES.includes(kind.id) && (
          <>
            <button type="button" data-testid="action-scale" onClick={() => setForm({ kind: 'scale' })}>
              {t('cluster.actions.scale')}
            </button>
            <button type="button" data-testid="action-hpa" onClick={() => setForm({ kind: 'hpa' })}>
              {t('cluster.actions.autoscale')}
            </button>
          </>
        )}
        <button type="button" data-testid="action-labels" disabled={!details} onClick={() => setForm({ kind: 'metadata', field: 'labels' })}>
          {t('cluster.actions.labels')}
        </button>
        <button type="button" data-testid="action-annotations" disabled={!details} onClick={() => setForm({ kind: 'metadata', field: 'annotations' })}>
          {t('cluster.actions.annotations')}
        </button>
      </div>
      {planError && !form && <ErrorMessage error={planError} />}
      <div className="details-tabs" role="tablist">
        {(['details', 'yaml'] as const).map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} data-testid={`tab-${x}`} onClick={() => setTab(x)}>
            {t(`cluster.details.${x}`)}
          </button>
        ))}
      </div>
      {error && <ErrorMessage error={error} />}
      {!details && !error && <p className="muted">{t('cluster.list.loading')}</p>}
      {details && tab === 'details' && <DetailsTab d={details} onOpen={(o) => setShown({ context, ...o })} />}
      {details && tab === 'yaml' && (
        <div className="yaml-tab">
          {details.editable ? (
            <button type="button" data-testid="yaml-edit" onClick={() => setForm({ kind: 'edit' })}>
              {t('cluster.yaml.edit')}
            </button>
          ) : (
            <p className="muted">{t('cluster.yaml.secret')}</p>
          )}
          <pre className="yaml mono" data-testid="yaml-view">
            {details.yaml}
          </pre>
        </div>
      )}
      {form?.kind === 'edit' && details && (
        <EditYaml
          details={details}
          busy={busy}
          error={planError}
          onClose={() => setForm(null)}
          onApply={(yaml) => void start(() => api.call('cluster.planEdit', { ...ref, yaml, resourceVersion: details.resourceVersion }))}
        />
      )}
      {form?.kind === 'metadata' && details && (
        <MetadataForm
          field={form.field}
          current={form.field === 'labels' ? details.labels : details.annotations}
          busy={busy}
          error={planError}
          onClose={() => setForm(null)}
          onApply={(set, remove) => void start(() => api.call('cluster.planMetadata', { ...ref, field: form.field, set, remove }))}
        />
      )}
      {form?.kind === 'scale' && (
        <NumbersForm
          title={t('cluster.actions.scaleTitle', { name: workload })}
          fields={[{ key: 'replicas', label: t('cluster.actions.replicas'), value: 1, min: 0 }]}
          busy={busy}
          error={planError}
          onClose={() => setForm(null)}
          onApply={(v) => void start(() => api.call('cluster.planScale', { context, namespace, workload, replicas: v.replicas }))}
        />
      )}
      {form?.kind === 'hpa' && (
        <NumbersForm
          title={t('cluster.actions.hpaTitle', { name: workload })}
          explain={t('cluster.actions.hpaExplain')}
          fields={[
            { key: 'min', label: t('cluster.actions.min'), value: 1, min: 1 },
            { key: 'max', label: t('cluster.actions.max'), value: 3, min: 1 },
            { key: 'cpu', label: t('cluster.actions.cpu'), value: 80, min: 1 }
          ]}
          busy={busy}
          error={planError}
          onClose={() => setForm(null)}
          onApply={(v) => void start(() => api.call('cluster.planHpa', { context, namespace, workload, min: v.min, max: v.max, cpu: v.cpu }))}
        />
      )}
      {plan && (
        <Dialog
          title={t('cluster.details.planTitle', { name })}
          wide
          testId="object-plan-dialog"
          onClose={() => {
            setPlan(null)
            load()
          }}
        >
          <PlanView
            id={plan}
            onClosed={() => {
              setPlan(null)
              load()
            }}
          />
        </Dialog>
      )}
    </aside>
  )
}

function DetailsTab({ d, onOpen }: { d: ObjectDetails; onOpen(o: Omit<OpenObject, 'context'>): void }) {
  const { t } = useTranslation()
  const kinds = useAppStore((s) => s.kinds?.list)
  const now = Date.now()
  return (
    <div className="details-body">
      {d.stuck && (
        <div className="banner warning" data-testid="stuck-banner">
          <strong>{t('cluster.details.stuck', { since: humanDuration(now - Date.parse(d.stuck.since)) })}</strong>
          <ul>
            {d.stuck.why.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
          {d.stuck.statefulSet && <p>{t('cluster.details.stuckStatefulSet', { sts: d.stuck.statefulSet })}</p>}
        </div>
      )}
      <dl className="fields">
        {d.fields.map((f) => (
          <div key={f.label}>
            <dt>{f.label}</dt>
            <dd className="mono">{f.value}</dd>
          </div>
        ))}
      </dl>
      {d.related.length > 0 && (
        <section>
          <h3>{t('cluster.details.related')}</h3>
          <ul className="related" data-testid="related">
            {d.related.map((r, i) => {
              const kind = kinds?.find((k) => k.id === r.kind)
              return (
                <li key={i}>
                  <span className="muted">{t(`cluster.relation.${r.relation}`)}</span>{' '}
                  {kind && r.name ? (
                    <button type="button" className="link mono" onClick={() => onOpen({ kind, namespace: r.namespace, name: r.name })}>
                      {r.kind}/{r.name}
                    </button>
                  ) : (
                    <span className="mono">
                      {r.kind}/{r.name}
                    </span>
                  )}
                  {r.note && <span className="mono muted"> {r.note}</span>}
                </li>
              )
            })}
          </ul>
        </section>
      )}
      <section>
        <h3>{t('cluster.details.events')}</h3>
        {d.events.length === 0 ? (
          <p className="muted">{t('cluster.details.noEvents')}</p>
        ) : (
          <ul className="events" data-testid="events">
            {d.events.map((e, i) => (
              <li key={i} className={e.type === 'Warning' ? 'event-warning' : ''}>
                <span className="muted">{e.last ? humanDuration(now - Date.parse(e.last)) : ''}</span> <strong>{e.reason}</strong>
                {e.count > 1 ? ` ×${e.count}` : ''} {e.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  )
}

/** The YAML in a text area; Review shows what changes as a diff, Apply asks main for the plan. */
function EditYaml({ details, busy, error, onClose, onApply }: { details: ObjectDetails; busy: boolean; error: ErrorInfo | null; onClose(): void; onApply(yaml: string): void }) {
  const { t } = useTranslation()
  const [text, setText] = useState(details.yaml)
  const [review, setReview] = useState(false)
  // A unified diff with three lines of context: "replicas" is in spec and in status, the context says which.
  const hunks = useMemo(() => (review ? structuredPatch('before', 'edited', details.yaml, text, '', '', { context: 3 }).hunks : []), [review, text])
  const changed = hunks.length > 0
  return (
    <Dialog
      title={t('cluster.yaml.editTitle', { name: details.name, version: details.resourceVersion })}
      wide
      testId="yaml-edit-dialog"
      onClose={onClose}
      footer={
        <>
          {review && (
            <button type="button" onClick={() => setReview(false)}>
              {t('cluster.yaml.back')}
            </button>
          )}
          {!review ? (
            <button type="button" className="primary" data-testid="yaml-review" onClick={() => setReview(true)}>
              {t('cluster.yaml.review')}
            </button>
          ) : (
            <button type="button" className="primary" data-testid="yaml-apply" disabled={busy || !changed} onClick={() => onApply(text)}>
              {t('cluster.yaml.apply')}
            </button>
          )}
        </>
      }
    >
      {!review ? (
        <textarea className="yaml-editor mono" spellCheck={false} aria-label="YAML" data-testid="yaml-text" value={text} onChange={(e) => setText(e.target.value)} />
      ) : (
        <>
          <p className="muted">{changed ? t('cluster.yaml.reviewExplain', { version: details.resourceVersion }) : t('cluster.yaml.noChange')}</p>
          <pre className="yaml-diff mono" data-testid="yaml-diff">
            {hunks.map((h) => (
              <div key={`${h.oldStart},${h.newStart}`}>
                <div className="diff-hunk">{`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`}</div>
                {h.lines.map((line, i) => (
                  <div key={i} className={line.startsWith('+') ? 'diff-add' : line.startsWith('-') ? 'diff-del' : ''} data-diff={line[0]}>
                    {line}
                  </div>
                ))}
              </div>
            ))}
          </pre>
        </>
      )}
      {error && <ErrorMessage error={error} />}
    </Dialog>
  )
}

/** key=value per line; a line `key-` removes the key (as kubectl label/annotate take them). */
function MetadataForm(props: {
  field: 'labels' | 'annotations'
  current: Record<string, string>
  busy: boolean
  error: ErrorInfo | null
  onClose(): void
  onApply(set: Record<string, string>, remove: string[]): void
}) {
  const { t } = useTranslation()
  const [text, setText] = useState(
    Object.entries(props.current)
      .map(([k, v]) => `${k}=${v}`)
      .join('\n')
  )
  const submit = () => {
    const wanted = new Map<string, string>()
    const removed: string[] = []
    for (const line of text.split('\n').map((l) => l.trim())) {
      if (!line) continue
      if (line.endsWith('-') && !line.includes('=')) removed.push(line.slice(0, -1))
      else {
        const eq = line.indexOf('=')
        wanted.set(eq < 0 ? line : line.slice(0, eq), eq < 0 ? '' : line.slice(eq + 1))
      }
    }
    // Keys no longer listed are removed; unchanged ones are not sent.
    for (const k of Object.keys(props.current)) if (!wanted.has(k) && !removed.includes(k)) removed.push(k)
    const set = Object.fromEntries([...wanted].filter(([k, v]) => props.current[k] !== v))
    props.onApply(set, removed)
  }
  return (
    <Dialog
      title={t(`cluster.actions.${props.field}`)}
      testId="metadata-dialog"
      onClose={props.onClose}
      footer={
        <button type="button" className="primary" data-testid="metadata-apply" disabled={props.busy} onClick={submit}>
          {t('cluster.drain.plan')}
        </button>
      }
    >
      <p className="muted">{t('cluster.actions.metadataExplain')}</p>
      <textarea
        className="yaml-editor mono short"
        spellCheck={false}
        aria-label={t(`cluster.actions.${props.field}`)}
        data-testid="metadata-text"
        value={text}
        onChange={(e) => setText(e.target.value)}
      />
      {props.error && <ErrorMessage error={props.error} />}
    </Dialog>
  )
}

function NumbersForm(props: {
  title: string
  explain?: string
  fields: { key: string; label: string; value: number; min: number }[]
  busy: boolean
  error: ErrorInfo | null
  onClose(): void
  onApply(v: Record<string, number>): void
}) {
  const { t } = useTranslation()
  const [values, setValues] = useState<Record<string, string>>(Object.fromEntries(props.fields.map((f) => [f.key, String(f.value)])))
  const parsed = Object.fromEntries(props.fields.map((f) => [f.key, /^\d+$/.test(values[f.key] ?? '') ? Number(values[f.key]) : NaN]))
  const ok = props.fields.every((f) => parsed[f.key] >= f.min)
  return (
    <Dialog
      title={props.title}
      testId="numbers-dialog"
      onClose={props.onClose}
      footer={
        <button type="button" className="primary" data-testid="numbers-apply" disabled={props.busy || !ok} onClick={() => props.onApply(parsed)}>
          {t('cluster.drain.plan')}
        </button>
      }
    >
      {props.explain && <p className="muted">{props.explain}</p>}
      {props.fields.map((f) => (
        <label key={f.key} className="field">
          <span>{f.label}</span>
          <input inputMode="numeric" data-testid={`numbers-${f.key}`} value={values[f.key]} onChange={(e) => setValues({ ...values, [f.key]: e.target.value })} />
        </label>
      ))}
      {props.error && <ErrorMessage error={props.error} />}
    </Dialog>
  )
}
