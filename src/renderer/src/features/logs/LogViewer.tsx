import { memo, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { useVirtualizer } from '@tanstack/react-virtual'
import Anser from 'anser'
import { hintFor, type LogHint } from '@shared/log-hints'
import type { LogSourceInfo } from '@shared/model/logs'
import { ErrorMessage } from '../../components'
import { useAppStore } from '../../store'
import { atLeast, compile, prettyJson, severityOf, showTime, sourceColour, type Severity } from './line-format'
import { lineStore } from './logs-slice'
import type { LineStore } from './line-store'

const ROW = 18

/** Sequence numbers of the lines that pass the filter, extended as lines arrive. */
function useRows(store: LineStore | undefined, version: number, f: { include: RegExp | null; exclude: RegExp | null; min: Severity; hidden: Set<number> }) {
  const cache = useRef<{ key: unknown; rows: number[]; upTo: number }>({ key: null, rows: [], upTo: 0 })
  return useMemo(() => {
    if (!store) return []
    const c = cache.current
    const plain = !f.include && !f.exclude && !f.min && f.hidden.size === 0
    if (c.key !== f) c.key = f
    else if (c.upTo >= store.first) {
      // Same filter: only the new lines are tested; released ones are cut from the front.
      extend(c, store, f, plain)
      return c.rows
    }
    c.rows = []
    c.upTo = store.first
    extend(c, store, f, plain)
    return c.rows
  }, [store, version, f])
}

function extend(c: { rows: number[]; upTo: number }, store: LineStore, f: { include: RegExp | null; exclude: RegExp | null; min: Severity; hidden: Set<number> }, plain: boolean) {
  let cut = 0
  while (cut < c.rows.length && c.rows[cut] < store.first) cut++
  // In place: copying a million rows per batch would cost more than drawing them.
  if (cut) c.rows.splice(0, cut)
  for (let seq = Math.max(c.upTo, store.first); seq < store.end; seq++) {
    if (plain) {
      c.rows.push(seq)
      continue
    }
    const text = store.textAt(seq)
    if (f.hidden.has(store.sourceAt(seq))) continue
    if (f.include && !f.include.test(text)) continue
    if (f.exclude && f.exclude.test(text)) continue
    if (f.min && !atLeast(severityOf(text), f.min)) continue
    c.rows.push(seq)
  }
  c.upTo = store.end
}

/**
 * One log session: a virtualised list (a million lines scroll as fast as a hundred), follow
 * with a "new lines" marker when scrolled away, search with n of total, include/exclude
 * filters, severity, per-source colours, wrap, timestamps (UTC or local), JSON pretty-printing,
 * ANSI colours, hints for lines that mean something known, and saving everything received.
 */
export function LogViewer({ id }: { id: string }) {
  const { t } = useTranslation()
  const view = useAppStore((s) => s.logViews[id])
  const close = useAppStore((s) => s.closeLogs)
  const store = lineStore(id)
  const [include, setInclude] = useState('')
  const [exclude, setExclude] = useState('')
  const [min, setMin] = useState<Severity>('')
  const [hidden, setHidden] = useState<Set<number>>(new Set())
  const [search, setSearch] = useState('')
  const [current, setCurrent] = useState(0)
  const [wrap, setWrap] = useState(false)
  const [times, setTimes] = useState<'off' | 'utc' | 'local'>('off')
  const [pretty, setPretty] = useState(false)
  const [follow, setFollow] = useState(true)
  const [seenEnd, setSeenEnd] = useState(0)
  const [jump, setJump] = useState('')
  const parent = useRef<HTMLDivElement>(null)

  const inc = compile(include)
  const exc = compile(exclude)
  const filter = useMemo(() => ({ include: inc.re, exclude: exc.re, min, hidden }), [include, exclude, min, hidden])
  const rows = useRows(store, view?.version ?? 0, filter)
  const sq = compile(search)
  const matches = useMemo(() => {
    if (!sq.re || !store) return [] as number[]
    const out: number[] = []
    rows.forEach((seq, i) => sq.re!.test(store.textAt(seq)) && out.push(i))
    return out
  }, [rows, rows.length, search, store, view?.version])

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => parent.current,
    estimateSize: () => ROW,
    overscan: 30,
    // Only wrapped or pretty-printed rows differ in height; fixed rows are not measured.
    ...(wrap || pretty ? { measureElement: (el: Element) => el.getBoundingClientRect().height } : {})
  })

  // Following: stay at the end as lines come.
  useEffect(() => {
    if (follow && rows.length) {
      virtualizer.scrollToIndex(rows.length - 1, { align: 'end' })
      setSeenEnd(rows.length)
    }
  }, [rows.length, follow])

  if (!view || !store) return null
  const multi = view.sources.length > 1
  const fresh = follow ? 0 : Math.max(0, rows.length - seenEnd)
  const goMatch = (k: number) => {
    if (!matches.length) return
    const n = ((k % matches.length) + matches.length) % matches.length
    setCurrent(n)
    setFollow(false)
    virtualizer.scrollToIndex(matches[n], { align: 'center' })
  }
  const onScroll = () => {
    const el = parent.current
    if (!el) return
    const atEnd = el.scrollHeight - el.scrollTop - el.clientHeight < ROW * 2
    if (atEnd !== follow) setFollow(atEnd)
    if (!atEnd && follow) setSeenEnd(rows.length)
  }
  const jumpToTime = () => {
    const target = jumpTarget(jump)
    if (!target) return
    const i = rows.findIndex((seq) => {
      const tt = store.timeAt(seq)
      return tt && Date.parse(tt) >= target
    })
    if (i >= 0) {
      setFollow(false)
      virtualizer.scrollToIndex(i, { align: 'start' })
    }
  }

  return (
    <section className="log-viewer" data-testid="log-viewer" aria-label={view.info.title}>
      <div className="log-toolbar">
        <label className="log-field">
          <span>{t('logs.search')}</span>
          <input
            data-testid="log-search"
            value={search}
            onChange={(e) => {
              setSearch(e.target.value)
              setCurrent(0)
            }}
            onKeyDown={(e) => e.key === 'Enter' && goMatch(e.shiftKey ? current - 1 : current + 1)}
            aria-invalid={!!sq.error}
          />
        </label>
        <span className="log-count mono" data-testid="log-search-count">
          {search ? t('logs.matchOf', { n: matches.length ? current + 1 : 0, total: matches.length }) : ''}
        </span>
        <button aria-label={t('logs.previous')} disabled={!matches.length} onClick={() => goMatch(current - 1)}>
          ↑
        </button>
        <button aria-label={t('logs.next')} disabled={!matches.length} onClick={() => goMatch(current + 1)}>
          ↓
        </button>
        <label className="log-field">
          <span>{t('logs.include')}</span>
          <input data-testid="log-include" value={include} onChange={(e) => setInclude(e.target.value)} aria-invalid={!!inc.error} placeholder="error|timeout" />
        </label>
        <label className="log-field">
          <span>{t('logs.exclude')}</span>
          <input data-testid="log-exclude" value={exclude} onChange={(e) => setExclude(e.target.value)} aria-invalid={!!exc.error} placeholder="healthz" />
        </label>
        <label className="log-field">
          <span>{t('logs.severity')}</span>
          <select data-testid="log-severity" value={min} onChange={(e) => setMin(e.target.value as Severity)}>
            <option value="">{t('logs.levels.all')}</option>
            <option value="info">{t('logs.levels.info')}</option>
            <option value="warn">{t('logs.levels.warn')}</option>
            <option value="error">{t('logs.levels.error')}</option>
          </select>
        </label>
        <label className="log-check">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> {t('logs.wrap')}
        </label>
        <label className="log-check">
          <input type="checkbox" data-testid="log-pretty" checked={pretty} onChange={(e) => setPretty(e.target.checked)} /> {t('logs.pretty')}
        </label>
        <label className="log-field">
          <span>{t('logs.times')}</span>
          <select value={times} onChange={(e) => setTimes(e.target.value as typeof times)}>
            <option value="off">{t('logs.timesOff')}</option>
            <option value="local">{t('logs.timesLocal')}</option>
            <option value="utc">UTC</option>
          </select>
        </label>
        <span className="spacer" />
        <button data-testid="log-follow" className={follow ? 'toggle' : ''} aria-pressed={follow} onClick={() => setFollow(!follow)}>
          {follow ? t('logs.following') : t('logs.paused')}
        </button>
        <SaveButton id={id} multi={multi} pods={view.info.target.kind === 'pods'} />
        <button data-testid="log-close" onClick={() => void close(id)}>
          {t('logs.close')}
        </button>
      </div>
      {(inc.error || exc.error || sq.error) && <div className="log-notice error-text">{t('logs.badPattern', { error: inc.error ?? exc.error ?? sq.error })}</div>}
      <Sources sources={view.sources} hidden={hidden} onToggle={(i) => setHidden(toggle(hidden, i))} />
      {view.info.notes.map((n) => (
        <div key={n} className="log-notice">
          {n}
        </div>
      ))}
      {store.dropped > 0 && (
        <div className="log-notice" data-testid="log-dropped">
          {t('logs.dropped', { count: store.dropped, capacity: store.capacity.toLocaleString() })}
        </div>
      )}
      <div className="log-status small muted" data-testid="log-status">
        {t('logs.status', { shown: rows.length.toLocaleString(), held: store.length.toLocaleString(), mb: ((store.units * 2) / 1048576).toFixed(0) })}
        <form
          className="log-jump"
          onSubmit={(e) => {
            e.preventDefault()
            jumpToTime()
          }}
        >
          <input value={jump} onChange={(e) => setJump(e.target.value)} placeholder={t('logs.jumpPlaceholder')} aria-label={t('logs.jump')} />
        </form>
      </div>
      <div ref={parent} className={`log-lines${wrap ? ' wrap' : ''}`} data-testid="log-lines" onScroll={onScroll} tabIndex={0} role="log" aria-live="off">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualizer.getVirtualItems().map((v) => {
            const seq = rows[v.index]
            return (
              <div
                key={v.key}
                data-index={v.index}
                ref={wrap || pretty ? virtualizer.measureElement : undefined}
                className="log-row"
                style={{ transform: `translateY(${v.start}px)`, ...(wrap || pretty ? {} : { height: ROW }) }}
              >
                <Line
                  text={store.textAt(seq)}
                  time={times === 'off' ? '' : showTime(store.timeAt(seq), times)}
                  source={multi ? view.sources[store.sourceAt(seq)] : undefined}
                  search={sq.re}
                  current={matches[current] === v.index}
                  pretty={pretty}
                />
              </div>
            )
          })}
        </div>
      </div>
      {fresh > 0 && (
        <button className="log-new" data-testid="log-new-lines" onClick={() => setFollow(true)}>
          {t('logs.newLines', { count: fresh })}
        </button>
      )}
    </section>
  )
}

