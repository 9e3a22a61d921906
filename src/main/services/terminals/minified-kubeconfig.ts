// The kubeconfig a local shell runs with: one context, as `kubectl config view --minify
// --flatten --raw --context NAME` gives it (credentials embedded, exec plugins kept as
// plugins so tokens refresh), resolved the way kubectl resolves the context the user chose:
// through the merged view when that is where the context comes from, else from its own file
// (folder sources). Written atomically, 0600, into the caller's private folder.
import { resolve } from 'node:path'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { atomicWriteFile } from '../files'
import { KubeconfigStorage, exportContext } from '../kubeconfig'
import type { MinifiedKubeconfigWriter } from './private-kubeconfigs'

export function minifiedKubeconfigWriter(opts: { dataDir: string; env: NodeJS.ProcessEnv; cwd?: string }): MinifiedKubeconfigWriter {
  // Read-only use: this storage's writer never writes, its history stays empty.
  const storage = new KubeconfigStorage({ dataDir: opts.dataDir })
  const cwd = opts.cwd ?? process.cwd()
  return async (context: ContextRef, path: string) => {
    const merged = storage.kubectl(opts.env, cwd)
    const fromMerged = await merged.load().then(
      (m) => m.contexts.get(context.name)?.file === resolve(cwd, context.file),
      () => false
    )
    const kubectl = fromMerged ? merged : storage.kubectl(opts.env, cwd, context.file)
    await atomicWriteFile(path, await exportContext(kubectl, context.name), { newFileMode: 0o600 })
  }
}
