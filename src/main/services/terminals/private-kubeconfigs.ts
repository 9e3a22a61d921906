// Temporary kubeconfigs for local shells: one context, minified and flattened (so it holds
// credentials), in a folder only this user can read (0700, file 0600). Removed when the shell
// ends, when the service closes, and as a last resort when the process exits.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ContextRef } from '../../../shared/model/kubeconfig'

export type MinifiedKubeconfigWriter = (context: ContextRef, path: string) => Promise<void>

export interface PrivateKubeconfig {
  path: string
  dir: string
  /** Removes the folder; safe to call more than once. */
  dispose(): void
}

export class PrivateKubeconfigs {
  private readonly dirs = new Set<string>()
  private exitHookInstalled = false

  constructor(
    private readonly write: MinifiedKubeconfigWriter,
    private readonly root: string = tmpdir()
  ) {}

  async create(context: ContextRef): Promise<PrivateKubeconfig> {
    this.installExitHook()
    const dir = mkdtempSync(join(this.root, 'kubedeck-shell-'))
    chmodSync(dir, 0o700)
    this.dirs.add(dir)
    const dispose = () => {
      rmSync(dir, { recursive: true, force: true })
      this.dirs.delete(dir)
    }
    const path = join(dir, 'kubeconfig')
    try {
      await this.write(context, path)
      chmodSync(path, 0o600)
    } catch (e) {
      dispose()
      throw e
    }
    return { path, dir, dispose }
  }

  /** Folders still on disk (their shells are running). */
  get live(): string[] {
    return [...this.dirs]
  }

  disposeAll(): void {
    for (const dir of [...this.dirs]) {
      rmSync(dir, { recursive: true, force: true })
      this.dirs.delete(dir)
    }
  }

  private installExitHook(): void {
    if (this.exitHookInstalled) return
    this.exitHookInstalled = true
    // 'exit' handlers must be synchronous: rmSync is.
    process.once('exit', () => this.disposeAll())
  }
}