const toggle = (set: Set<number>, i: number) => {
  const next = new Set(set)
  if (next.has(i)) next.delete(i)
  else next.add(i)
  return next
}

/** `14:03`, `14:03:20`, or a whole date-time: the instant to jump to (today, local time, for a bare time). */
function jumpTarget(v: string): number | null {
  const m = /^(\d{1,2}):(\d\d)(?::(\d\d))?$/.exec(v.trim())
  if (m) {
    const d = new Date()
    d.setHours(Number(m[1]), Number(m[2]), Number(m[3] ?? 0), 0)
    return d.getTime()
  }
  const x = Date.parse(v)
  return isNaN(x) ? null : x
}

function Sources({ sources, hidden, onToggle }: { sources: LogSourceInfo[]; hidden: Set<number>; onToggle(i: number): void }) {
  const { t } = useTranslation()
  if (sources.length < 2 && sources.every((s) => s.state === 'streaming' || s.state === 'ended')) return null
  return (
    <div className="log-sources" data-testid="log-sources">
      {sources.map((s) => (
        <button
          key={s.index}
          className={`log-source log-source-${s.state}${hidden.has(s.index) ? ' hidden' : ''}`}
          style={{ borderColor: sourceColour(s.index) }}
          title={s.error ?? t(`logs.state.${s.state}`)}
          data-state={s.state}
          aria-pressed={!hidden.has(s.index)}
          onClick={() => onToggle(s.index)}
        >
          <span className="dot" style={{ background: sourceColour(s.index) }} />
          {s.label}
          {s.state !== 'streaming' && <em> · {t(`logs.state.${s.state}`)}</em>}
          {s.reconnects > 0 && <em> · {t('logs.resumed', { count: s.reconnects })}</em>}
        </button>
      ))}
      {sources
        .filter((s) => s.state === 'failed' && s.error)
        .map((s) => (
          <ErrorMessage key={`e${s.index}`} error={{ code: 'log-source.failed', message: `${s.label}: ${s.error}` }} />
        ))}
    </div>
  )
}

