import { useEffect, useId, useMemo, useState, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '@shared/errors'
import type { ContextRef } from '@shared/model/kubeconfig'
import type { ExecTarget } from '@shared/model/terminals'
import { errorInfoOf } from '../../api'
import { Dialog, ErrorMessage } from '../../components'
import { useApi, useAppStore } from '../../store'
import { namespaceNames, useNamespaces } from '../contexts'

export function TerminalDialogs() {
  const dialog = useAppStore((s) => s.terminalDialog)
  if (!dialog) return null
  return dialog.kind === 'local' ? <LocalShellDialog initial={dialog.context} /> : <PodExecDialog initial={dialog} />
}

const refKey = (c: ContextRef) => `${c.file}\u0000${c.name}`

/** The contexts to choose from, and the one to start with (the given one, else the active). */
function useContextChoice(initial?: ContextRef) {
  const kube = useAppStore((s) => s.kube)
  const contexts = useMemo(() => (kube?.contexts ?? []).filter((c) => !c.shadowedBy), [kube])
  const start = initial ?? kube?.active ?? contexts[0]
  const [key, setKey] = useState(start ? refKey(start) : '')
  const chosen = contexts.find((c) => refKey(c) === key)
  return { contexts, key, setKey, chosen: chosen ? { file: chosen.file, name: chosen.name } : undefined, namespace: chosen?.namespace }
}

function ContextSelect(props: { contexts: ContextRef[]; value: string; onChange(key: string): void }) {
  const { t } = useTranslation()
  return (
    <label className="field">
      <span>{t('terminals.dialog.context')}</span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value)} data-testid="terminal-dialog-context" required>
        {props.contexts.map((c) => (
          <option key={refKey(c)} value={refKey(c)}>
            {c.name}
          </option>
        ))}
      </select>
    </label>
  )
}

function FormDialog(props: { title: string; testId: string; canSubmit: boolean; error: ErrorInfo | null; onSubmit(): void; children: ReactNode }) {
  const { t } = useTranslation()
  const close = useAppStore((s) => s.closeTerminalDialog)
  const formId = useId()
  return (
    <Dialog
      title={props.title}
      onClose={close}
      testId={props.testId}
      footer={
        <>
          <button type="button" onClick={close}>
            {t('app.cancel')}
          </button>
          <button type="submit" form={formId} className="primary" disabled={!props.canSubmit} data-testid="dialog-submit">
            {t('terminals.dialog.open')}
          </button>
        </>
      }
    >
      <form
        id={formId}
        className="terminal-dialog-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (props.canSubmit) props.onSubmit()
        }}
      >
        {props.children}
      </form>
      {props.error && <ErrorMessage error={props.error} />}
    </Dialog>
  )
}

function LocalShellDialog({ initial }: { initial?: ContextRef }) {
  const { t } = useTranslation()
  const openLocal = useAppStore((s) => s.openLocalTerminal)
  const close = useAppStore((s) => s.closeTerminalDialog)
  const choice = useContextChoice(initial)
  return (
    <FormDialog
      title={t('terminals.dialog.localTitle')}
      testId="terminal-local-dialog"
      canSubmit={!!choice.chosen}
      error={null}
      onSubmit={() => {
        close()
        if (choice.chosen) void openLocal(choice.chosen)
      }}
    >
      {choice.contexts.length === 0 ? <p>{t('terminals.dialog.noContexts')}</p> : <ContextSelect contexts={choice.contexts} value={choice.key} onChange={choice.setKey} />}
      <p className="muted small">{t('terminals.dialog.localNote')}</p>
    </FormDialog>
  )
}

function PodExecDialog({ initial }: { initial: { context?: ContextRef; namespace?: string; pod?: string } }) {
  const { t } = useTranslation()
  const api = useApi()
  const openPod = useAppStore((s) => s.openPodTerminal)
  const close = useAppStore((s) => s.closeTerminalDialog)
  const choice = useContextChoice(initial.context)
  const [namespace, setNamespace] = useState(initial.namespace ?? '')
  const [targets, setTargets] = useState<ExecTarget[] | null>(null)
  const [pod, setPod] = useState(initial.pod ?? '')
  const [container, setContainer] = useState('')
  const [command, setCommand] = useState('')
  const [error, setError] = useState<ErrorInfo | null>(null)
  const listId = useId()
  const context = choice.chosen
  const namespaces = namespaceNames(useNamespaces(context))
  const effectiveNamespace = namespace || choice.namespace || 'default'

  useEffect(() => {
    if (!context) return
    let current = true
    setTargets(null)
    setError(null)
    // Typing a namespace: wait for a pause before listing its pods.
    const timer = setTimeout(() => {
      api.call('terminals.execTargets', { context, namespace: effectiveNamespace }).then(
        (list) => {
          if (!current) return
          setTargets(list)
          if (!list.some((x) => x.pod === pod)) setPod(list.find((x) => x.phase === 'Running')?.pod ?? list[0]?.pod ?? '')
        },
        (e) => current && (setTargets([]), setError(errorInfoOf(e)))
      )
    }, 250)
    return () => {
      current = false
      clearTimeout(timer)
    }
  }, [api, context?.file, context?.name, effectiveNamespace])

  const target = targets?.find((x) => x.pod === pod)
  useEffect(() => {
    if (target && !target.containers.includes(container)) setContainer(target.defaultContainer)
  }, [target])

  return (
    <FormDialog
      title={t('terminals.dialog.podTitle')}
      testId="terminal-pod-dialog"
      canSubmit={!!context && !!target && !!container}
      error={error}
      onSubmit={() => {
        if (!context || !target) return
        const argv = command.trim() ? command.trim().split(/\s+/) : undefined
        close()
        void openPod({ context, namespace: effectiveNamespace, pod: target.pod, container, command: argv })
      }}
    >
      {choice.contexts.length === 0 ? <p>{t('terminals.dialog.noContexts')}</p> : <ContextSelect contexts={choice.contexts} value={choice.key} onChange={choice.setKey} />}
      <label className="field">
        <span>{t('terminals.dialog.namespace')}</span>
        <input
          list={listId}
          value={namespace}
          placeholder={choice.namespace || 'default'}
          spellCheck={false}
          autoComplete="off"
          data-testid="terminal-dialog-namespace"
          onChange={(e) => setNamespace(e.target.value.trim())}
        />
        <datalist id={listId}>
          {namespaces.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>{t('terminals.dialog.pod')}</span>
        {targets === null ? (
          <span className="muted">{t('terminals.dialog.loadingPods')}</span>
        ) : targets.length === 0 ? (
          // When listing failed, the error below says so; "no pods" would contradict it.
          !error && <span className="muted">{t('terminals.dialog.noPods')}</span>
        ) : (
          <select value={pod} onChange={(e) => setPod(e.target.value)} data-testid="terminal-dialog-pod" size={Math.min(8, Math.max(2, targets.length))}>
            {targets.map((x) => (
              <option key={x.pod} value={x.pod}>
                {x.pod} ({x.phase})
              </option>
            ))}
          </select>
        )}
      </label>
      {target && (
        <label className="field">
          <span>{t('terminals.dialog.container')}</span>
          <select value={container} onChange={(e) => setContainer(e.target.value)} data-testid="terminal-dialog-container">
            {target.containers.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field">
        <span>{t('terminals.dialog.command')}</span>
        <input
          value={command}
          placeholder={t('terminals.dialog.commandHint')}
          spellCheck={false}
          autoComplete="off"
          className="mono"
          data-testid="terminal-dialog-command"
          onChange={(e) => setCommand(e.target.value)}
        />
      </label>
    </FormDialog>
  )
}
