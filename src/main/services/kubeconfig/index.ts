// Kubeconfig management with kubectl's semantics: loading and merging, kubectl's config verbs,
// comment-preserving atomic writes with kubectl's locks, undo, import/export.
export { KubeconfigStorage, LOCK_TIMEOUT_MS, lockTimeoutFromEnv } from './storage'
export type { KubectlConfig } from './kubectl-config'
export { KubeconfigImporter, exportContext, writeExport } from './import-export'
export { undoLastWrite, redoLastUndo, restoreVersion, fileHistory } from './undo'
export { KubeconfigService, type KubeconfigChange, type KubeconfigEvents } from './kubeconfig-service'