const Line = memo(function Line({
  text,
  time,
  source,
  search,
  current,
  pretty
}: {
  text: string
  time: string
  source?: LogSourceInfo
  search: RegExp | null
  current: boolean
  pretty: boolean
}) {
  const hint = hintFor(text)
  const sev = severityOf(text)
  const body = pretty ? (prettyJson(text) ?? text) : text
  return (
    <div className={`log-line sev-${sev || 'none'}${current ? ' current' : ''}`}>
      {source && (
        <span className="log-prefix" style={{ color: sourceColour(source.index) }}>
          [{source.label}]{' '}
        </span>
      )}
      {time && <span className="log-time">{time} </span>}
      {pretty && sev && <span className={`log-level lvl-${sev}`}>{sev.toUpperCase()}</span>}
      {hint && <Hint hint={hint} />}
      <Text text={body} search={search} />
    </div>
  )
})

function Text({ text, search }: { text: string; search: RegExp | null }) {
  if (text.includes('\u001b[')) {
    const parts = Anser.ansiToJson(text, { json: true, remove_empty: true })
    return (
      <>
        {parts.map((p, i) => (
          <span
            key={i}
            style={{ color: p.fg ? `rgb(${p.fg})` : undefined, background: p.bg ? `rgb(${p.bg})` : undefined, fontWeight: p.decorations.includes('bold') ? 600 : undefined }}
          >
            <Marked text={p.content} search={search} />
          </span>
        ))}
      </>
    )
  }
  return <Marked text={text} search={search} />
}

