import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { SshPrompt } from '@shared/model/ssh'
import { Dialog } from '../../components'
import { useApi, useAppStore } from '../../store'

/**
 * Questions main asks while connecting (from any page: the Nodes page, a terminal, a wizard):
 * an unknown host key, a passphrase, a password, sudo, keyboard-interactive prompts. One at a
 * time, oldest first; closing a dialog declines.
 */
export function SshPrompts() {
  const api = useApi()
  const receive = useAppStore((s) => s.receiveSshPrompt)
  const prompt = useAppStore((s) => s.sshPrompts[0])
  useEffect(() => api.on('ssh.prompt', receive), [api, receive])
  if (!prompt) return null
  // A new key per question: fields never carry a typed secret over to the next dialog.
  if (prompt.kind === 'host-key') return <HostKeyPrompt key={prompt.id} prompt={prompt} />
  if (prompt.kind === 'secret') return <SecretPrompt key={prompt.id} prompt={prompt} />
  return <KeyboardPrompt key={prompt.id} prompt={prompt} />
}

function HostKeyPrompt({ prompt }: { prompt: Extract<SshPrompt, { kind: 'host-key' }> }) {
  const { t } = useTranslation()
  const answer = useAppStore((s) => s.answerSshPrompt)
  const decide = (decision: 'once' | 'save' | 'reject') => void answer(prompt.id, { kind: 'host-key', decision })
  const host = prompt.port === 22 ? prompt.host : `${prompt.host}:${prompt.port}`
  return (
    <Dialog
      title={t('hosts.prompt.hostKeyTitle')}
      onClose={() => decide('reject')}
      testId="ssh-host-key-prompt"
      footer={
        <>
          <button onClick={() => decide('reject')} data-testid="host-key-reject">
            {t('hosts.prompt.reject')}
          </button>
          <span className="spacer" />
          <button onClick={() => decide('once')} data-testid="host-key-once">
            {t('hosts.prompt.once')}
          </button>
          <button className="primary" onClick={() => decide('save')} disabled={!prompt.knownHostsFile} data-testid="host-key-save" autoFocus>
            {t('hosts.prompt.save')}
          </button>
        </>
      }
    >
      <p>{t('hosts.prompt.hostKeyBody', { host })}</p>
      <div className="hosts-fingerprint">
        <div className="muted small">{t('hosts.prompt.fingerprint', { type: prompt.keyType })}</div>
        <code className="mono" data-testid="host-key-fingerprint">
          {prompt.fingerprintSha256}
        </code>
      </div>
      <p className="small muted">{t('hosts.prompt.hostKeyAdvice', { typeLower: prompt.keyType.toLowerCase() })}</p>
      {prompt.otherKnownKeys && (
        <div className="small warning">
          {t('hosts.prompt.otherKeys')}
          <ul>
            {prompt.otherKnownKeys.map((k) => (
              <li key={`${k.file}:${k.line}`} className="mono">
                {k.keyType} {k.file}:{k.line}
              </li>
            ))}
          </ul>
        </div>
      )}
      {prompt.certAuthorityLines?.map((l) => (
        <p key={`${l.file}:${l.line}`} className="small warning">
          {t('hosts.prompt.certAuthority', { where: `${l.file}:${l.line}` })}
        </p>
      ))}
      {prompt.knownHostsFile && <p className="small muted">{t('hosts.prompt.saveTo', { file: prompt.knownHostsFile })}</p>}
    </Dialog>
  )
}

function SecretPrompt({ prompt }: { prompt: Extract<SshPrompt, { kind: 'secret' }> }) {
  const { t } = useTranslation()
  const answer = useAppStore((s) => s.answerSshPrompt)
  const vault = useAppStore((s) => s.vault)
  const id = useId()
  const [secret, setSecret] = useState('')
  const [remember, setRemember] = useState(false)
  const title =
    prompt.secretKind === 'passphrase'
      ? t('hosts.prompt.passphraseTitle', { file: prompt.keyFile ?? '' })
      : prompt.secretKind === 'sudo'
        ? t('hosts.prompt.sudoTitle', { user: prompt.user, host: prompt.host })
        : t('hosts.prompt.passwordTitle', { user: prompt.user, host: prompt.host })
  const cancel = () => void answer(prompt.id, { kind: 'secret', secret: null })
  return (
    <Dialog
      title={title}
      onClose={cancel}
      testId="ssh-secret-prompt"
      footer={
        <>
          <button onClick={cancel} data-testid="secret-cancel">
            {t('hosts.prompt.cancel')}
          </button>
          <button className="primary" type="submit" form={`${id}-form`} data-testid="secret-ok">
            {t('hosts.prompt.ok')}
          </button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        className="hosts-form"
        data-kind={prompt.secretKind}
        onSubmit={(e) => {
          e.preventDefault()
          void answer(prompt.id, { kind: 'secret', secret, remember })
        }}
      >
        {prompt.attempt > 1 && (
          <p className="warning small" role="alert" data-testid="secret-retry">
            {t('hosts.prompt.wrong', { attempt: prompt.attempt })}
          </p>
        )}
        <div className="field">
          <label htmlFor={id}>{t(`hosts.prompt.secretLabel.${prompt.secretKind}`)}</label>
          <input id={id} type="password" value={secret} onChange={(e) => setSecret(e.target.value)} autoFocus autoComplete="off" data-testid="secret-input" />
        </div>
        {prompt.canRemember ? (
          <label className="hosts-check">
            <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.target.checked)} data-testid="secret-remember" />
            {t('hosts.prompt.remember')}
          </label>
        ) : (
          vault?.reason && <p className="small muted">{t('hosts.prompt.noRemember', { reason: vault.reason })}</p>
        )}
      </form>
    </Dialog>
  )
}

function KeyboardPrompt({ prompt }: { prompt: Extract<SshPrompt, { kind: 'keyboard-interactive' }> }) {
  const { t } = useTranslation()
  const answer = useAppStore((s) => s.answerSshPrompt)
  const id = useId()
  const [values, setValues] = useState(() => prompt.prompts.map(() => ''))
  const cancel = () => void answer(prompt.id, { kind: 'keyboard-interactive', responses: null })
  return (
    <Dialog
      title={prompt.name || t('hosts.prompt.kbdTitle', { user: prompt.user, host: prompt.host })}
      onClose={cancel}
      testId="ssh-kbd-prompt"
      footer={
        <>
          <button onClick={cancel}>{t('hosts.prompt.cancel')}</button>
          <button className="primary" type="submit" form={`${id}-form`} data-testid="kbd-ok">
            {t('hosts.prompt.ok')}
          </button>
        </>
      }
    >
      <form
        id={`${id}-form`}
        className="hosts-form"
        onSubmit={(e) => {
          e.preventDefault()
          void answer(prompt.id, { kind: 'keyboard-interactive', responses: values })
        }}
      >
        {prompt.instructions && <p className="small">{prompt.instructions}</p>}
        {prompt.prompts.map((p, i) => (
          <div className="field" key={i}>
            <label htmlFor={`${id}-${i}`}>{p.prompt.trim() || t('hosts.prompt.kbdAnswer')}</label>
            <input
              id={`${id}-${i}`}
              type={p.echo ? 'text' : 'password'}
              value={values[i]}
              autoFocus={i === 0}
              autoComplete="off"
              data-testid="kbd-input"
              onChange={(e) => setValues(values.map((v, j) => (j === i ? e.target.value : v)))}
            />
          </div>
        ))}
      </form>
    </Dialog>
  )
}
