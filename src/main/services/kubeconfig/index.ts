// Kubeconfig management with kubectl's semantics: loading and merging, kubectl's config verbs,
// comment-preserving atomic writes with kubectl's locks, undo, import/export.
export { KubeconfigStorage, lockTimeoutFromEnv, type StorageOptions } from './storage'
export { ConfigAccess } from './config-access'
export { KubectlConfig, type Mutation, type SetClusterOptions, type SetContextOptions, type SetCredentialsOptions } from './kubectl-config'
export { KubeconfigImporter, exportContext, writeExport } from './import-export'
export { undoLastWrite, restoreVersion, fileHistory, type UndoResult } from './undo'
export { KubeconfigService, type KubeconfigServiceOptions } from './service'
export { kubeconfigHandlers } from './handlers'
export { resolveLoginShellPath, type LoginShellPath } from './login-shell'
