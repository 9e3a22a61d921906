// The cluster and user entries of a context, edited as kubectl's set-cluster and set-credentials
// would: fields show what the entry holds except secrets (a token is typed to replace it, never
// shown); files are paths as typed (~/… or absolute), optionally embedded.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ContextEntries, ContextRef } from '@shared/model/kubeconfig'
import { ErrorMessage } from '../../../components'
import { errorInfoOf } from '../../../api'
import { useApi, useAppStore } from '../../../store'
import type { ClusterEdit, UserEdit } from '../contexts-slice'
import { FormDialog } from './FormDialog'
import { TextField } from './TextField'
import { useAction } from './use-action'

function useEntries(context: ContextRef) {
  const api = useApi()
  const [entries, setEntries] = useState<ContextEntries | null>(null)
  const [error, setError] = useState<ReturnType<typeof errorInfoOf> | null>(null)
  useEffect(() => {
    let live = true
    api.call('kubeconfig.contextEntries', { context }).then(
      (e) => live && setEntries(e),
      (e: unknown) => live && setError(errorInfoOf(e))
    )
    return () => {
      live = false
    }
  }, [api, context])
  return { entries, error }
}

/** The cluster fields both dialogs share (a new cluster, an existing one). */
export function ClusterFields({ value, onChange, caEmbedded }: { value: ClusterEdit; onChange(v: ClusterEdit): void; caEmbedded?: boolean }) {
  const { t } = useTranslation()
  return (
    <>
      <TextField label={t('contexts.entries.server')} testId="cluster-server" invalid={false} value={value.server ?? ''} placeholder="https://10.0.0.10:6443" onValue={(server) => onChange({ ...value, server })} />
      <TextField
        label={caEmbedded ? t('contexts.entries.caEmbedded') : t('contexts.entries.ca')}
        testId="cluster-ca"
        invalid={false}
        value={value.certificateAuthority ?? ''}
        placeholder="~/pki/ca.crt"
        disabled={value.insecureSkipTlsVerify}
        onValue={(certificateAuthority) => onChange({ ...value, certificateAuthority })}
      />
      <label className="check">
        <input type="checkbox" checked={!!value.embedCerts} disabled={!value.certificateAuthority} onChange={(e) => onChange({ ...value, embedCerts: e.target.checked })} />
        {t('contexts.entries.embedCa')}
      </label>
      <label className="check">
        <input type="checkbox" data-testid="cluster-insecure" checked={!!value.insecureSkipTlsVerify} onChange={(e) => onChange({ ...value, insecureSkipTlsVerify: e.target.checked })} />
        {t('contexts.entries.insecure')}
      </label>
      {value.insecureSkipTlsVerify && <p className="field-note warning">{t('contexts.entries.insecureWarning')}</p>}
    </>
  )
}

/** The ways a user can sign in that Kubedeck edits: a token, a client certificate, an exec plugin. */
export function UserFields({ value, onChange, hasToken }: { value: UserEdit & { method: 'token' | 'client-certificate' | 'exec' }; onChange(v: UserEdit & { method: 'token' | 'client-certificate' | 'exec' }): void; hasToken?: boolean }) {
  const { t } = useTranslation()
  return (
    <>
      <label className="field">
        <span>{t('contexts.entries.method')}</span>
        <select value={value.method} data-testid="user-method" onChange={(e) => onChange({ ...value, method: e.target.value as 'token' })}>
          <option value="token">{t('contexts.entries.methods.token')}</option>
          <option value="client-certificate">{t('contexts.entries.methods.client-certificate')}</option>
          <option value="exec">{t('contexts.entries.methods.exec')}</option>
        </select>
      </label>
      {value.method === 'token' && (
        <TextField
          label={hasToken ? t('contexts.entries.tokenReplace') : t('contexts.entries.token')}
          testId="user-token"
          type="password"
          invalid={false}
          value={value.token ?? ''}
          onValue={(token) => onChange({ ...value, token })}
        />
      )}
      {value.method === 'client-certificate' && (
        <>
          <TextField label={t('contexts.entries.clientCert')} testId="user-cert" invalid={false} value={value.clientCertificate ?? ''} placeholder="~/pki/admin.crt" onValue={(clientCertificate) => onChange({ ...value, clientCertificate })} />
          <TextField label={t('contexts.entries.clientKey')} testId="user-key" invalid={false} value={value.clientKey ?? ''} placeholder="~/pki/admin.key" onValue={(clientKey) => onChange({ ...value, clientKey })} />
          <label className="check">
            <input type="checkbox" checked={!!value.embedCerts} onChange={(e) => onChange({ ...value, embedCerts: e.target.checked })} />
            {t('contexts.entries.embedCert')}
          </label>
        </>
      )}
      {value.method === 'exec' && (
        <>
          <TextField label={t('contexts.entries.execCommand')} testId="user-exec" invalid={false} value={value.execCommand ?? ''} placeholder="gke-gcloud-auth-plugin" onValue={(execCommand) => onChange({ ...value, execCommand })} />
          <label className="field">
            <span>{t('contexts.entries.execArgs')}</span>
            <textarea className="mono" rows={3} spellCheck={false} value={(value.execArgs ?? []).join('\n')} onChange={(e) => onChange({ ...value, execArgs: e.target.value.split('\n').filter((a) => a !== '') })} />
          </label>
        </>
      )}
    </>
  )
}

