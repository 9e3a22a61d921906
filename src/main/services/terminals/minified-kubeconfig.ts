// The kubeconfig a local shell runs with: one context, minified and flattened by the
// kubeconfig service (credentials embedded, exec plugins kept as plugins so tokens refresh),
// written atomically, 0600, into the caller's private folder.
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { atomicWriteFile } from '../files'
import type { MinifiedKubeconfigWriter } from './private-kubeconfigs'

export function minifiedKubeconfigWriter(kubeconfig: { minifiedConfig(ref: ContextRef): Promise<string> }): MinifiedKubeconfigWriter {
  return async (context, path) => atomicWriteFile(path, await kubeconfig.minifiedConfig(context), { newFileMode: 0o600 })
}
