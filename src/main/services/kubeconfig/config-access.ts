// Which files kubectl reads and writes, as client-go's PathOptions decides it: --kubeconfig
// (one file), else $KUBECONFIG (a path list, duplicates dropped, missing files ignored), else
// ~/.kube/config. Paths keep the spelling the user gave (kubectl prints them that way and
// resolves relative ones against the working directory).
import { statSync } from 'node:fs'
import { homedir } from 'node:os'
import { delimiter, join, resolve } from 'node:path'

export interface ConfigAccessOptions {
  env: NodeJS.ProcessEnv
  cwd: string
  /** --kubeconfig */
  explicitFile?: string
}

export class ConfigAccess {
  readonly env: NodeJS.ProcessEnv
  readonly cwd: string
  readonly explicitFile: string | undefined
  /** The user's home folder: $HOME, as kubectl takes it. */
  readonly home: string
  readonly globalFile: string

  constructor(opts: ConfigAccessOptions) {
    this.env = opts.env
    this.cwd = opts.cwd
    this.explicitFile = opts.explicitFile || undefined
    this.home = opts.env.HOME || homedir()
    this.globalFile = join(this.home, '.kube', 'config')
  }

  get isExplicit(): boolean {
    return this.explicitFile !== undefined
  }

  /** GetEnvVarFiles: $KUBECONFIG split on the OS list separator, first occurrence kept. */
  envVarFiles(): string[] {
    const value = this.env.KUBECONFIG ?? ''
    if (value === '') return []
    return [...new Set(value.split(delimiter))]
  }

  /** GetLoadingPrecedence, as spelled by the user. */
  precedence(): string[] {
    if (this.explicitFile !== undefined) return [this.explicitFile]
    const env = this.envVarFiles()
    return env.length > 0 ? env : [this.globalFile]
  }

  /** The files kubectl locks for a write: the loading precedence. */
  lockFiles(): string[] {
    return this.precedence()
      .filter((f) => f !== '')
      .map((f) => this.abs(f))
  }

  /** GetDefaultFilename: where new entries and current-context go. */
  defaultFilename(): string {
    if (this.explicitFile !== undefined) return this.explicitFile
    const env = this.envVarFiles()
    if (env.length > 0) {
      if (env.length === 1) return env[0]
      for (const f of env) if (f !== '' && exists(this.abs(f))) return f
      return env[env.length - 1]
    }
    return this.globalFile
  }

  abs(p: string): string {
    return resolve(this.cwd, p)
  }
}

function exists(p: string): boolean {
  try {
    statSync(p)
    return true
  } catch {
    return false
  }
}
