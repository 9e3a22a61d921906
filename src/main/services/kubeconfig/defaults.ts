// client-go's defaulting of decoded kubeconfigs (clientcmd/api/v1 defaults.go): an exec plugin
// of the beta/alpha API without interactiveMode gets IfAvailable. kubectl applies it on load,
// so it shows in `view` and is written out with any entry kubectl changes.
import type { KObject, Section } from './schema'

const legacyExecApis = ['client.authentication.k8s.io/v1beta1', 'client.authentication.k8s.io/v1alpha1']

/** The entry as kubectl holds it after loading (a copy when anything was defaulted). */
export function applyDefaults(section: Section, value: KObject): KObject {
  if (section !== 'users') return value
  const exec = value.exec as KObject | null
  if (!exec || exec.interactiveMode !== '' || !legacyExecApis.includes(exec.apiVersion as string)) return value
  return { ...value, exec: { ...exec, interactiveMode: 'IfAvailable' } }
}
