// Notices kubeconfig changes made outside Kubedeck (kubectl, editors, sync tools). Watches the
// folder of every KUBECONFIG file (editors and kubectl replace files, so watching the file itself
// would stop at the first rename) and added folders recursively; debounced, because one save is
// often several events.
import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { ignoredName } from './folders'

export interface WatchTargets {
  files: string[]
  folders: string[]
}

export class KubeconfigWatcher {
  private watchers = new Map<string, FSWatcher>()
  private timer: NodeJS.Timeout | null = null
  private pending = new Set<string>()

  constructor(
    private readonly onChange: (paths: string[]) => void,
    private readonly debounceMs = 150
  ) {}

  update(targets: WatchTargets): void {
    const wanted = new Map<string, { recursive: boolean; names: Set<string> | null }>()
    for (const f of targets.files) {
      const dir = dirname(f)
      const w = wanted.get(dir)
      if (w && w.names) w.names.add(basename(f))
      else if (!w) wanted.set(dir, { recursive: false, names: new Set([basename(f)]) })
    }
    for (const folder of targets.folders) wanted.set(folder, { recursive: true, names: null })
    for (const [key, w] of this.watchers) {
      if (!wanted.has(key)) {
        w.close()
        this.watchers.delete(key)
      }
    }
    for (const [dir, spec] of wanted) {
      this.watchers.get(dir)?.close()
      try {
        const w = watch(dir, { recursive: spec.recursive, persistent: false }, (_event, name) => {
          if (!name) return this.queue(dir)
          const rel = name.toString()
          if (rel.split('/').some(ignoredName)) return
          if (spec.names && !spec.names.has(rel)) return
          this.queue(join(dir, rel))
        })
        w.on('error', () => undefined)
        this.watchers.set(dir, w)
      } catch {
        // The folder does not exist (yet): a missing KUBECONFIG entry. Nothing to watch.
      }
    }
  }

  private queue(path: string): void {
    this.pending.add(path)
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      const paths = [...this.pending]
      this.pending.clear()
      this.onChange(paths)
    }, this.debounceMs)
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer)
    for (const w of this.watchers.values()) w.close()
    this.watchers.clear()
  }
}
