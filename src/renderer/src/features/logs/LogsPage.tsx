import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { LogOptions, LogTarget } from '@shared/model/logs'
import type { ExecTarget } from '@shared/model/terminals'
import { ErrorMessage } from '../../components'
import { useApi, useAppStore } from '../../store'
import { useNamespaces } from '../contexts'
import { LogViewer } from './LogViewer'

type Kind = 'pod' | 'workload' | 'selector' | 'node'

/** Log viewers in tabs, and the form that opens one: a pod, a workload, a selector, or a node's journal or files. */
export function LogsPage() {
  const { t } = useTranslation()
  const order = useAppStore((s) => s.logOrder)
  const views = useAppStore((s) => s.logViews)
  const active = useAppStore((s) => s.activeLog)
  const show = useAppStore((s) => s.showLogs)
  const preset = useAppStore((s) => s.logPreset)
  const [opening, setOpening] = useState(order.length === 0)
  // Sent here from another page (a node's logs): the form, filled in.
  useEffect(() => {
    if (preset) setOpening(true)
  }, [preset])
  return (
    <div className="logs-page" data-testid="logs-page">
      <div className="logs-tabs" role="tablist" aria-label={t('logs.title')}>
        {order.map((id) => (
          <button
            key={id}
            role="tab"
            aria-selected={active === id && !opening}
            className={active === id && !opening ? 'active' : ''}
            data-testid="log-tab"
            onClick={() => (setOpening(false), show(id))}
          >
            {views[id]?.info.title}
          </button>
        ))}
        <button role="tab" aria-selected={opening} className={opening ? 'active' : ''} data-testid="log-tab-new" onClick={() => setOpening(true)}>
          + {t('logs.open')}
        </button>
      </div>
      {opening || !active ? (
        <Opener key={preset ? `${preset.host} ${preset.units} ${preset.pod?.name}` : 'form'} onOpened={() => setOpening(false)} />
      ) : (
        <LogViewer key={active} id={active} />
      )}
    </div>
  )
}

