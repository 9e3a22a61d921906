import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ErrorInfo } from '@shared/errors'
import type { InventoryHost, ResolvedSshSettings, SshTarget } from '@shared/model/ssh'
import { errorInfoOf } from '../../api'
import { Dialog, ErrorMessage } from '../../components'
import { useApi, useAppStore } from '../../store'
import { parseTargetForm } from './format'

export function HostDialogs() {
  const dialog = useAppStore((s) => s.hostDialog)
  if (!dialog) return null
  if (dialog.kind === 'edit') return <TargetDialog host={dialog.host} />
  if (dialog.kind === 'add') return <TargetDialog />
  if (dialog.kind === 'remove') return <RemoveDialog host={dialog.host} />
  return <ForgetKeyDialog host={dialog.host} error={dialog.error} />
}

/** The ssh -G lines worth showing while editing a target. */
const SHOWN = ['user', 'hostname', 'port', 'identityfile', 'proxyjump', 'proxycommand', 'stricthostkeychecking', 'userknownhostsfile', 'serveraliveinterval', 'serveralivecountmax', 'connecttimeout']

function TargetDialog({ host }: { host?: InventoryHost }) {
  const { t } = useTranslation()
  const api = useApi()
  const close = useAppStore((s) => s.closeHostDialog)
  const setTarget = useAppStore((s) => s.setHostTarget)
  const addHost = useAppStore((s) => s.addHost)
  const ids = { name: useId(), host: useId(), user: useId(), port: useId(), identity: useId(), jump: useId() }
  const initial: SshTarget = host?.target ?? { host: '' }
  const [name, setName] = useState(host?.name ?? '')
  const [form, setForm] = useState({
    host: initial.host,
    user: initial.user ?? '',
    port: initial.port ? String(initial.port) : '',
    identityFile: initial.identityFile ?? '',
    proxyJump: initial.proxyJump ?? ''
  })
  const [error, setError] = useState<ErrorInfo | null>(null)
  const [busy, setBusy] = useState(false)
  const [preview, setPreview] = useState<ResolvedSshSettings | ErrorInfo | 'pending' | null>(null)
  const parsed = parseTargetForm(form)

  // What ssh would make of the target, a moment after typing stops.
  const previewKey = parsed.ok ? JSON.stringify(parsed.target) : ''
  useEffect(() => {
    if (!parsed.ok) return setPreview(null)
    setPreview('pending')
    let live = true
    const timer = setTimeout(() => {
      api.call('ssh.resolve', { target: parsed.target }).then(
        (r) => live && setPreview(r),
        (e) => live && setPreview(errorInfoOf(e))
      )
    }, 250)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [previewKey])

  const field = (key: keyof typeof form) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
    'aria-invalid': !parsed.ok && parsed.field === key ? true : undefined,
    spellCheck: false,
    autoComplete: 'off'
  })

  const submit = async (target: SshTarget | null) => {
    setBusy(true)
    setError(null)
    try {
      if (host) await setTarget(host, target)
      else await addHost(name.trim(), target!)
      close()
    } catch (e) {
      setError(errorInfoOf(e))
    } finally {
      setBusy(false)
    }
  }
  const nameMissing = !host && name.trim() === ''

  return (
    <Dialog
      title={host ? t('hosts.dialog.editTitle', { name: host.name }) : t('hosts.dialog.addTitle')}
      onClose={close}
      wide
      testId="host-target-dialog"
      footer={
        <>
          {host && host.kind !== 'added' && host.origin === 'custom' && (
            <button onClick={() => void submit(null)} disabled={busy} data-testid="host-target-reset">
              {t('hosts.dialog.reset')}
            </button>
          )}
          <span className="spacer" />
          <button onClick={close}>{t('hosts.dialog.cancel')}</button>
          <button className="primary" type="submit" form="host-target-form" disabled={busy || !parsed.ok || nameMissing} data-testid="host-target-save">
            {host ? t('hosts.dialog.save') : t('hosts.dialog.add')}
          </button>
        </>
      }
    >
      <form
        id="host-target-form"
        className="hosts-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (parsed.ok && !nameMissing) void submit(parsed.target)
        }}
      >
        {!host && (
          <div className="field">
            <label htmlFor={ids.name}>{t('hosts.dialog.name')}</label>
            <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} required autoFocus data-testid="host-name" />
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.host}>{t('hosts.dialog.host')}</label>
          <input id={ids.host} {...field('host')} required autoFocus={!!host} data-testid="host-target-host" />
        </div>
        <div className="hosts-form-row">
          <div className="field grow">
            <label htmlFor={ids.user}>{t('hosts.dialog.user')}</label>
            <input id={ids.user} {...field('user')} placeholder={t('hosts.dialog.optional')} data-testid="host-target-user" />
          </div>
          <div className="field">
            <label htmlFor={ids.port}>{t('hosts.dialog.port')}</label>
            <input id={ids.port} {...field('port')} inputMode="numeric" size={6} placeholder="22" data-testid="host-target-port" />
          </div>
        </div>
        <div className="field">
          <label htmlFor={ids.identity}>{t('hosts.dialog.identityFile')}</label>
          <input id={ids.identity} {...field('identityFile')} placeholder={t('hosts.dialog.optional')} className="mono" data-testid="host-target-identity" />
        </div>
        <div className="field">
          <label htmlFor={ids.jump}>{t('hosts.dialog.proxyJump')}</label>
          <input id={ids.jump} {...field('proxyJump')} placeholder={t('hosts.dialog.optional')} className="mono" data-testid="host-target-jump" />
        </div>
        <p className="field-note muted">{t('hosts.dialog.hint')}</p>
        {!parsed.ok && <p className="field-note warning">{t(`hosts.dialog.${parsed.problem}`)}</p>}
        <div className="hosts-preview" aria-live="polite" data-testid="host-target-preview">
          <div className="muted small">{t('hosts.dialog.resolved')}</div>
          {preview === 'pending' && <div className="muted small">{t('hosts.dialog.resolving')}</div>}
          {preview && preview !== 'pending' && 'lines' in preview && (
            <>
              <pre className="mono">{preview.lines.filter((l) => SHOWN.includes(l.split(' ')[0])).join('\n')}</pre>
              {preview.warnings.map((w) => (
                <div key={w} className="warning small">
                  {w}
                </div>
              ))}
            </>
          )}
          {preview && preview !== 'pending' && 'code' in preview && <ErrorMessage error={preview} />}
        </div>
        {error && <ErrorMessage error={error} />}
      </form>
    </Dialog>
  )
}

