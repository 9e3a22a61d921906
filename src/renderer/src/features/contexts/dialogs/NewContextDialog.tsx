// A new context in a file the person picks, with an existing cluster and user or new ones, written
// as one change (one undo). The name is checked while typing, as rename checks it.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi, useAppStore } from '../../../store'
import type { ClusterEdit, UserEdit } from '../contexts-slice'
import { ClusterFields, UserFields, userFlags } from './EntryDialogs'
import { FormDialog } from './FormDialog'
import { TextField } from './TextField'
import { useAction } from './use-action'
import { checkContextName, checkNamespace, nameElsewhere } from '../validation'

const NEW = '\u0000new'

export function NewContextDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation()
  const api = useApi()
  const sources = useAppStore((s) => s.kube?.sources ?? [])
  const contexts = useAppStore((s) => s.kube?.contexts ?? [])
  const createContext = useAppStore((s) => s.createContext)
  const files = sources.filter((s) => s.exists && !s.error).map((s) => s.path)
  const [file, setFile] = useState(files[0] ?? '')
  const [name, setName] = useState('')
  const [namespace, setNamespace] = useState('')
  const [names, setNames] = useState<{ clusters: string[]; users: string[] }>({ clusters: [], users: [] })
  const [cluster, setCluster] = useState(NEW)
  const [user, setUser] = useState(NEW)
  const [newClusterName, setNewClusterName] = useState('')
  const [newUserName, setNewUserName] = useState('')
  const [clusterFields, setClusterFields] = useState<ClusterEdit>({})
  const [userFields, setUserFields] = useState<UserEdit & { method: 'token' | 'client-certificate' | 'exec' }>({ method: 'token' })
  const { busy, error, run } = useAction()

  useEffect(() => {
    if (!file) return
    let live = true
    api.call('kubeconfig.entryNames', { file }).then(
      (n) => live && setNames(n),
      () => live && setNames({ clusters: [], users: [] })
    )
    return () => {
      live = false
    }
  }, [api, file])

  const trimmed = name.trim()
  const nameProblem = name === '' ? null : checkContextName(name, { file, name: '' }, contexts)
  const nsProblem = checkNamespace(namespace.trim())
  const problem = nameProblem
    ? nameProblem.code === 'exists-in-file'
      ? t('contexts.errors.existsInFile', { name, file })
      : t(`contexts.errors.${nameProblem.code}`)
    : nsProblem
      ? nsProblem.code === 'too-long'
        ? t('contexts.errors.namespaceTooLong', { namespace, max: nsProblem.max })
        : t('contexts.errors.namespaceInvalid', { namespace })
      : null
  const shadows = name && !nameProblem ? nameElsewhere(name, { file, name: '' }, contexts) : null
  const clusterName = cluster === NEW ? newClusterName.trim() : cluster
  const userName = user === NEW ? newUserName.trim() : user
  const ready = trimmed !== '' && !problem && !!file && !!clusterName && !!userName && (cluster !== NEW || !!clusterFields.server)

  return (
    <FormDialog
      title={t('contexts.newContext.title')}
      testId="new-context-dialog"
      submitLabel={t('contexts.newContext.apply')}
      busy={busy}
      error={error}
      wide
      submitDisabled={!ready}
      onSubmit={() =>
        run(async () => {
          await createContext({
            file,
            name,
            ...(namespace.trim() ? { namespace: namespace.trim() } : {}),
            cluster: clusterName,
            user: userName,
            ...(cluster === NEW ? { newCluster: { server: clusterFields.server ?? '', ...clusterFields } } : {}),
            ...(user === NEW ? { newUser: userFlags(userFields) } : {})
          })
          onClose()
        })
      }
      onClose={onClose}
    >
      <label className="field">
        <span>{t('contexts.newContext.file')}</span>
        <select className="mono" value={file} data-testid="new-context-file" onChange={(e) => setFile(e.target.value)}>
          {files.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <TextField autoFocus label={t('contexts.newContext.name')} testId="new-context-name" invalid={!!problem} value={name} onValue={setName} />
      {problem && (
        <p className="field-note error" role="alert" data-testid="new-context-problem">
          {problem}
        </p>
      )}
      {shadows && <p className="field-note warning">{t('contexts.newContext.shadows', { name, file: shadows })}</p>}
      <TextField label={t('contexts.newContext.namespace')} testId="new-context-namespace" invalid={false} value={namespace} placeholder="default" onValue={setNamespace} />
      <fieldset className="entry-fieldset">
        <legend>{t('contexts.newContext.cluster')}</legend>
        <select value={cluster} data-testid="new-context-cluster" onChange={(e) => setCluster(e.target.value)}>
          <option value={NEW}>{t('contexts.newContext.newCluster')}</option>
          {names.clusters.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        {cluster === NEW && (
          <>
            <TextField label={t('contexts.newContext.clusterName')} testId="new-cluster-name" invalid={false} value={newClusterName} onValue={setNewClusterName} />
            <ClusterFields value={clusterFields} onChange={setClusterFields} />
          </>
        )}
      </fieldset>
      <fieldset className="entry-fieldset">
        <legend>{t('contexts.newContext.user')}</legend>
        <select value={user} data-testid="new-context-user" onChange={(e) => setUser(e.target.value)}>
          <option value={NEW}>{t('contexts.newContext.newUser')}</option>
          {names.users.map((u) => (
            <option key={u} value={u}>
              {u}
            </option>
          ))}
        </select>
        {user === NEW && (
          <>
            <TextField label={t('contexts.newContext.userName')} testId="new-user-name" invalid={false} value={newUserName} onValue={setNewUserName} />
            <UserFields value={userFields} onChange={setUserFields} />
          </>
        )}
      </fieldset>
    </FormDialog>
  )
}