function Opener({ onOpened }: { onOpened(): void }) {
  const { t } = useTranslation()
  const api = useApi()
  const context = useAppStore((s) => s.kube?.active ?? null)
  const open = useAppStore((s) => s.openLogs)
  const opening = useAppStore((s) => s.logOpening)
  const error = useAppStore((s) => s.logOpenError)
  const preset = useAppStore((s) => s.logPreset)
  // The Nodes page's hosts of this cluster (their SSH targets), offered by name.
  const inventory = useAppStore((s) => s.inventory)
  const known = inventory && context && inventory.context.file === context.file && inventory.context.name === context.name ? inventory.hosts : []
  const [kind, setKind] = useState<Kind>(preset?.kind ?? 'pod')
  const [namespace, setNamespace] = useState(preset?.pod?.namespace ?? 'default')
  const [pod, setPod] = useState(preset?.pod?.name ?? '')
  const [container, setContainer] = useState('')
  const [workload, setWorkload] = useState('')
  const [selector, setSelector] = useState('')
  const [host, setHost] = useState(preset?.host ?? '')
  const [nodeSource, setNodeSource] = useState<'units' | 'file' | 'pod'>(preset?.pod ? 'pod' : 'units')
  const [units, setUnits] = useState(preset?.units ?? 'kubelet')
  const [file, setFile] = useState('')
  const [follow, setFollow] = useState(true)
  const [tail, setTail] = useState('1000')
  const [previous, setPrevious] = useState(false)
  const [since, setSince] = useState('')
  const namespaces = useNamespaces(context)
  const [targets, setTargets] = useState<ExecTarget[]>([])
  useEffect(() => {
    if (!context || kind !== 'pod') return
    let live = true
    api.call('terminals.execTargets', { context, namespace }).then(
      (x) => live && setTargets(x),
      () => live && setTargets([])
    )
    return () => {
      live = false
    }
  }, [context?.file, context?.name, namespace, kind])
  if (!context) return <p className="muted">{t('logs.noContext')}</p>
  const containers = targets.find((x) => x.pod === pod)?.containers ?? []
  const submit = async () => {
    const options: LogOptions = { follow, ...(previous ? { previous } : {}), ...(tail ? { tailLines: Number(tail) } : {}), ...(since ? { sinceSeconds: seconds(since) } : {}) }
    let target: LogTarget
    const cont = container === '*' ? ('all' as const) : container ? [container] : undefined
    if (kind === 'pod') target = { kind: 'pods', context, namespace, pods: [pod], containers: cont }
    else if (kind === 'workload') target = { kind: 'pods', context, namespace, workload, containers: cont }
    else if (kind === 'selector') target = { kind: 'pods', context, namespace, selector, containers: cont }
    else {
      const source =
        nodeSource === 'units'
          ? { units: units.split(/[\s,]+/).filter(Boolean) }
          : nodeSource === 'file'
            ? { file }
            : { pod: { namespace, name: pod, ...(container ? { container } : {}) } }
      const fromInventory = known.find((h) => h.name === host)?.target
      target = { kind: 'node', context, host: preset?.target && preset.host === host ? preset.target : (fromInventory ?? { host }), label: host, source }
    }
    if (await open(target, options)) onOpened()
  }
  return (
    <form
      className="log-opener card"
      data-testid="log-opener"
      onSubmit={(e) => {
        e.preventDefault()
        void submit()
      }}
    >
      <h2>{t('logs.openTitle', { context: context.name })}</h2>
      <div className="log-kinds" role="radiogroup" aria-label={t('logs.what')}>
        {(['pod', 'workload', 'selector', 'node'] as Kind[]).map((k) => (
          <label key={k} className="log-check">
            <input type="radio" name="log-kind" data-testid={`log-kind-${k}`} checked={kind === k} onChange={() => setKind(k)} /> {t(`logs.kinds.${k}`)}
          </label>
        ))}
      </div>
      <div className="log-form-row">
        {(kind !== 'node' || nodeSource === 'pod') && (
          <label className="field">
            <span>{t('logs.namespace')}</span>
            <input list="log-namespaces" data-testid="log-namespace" value={namespace} onChange={(e) => setNamespace(e.target.value)} />
            <datalist id="log-namespaces">{namespaces.state === 'done' && namespaces.names.map((n) => <option key={n} value={n} />)}</datalist>
          </label>
        )}
        {kind === 'pod' && (
          <label className="field grow">
            <span>{t('logs.pod')}</span>
            <input list="log-pods" data-testid="log-pod" value={pod} onChange={(e) => setPod(e.target.value)} required />
            <datalist id="log-pods">
              {targets.map((x) => (
                <option key={x.pod} value={x.pod} />
              ))}
            </datalist>
          </label>
        )}
        {kind === 'workload' && (
          <label className="field grow">
            <span>{t('logs.workload')}</span>
            <input
              data-testid="log-workload"
              className="mono"
              value={workload}
              onChange={(e) => setWorkload(e.target.value)}
              placeholder="deployment/web"
              required
              pattern="[A-Za-z.]+/.+"
            />
          </label>
        )}
        {kind === 'selector' && (
          <label className="field grow">
            <span>{t('logs.selector')}</span>
            <input data-testid="log-selector" className="mono" value={selector} onChange={(e) => setSelector(e.target.value)} placeholder="app=web,tier!=db" required />
          </label>
        )}
        {kind !== 'node' && (
          <label className="field">
            <span>{t('logs.container')}</span>
            <input list="log-containers" data-testid="log-container" value={container} onChange={(e) => setContainer(e.target.value)} placeholder={t('logs.containerDefault')} />
            <datalist id="log-containers">
              <option value="*">{t('logs.allContainers')}</option>
              {containers.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </label>
        )}
        {kind === 'node' && (
          <>
            <label className="field">
              <span>{t('logs.host')}</span>
              <input data-testid="log-host" className="mono" list="log-hosts" value={host} onChange={(e) => setHost(e.target.value)} required placeholder="node-1" />
              <datalist id="log-hosts">
                {known.map((h) => (
                  <option key={h.id} value={h.name} />
                ))}
              </datalist>
            </label>
            <label className="field">
              <span>{t('logs.nodeSource')}</span>
              <select data-testid="log-node-source" value={nodeSource} onChange={(e) => setNodeSource(e.target.value as typeof nodeSource)}>
                <option value="units">{t('logs.nodeSources.units')}</option>
                <option value="file">{t('logs.nodeSources.file')}</option>
                <option value="pod">{t('logs.nodeSources.pod')}</option>
              </select>
            </label>
            {nodeSource === 'units' && (
              <label className="field grow">
                <span>{t('logs.units')}</span>
                <input data-testid="log-units" className="mono" value={units} onChange={(e) => setUnits(e.target.value)} placeholder="kubelet containerd" required />
              </label>
            )}
            {nodeSource === 'file' && (
              <label className="field grow">
                <span>{t('logs.file')}</span>
                <input data-testid="log-file" className="mono" value={file} onChange={(e) => setFile(e.target.value)} placeholder="/var/log/messages" required pattern="/.*" />
              </label>
            )}
            {nodeSource === 'pod' && (
              <label className="field grow">
                <span>{t('logs.pod')}</span>
                <input data-testid="log-pod" value={pod} onChange={(e) => setPod(e.target.value)} required placeholder="kube-apiserver-node-1" />
              </label>
            )}
          </>
        )}
      </div>
      <div className="log-form-row">
        <label className="log-check">
          <input type="checkbox" data-testid="log-follow-option" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> {t('logs.follow')}
        </label>
        <label className="field">
          <span>{t('logs.tail')}</span>
          <input type="number" min={0} data-testid="log-tail" value={tail} onChange={(e) => setTail(e.target.value)} placeholder={t('logs.tailAll')} />
        </label>
        <label className="field">
          <span>{t('logs.since')}</span>
          <input value={since} onChange={(e) => setSince(e.target.value)} placeholder="1h" pattern="\d+[smh]" />
        </label>
        {kind !== 'node' && (
          <label className="log-check">
            <input type="checkbox" checked={previous} onChange={(e) => setPrevious(e.target.checked)} /> {t('logs.previousContainer')}
          </label>
        )}
        <span className="spacer" />
        <button type="submit" className="primary" data-testid="log-open" disabled={opening}>
          {opening ? t('logs.opening') : t('logs.openButton')}
        </button>
      </div>
      {kind === 'node' && nodeSource === 'pod' && <p className="small muted">{t('logs.podFilesNote')}</p>}
      {error && <ErrorMessage error={error} />}
    </form>
  )
}

const seconds = (v: string) => {
  const m = /^(\d+)([smh])$/.exec(v.trim())
  return m ? Number(m[1]) * { s: 1, m: 60, h: 3600 }[m[2] as 's' | 'm' | 'h'] : undefined
}