function RemoveDialog({ host }: { host: InventoryHost }) {
  const { t } = useTranslation()
  const close = useAppStore((s) => s.closeHostDialog)
  const remove = useAppStore((s) => s.removeHost)
  const [error, setError] = useState<ErrorInfo | null>(null)
  return (
    <Dialog
      title={t('hosts.removeDialog.title', { name: host.name })}
      onClose={close}
      footer={
        <>
          <button onClick={close} autoFocus>
            {t('hosts.dialog.cancel')}
          </button>
          <button
            className="danger"
            onClick={() =>
              remove(host).then(close, (e) => setError(errorInfoOf(e)))
            }
          >
            {t('hosts.removeDialog.confirm')}
          </button>
        </>
      }
    >
      <p>{t('hosts.removeDialog.body')}</p>
      {error && <ErrorMessage error={error} />}
    </Dialog>
  )
}

function ForgetKeyDialog({ host, error }: { host: InventoryHost; error: ErrorInfo }) {
  const { t } = useTranslation()
  const forgetHostKey = useAppStore((s) => s.forgetHostKey)
  const close = useAppStore((s) => s.closeHostDialog)
  const testHost = useAppStore((s) => s.testHost)
  const [failure, setFailure] = useState<ErrorInfo | null>(null)
  const file = error.file ?? ''
  const line = error.line ?? 0
  const keyType = String(error.data?.offendingKeyType ?? '')
  return (
    <Dialog
      title={t('hosts.forgetDialog.title')}
      onClose={close}
      testId="forget-key-dialog"
      footer={
        <>
          <button onClick={close} autoFocus>
            {t('hosts.dialog.cancel')}
          </button>
          <button
            className="danger"
            data-testid="forget-key-confirm"
            onClick={() =>
              forgetHostKey(file, line, keyType).then(
                () => {
                  close()
                  void testHost(host)
                },
                (e) => setFailure(errorInfoOf(e))
              )
            }
          >
            {t('hosts.forgetDialog.confirm', { line })}
          </button>
        </>
      }
    >
      <p>{t('hosts.forgetDialog.body', { fingerprint: String(error.data?.fingerprint ?? ''), line, file })}</p>
      {failure && <ErrorMessage error={failure} />}
    </Dialog>
  )
}
