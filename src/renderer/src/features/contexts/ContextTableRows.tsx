// One row of the contexts list: a kubeconfig file (a group header) or a context.
import { useTranslation } from 'react-i18next'
import { Highlight, Tooltip, useErrorWords } from '../../components'
import { useAppStore } from '../../store'
import { ColourDot } from './ColourDot'
import { DiagnosticChip } from './DiagnosticChip'
import { HealthDot } from '../doctor'
import { diagnosticLabel } from './diagnostic-text'
import { contextKey, highlightContext, type ContextRow } from './context-rows'
import { shortPath } from './short-path'

export const rowId = (index: number) => `context-row-${index}`

export function SourceRow({
  row,
  index,
  selected,
  toggleGroup
}: {
  row: Extract<ContextRow, { kind: 'source' }>
  index: number
  selected: boolean
  toggleGroup(path: string): void
}) {
  const { t } = useTranslation()
  const errorWords = useErrorWords()
  const select = useAppStore((s) => s.selectContext)
  const s = row.source
  const label = row.collapsed ? t('contexts.source.expand', { file: s.path }) : t('contexts.source.collapse', { file: s.path })
  return (
    <div
      role="option"
      id={rowId(index)}
      aria-selected={selected}
      aria-expanded={!row.collapsed}
      aria-label={label}
      className={`source-row${selected ? ' selected' : ''}${s.error ? ' has-error' : ''}${s.exists ? '' : ' missing'}`}
      data-testid="source-row"
      data-file={s.path}
      onClick={() => {
        select(row.key)
        toggleGroup(s.path)
      }}
    >
      <span className="twisty" aria-hidden>
        {row.collapsed ? '▸' : '▾'}
      </span>
      <span className="source-path mono">{s.path}</span>
      <span className={`origin-badge origin-${s.origin}`}>{t(`contexts.origin.${s.origin}`)}</span>
      {s.folder && <span className="muted">{t('contexts.source.folder', { folder: s.folder })}</span>}
      <span className="muted">
        {row.shown === s.contextCount || s.error
          ? t('contexts.source.contexts', { count: s.contextCount })
          : t('contexts.source.shown', { shown: row.shown, count: s.contextCount })}
      </span>
      {!s.exists && <span className="chip chip-info">{t('contexts.source.missing')}</span>}
      {s.error && (
        <Tooltip
          className="chip-anchor"
          content={
            <>
              <strong>{errorWords(s.error).message}</strong>
              {s.error.hint && <div className="tooltip-detail">{errorWords(s.error).hint}</div>}
            </>
          }
        >
          <span className="chip chip-error">
            {t('contexts.source.failed')}
            {s.error.line ? ` · ${t('contexts.source.line', { line: s.error.line })}` : ''}
          </span>
        </Tooltip>
      )}
    </div>
  )
}

export function ContextRowView({
  row,
  index,
  selected,
  active,
  tokens,
  grouped
}: {
  row: Extract<ContextRow, { kind: 'context' }>
  index: number
  selected: boolean
  active: boolean
  tokens: string[]
  grouped: boolean
}) {
  const { t } = useTranslation()
  const select = useAppStore((s) => s.selectContext)
  const switchContext = useAppStore((s) => s.switchContext)
  const setPreferences = useAppStore((s) => s.setContextPreferences)
  const c = row.entry
  // The last on-demand reachability check shows here too, unless the row already says the same.
  const reach = useAppStore((s) => s.reachability[contextKey({ file: c.file, name: c.name })])
  const reachChip = reach && reach !== 'pending' && !c.diagnostics.some((d) => d.kind === reach.kind) ? reach : null
  const diagnostics = [...c.diagnostics, ...(reachChip ? [reachChip] : [])].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1))
  const key = row.key
  const isActive = active
  const m = highlightContext(c, tokens)
  return (
    <div
      role="option"
      id={rowId(index)}
      aria-selected={selected}
      aria-current={isActive ? 'true' : undefined}
      aria-label={c.name}
      aria-description={[c.cluster, c.namespace, c.file].filter(Boolean).join(', ')}
      className={`context-row${selected ? ' selected' : ''}${isActive ? ' active' : ''}${c.shadowedBy ? ' shadowed' : ''}${grouped ? ' grouped' : ' flat'}`}
      data-testid="context-row"
      data-name={c.name}
      data-file={c.file}
      data-namespace={c.namespace}
      onClick={() => select(key)}
      onDoubleClick={() => void switchContext({ file: c.file, name: c.name })}
    >
      <span className="cell cell-fav">
        <button
          type="button"
          tabIndex={-1}
          className={`star${c.favourite ? ' on' : ''}`}
          aria-label={c.favourite ? t('contexts.removeFavourite', { name: c.name }) : t('contexts.addFavourite', { name: c.name })}
          aria-pressed={c.favourite}
          onClick={(e) => {
            e.stopPropagation()
            void setPreferences({ file: c.file, name: c.name }, { favourite: !c.favourite })
          }}
        >
          {c.favourite ? '★' : '☆'}
        </button>
      </span>
      <span className="cell cell-colour">
        <ColourDot colour={c.colour} label={c.colour ? t(`contexts.colours.${c.colour}`) : undefined} />
      </span>
      <span className="cell cell-name">
        <span className="active-mark" aria-hidden title={isActive ? t('contexts.active') : c.current ? t('contexts.fileCurrent') : undefined}>
          {isActive ? '●' : c.current ? '○' : ''}
        </span>
        <span className="name-text">
          <Highlight text={c.name} positions={m.name} />
        </span>
        <HealthDot context={{ file: c.file, name: c.name }} />
        {c.shadowedBy && (
          <Tooltip className="chip-anchor" content={t('contexts.shadowedBy', { file: c.shadowedBy })}>
            <span className="chip chip-info">{t('contexts.shadowed')}</span>
          </Tooltip>
        )}
      </span>
      <span className="cell">
        <Highlight text={c.cluster} positions={m.cluster} />
      </span>
      <span className="cell">
        <Highlight text={c.user} positions={m.user} />
      </span>
      <span className={`cell${c.namespace ? '' : ' muted'}`}>{c.namespace ? <Highlight text={c.namespace} positions={m.namespace} /> : t('contexts.defaultNamespace')}</span>
      <span className="cell mono server">
        <Highlight text={c.server} positions={m.server} />
      </span>
      <span className="cell cell-diag">
        {/* Chips never clip: the worst one whole, the rest as a count (all of them in the details). */}
        {diagnostics.slice(0, 1).map((d, i) => (
          <DiagnosticChip key={i} diagnostic={d} context={{ file: c.file, name: c.name }} />
        ))}
        {diagnostics.length > 1 && (
          <span
            className="chip chip-info"
            data-testid="diag-more"
            title={diagnostics
              .slice(1)
              .map((d) => diagnosticLabel(t, d))
              .join('\n')}
          >
            {t('contexts.moreDiagnostics', { count: diagnostics.length - 1 })}
          </span>
        )}
      </span>
      {!grouped && (
        <span className="cell mono muted file" title={c.file}>
          {shortPath(c.file)}
        </span>
      )}
    </div>
  )
}