/** Only what the person changed or chose, as set-credentials flags (an empty token keeps the one there). */
export function userFlags(v: UserEdit & { method: 'token' | 'client-certificate' | 'exec' }): UserEdit {
  if (v.method === 'token') return v.token ? { token: v.token } : {}
  if (v.method === 'client-certificate') return { clientCertificate: v.clientCertificate ?? '', clientKey: v.clientKey ?? '', embedCerts: !!v.embedCerts }
  return { execCommand: v.execCommand, execArgs: v.execArgs ?? [], execApiVersion: 'client.authentication.k8s.io/v1' }
}

export function ClusterDialog({ context, onClose }: { context: ContextRef; onClose(): void }) {
  const { t } = useTranslation()
  const { entries, error: loadError } = useEntries(context)
  const setCluster = useAppStore((s) => s.setCluster)
  const { busy, error, run } = useAction()
  const [value, setValue] = useState<ClusterEdit | null>(null)
  const cluster = entries?.cluster
  useEffect(() => {
    if (cluster) setValue({ server: cluster.server, certificateAuthority: cluster.certificateAuthority, insecureSkipTlsVerify: cluster.insecure, tlsServerName: cluster.tlsServerName })
  }, [cluster])
  return (
    <FormDialog
      title={t('contexts.entries.clusterTitle', { name: cluster?.name ?? '' })}
      testId="cluster-dialog"
      submitLabel={t('contexts.entries.save')}
      busy={busy}
      error={error ?? loadError}
      submitDisabled={!value || !value.server}
      onSubmit={() =>
        run(async () => {
          if (!cluster || !value) return
          // The CA path only when it changed: an unchanged embedded CA stays as it is.
          const changedCa = value.certificateAuthority !== cluster.certificateAuthority || value.embedCerts
          await setCluster(
            context,
            {
              ...(value.server !== cluster.server ? { server: value.server } : {}),
              ...(changedCa ? { certificateAuthority: value.certificateAuthority, embedCerts: value.embedCerts } : {}),
              insecureSkipTlsVerify: !!value.insecureSkipTlsVerify
            },
            cluster.name
          )
          onClose()
        })
      }
      onClose={onClose}
    >
      {cluster && (
        <p className="muted small" data-testid="cluster-where">
          {t('contexts.entries.where', { file: cluster.file, count: cluster.usedBy })}
        </p>
      )}
      {value && <ClusterFields value={value} onChange={setValue} caEmbedded={cluster?.caEmbedded} />}
      {entries && !cluster && <ErrorMessage error={{ code: 'kubeconfig.entry-missing', message: t('contexts.entries.noCluster') }} />}
    </FormDialog>
  )
}

export function UserDialog({ context, onClose }: { context: ContextRef; onClose(): void }) {
  const { t } = useTranslation()
  const { entries, error: loadError } = useEntries(context)
  const setCredentials = useAppStore((s) => s.setCredentials)
  const { busy, error, run } = useAction()
  const user = entries?.user
  const [value, setValue] = useState<(UserEdit & { method: 'token' | 'client-certificate' | 'exec' }) | null>(null)
  useEffect(() => {
    if (!user) return
    const method = user.auth === 'client-certificate' || user.auth === 'exec' ? user.auth : 'token'
    setValue({ method, clientCertificate: user.clientCertificate, clientKey: user.clientKey, execCommand: user.execCommand, execArgs: user.execArgs })
  }, [user])
  return (
    <FormDialog
      title={t('contexts.entries.userTitle', { name: user?.name ?? '' })}
      testId="user-dialog"
      submitLabel={t('contexts.entries.save')}
      busy={busy}
      error={error ?? loadError}
      submitDisabled={!value}
      onSubmit={() =>
        run(async () => {
          if (!user || !value) return
          await setCredentials(context, userFlags(value), user.name)
          onClose()
        })
      }
      onClose={onClose}
    >
      {user && (
        <p className="muted small" data-testid="user-where">
          {t('contexts.entries.where', { file: user.file, count: user.usedBy })} {t(`contexts.entries.auth.${user.auth}`)}
        </p>
      )}
      {value && <UserFields value={value} onChange={setValue} hasToken={user?.hasToken} />}
      {entries && !user && <ErrorMessage error={{ code: 'kubeconfig.entry-missing', message: t('contexts.entries.noUser') }} />}
    </FormDialog>
  )
}
