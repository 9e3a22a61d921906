// The pieces every kubeconfig reader and writer shares within one process: the parsed-file
// cache, the version history (in the app's data folder) and the writer with kubectl's locks.
import { join } from 'node:path'
import { FileHistory } from '../files'
import { ConfigAccess } from './config-access'
import { KubeconfigFileCache } from './file-cache'
import { KubectlConfig } from './kubectl-config'
import { KubeconfigWriter } from './writer'

/**
 * How long a write waits for another writer's lock before it names the lock in the way: the app
 * waits longer (a person is looking at it); the CLI stays close to kubectl, which does not wait
 * at all. KUBEDECK_LOCK_TIMEOUT_MS overrides both (lockTimeoutFromEnv).
 */
export const LOCK_TIMEOUT_MS = { app: 5000, cli: 3000 } as const

export interface StorageOptions {
  dataDir: string
  /** How long a write waits for another writer's lock (default: the CLI's). */
  lockTimeoutMs?: number
}

/** Versions kept per file for undo. */
export const KEEP_VERSIONS = 50

export class KubeconfigStorage {
  readonly cache = new KubeconfigFileCache()
  readonly history: FileHistory
  /** What each undo replaced, so the undo can be undone (redo); a redo takes its version out. */
  readonly redo: FileHistory
  readonly writer: KubeconfigWriter
  readonly lockTimeoutMs: number

  constructor(opts: StorageOptions) {
    this.lockTimeoutMs = opts.lockTimeoutMs ?? LOCK_TIMEOUT_MS.cli
    this.history = new FileHistory(join(opts.dataDir, 'history'), KEEP_VERSIONS)
    this.redo = new FileHistory(join(opts.dataDir, 'redo'), KEEP_VERSIONS)
    this.writer = new KubeconfigWriter({
      cache: this.cache,
      history: this.history,
      logFile: join(opts.dataDir, 'kubeconfig', 'writes.jsonl'),
      lockTimeoutMs: this.lockTimeoutMs
    })
  }

  /** kubectl config verbs for a working directory, environment and optional --kubeconfig. */
  kubectl(env: NodeJS.ProcessEnv, cwd: string, explicitFile?: string): KubectlConfig {
    return new KubectlConfig(new ConfigAccess({ env, cwd, explicitFile }), this.writer)
  }
}

export function lockTimeoutFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const v = Number(env.KUBEDECK_LOCK_TIMEOUT_MS)
  return Number.isFinite(v) && v >= 0 && env.KUBEDECK_LOCK_TIMEOUT_MS !== undefined ? v : undefined
}