function Marked({ text, search }: { text: string; search: RegExp | null }) {
  if (!search) return <>{text}</>
  const re = new RegExp(search.source, search.flags.includes('g') ? search.flags : search.flags + 'g')
  const out: ReactNode[] = []
  let last = 0
  for (const m of text.matchAll(re)) {
    if (!m[0]) break
    out.push(text.slice(last, m.index), <mark key={m.index}>{m[0]}</mark>)
    last = m.index! + m[0].length
  }
  out.push(text.slice(last))
  return <>{out}</>
}

function Hint({ hint }: { hint: LogHint }) {
  const { t, i18n } = useTranslation()
  const goTo = useAppStore((s) => s.goTo)
  const setEtcdTab = useAppStore((s) => s.setEtcdTab)
  const [open, setOpen] = useState(false)
  const words = i18n.language === 'zh-CN' ? hint.zh : hint.en
  return (
    <span className="log-hint" data-hint={hint.id}>
      <button className="chip chip-warning" onClick={() => setOpen(!open)} aria-expanded={open} title={words.meaning}>
        {words.title}
      </button>
      {open && (
        <span className="log-hint-body" role="note">
          {words.meaning}{' '}
          {hint.fix && (
            <button
              className="link"
              onClick={() => {
                if (hint.fix!.page === 'etcd' && hint.fix!.tab) setEtcdTab(hint.fix!.tab)
                goTo(hint.fix!.page)
              }}
            >
              {t(`logs.fix.${hint.fix.page}`)}
            </button>
          )}
        </span>
      )}
    </span>
  )
}

function SaveButton({ id, multi, pods }: { id: string; multi: boolean; pods: boolean }) {
  const { t } = useTranslation()
  const save = useAppStore((s) => s.saveLogs)
  const [open, setOpen] = useState(false)
  const [path, setPath] = useState('')
  const [timestamps, setTimestamps] = useState(false)
  const [prefix, setPrefix] = useState(multi)
  const [full, setFull] = useState(false)
  const [result, setResult] = useState<string | null>(null)
  const [error, setError] = useState<import('@shared/errors').ErrorInfo | null>(null)
  if (!open) {
    return (
      <button data-testid="log-save" onClick={() => setOpen(true)}>
        {t('logs.save')}
      </button>
    )
  }
  return (
    <form
      className="log-save"
      onSubmit={async (e) => {
        e.preventDefault()
        setError(null)
        const r = await save(id, path, { timestamps, prefix, full })
        if ('code' in r) setError(r)
        else setResult(t('logs.saved', { path: r.path, count: r.lines }))
      }}
    >
      <input data-testid="log-save-path" className="mono" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/home/you/web.log" aria-label={t('logs.savePath')} />
      <label className="log-check">
        <input type="checkbox" checked={timestamps} onChange={(e) => setTimestamps(e.target.checked)} /> {t('logs.saveTimestamps')}
      </label>
      <label className="log-check">
        <input type="checkbox" checked={prefix} onChange={(e) => setPrefix(e.target.checked)} /> {t('logs.savePrefix')}
      </label>
      {pods && (
        <label className="log-check" title={t('logs.saveFullHint')}>
          <input type="checkbox" data-testid="log-save-full" checked={full} onChange={(e) => setFull(e.target.checked)} /> {t('logs.saveFull')}
        </label>
      )}
      <button type="submit" data-testid="log-save-go" disabled={!path.trim()}>
        {full ? t('logs.saveGoFull') : t('logs.saveGo')}
      </button>
      <button type="button" onClick={() => setOpen(false)}>
        {t('logs.cancel')}
      </button>
      {result && (
        <span className="small" data-testid="log-saved">
          {result}
        </span>
      )}
      {error && <ErrorMessage error={error} />}
    </form>
  )
}
