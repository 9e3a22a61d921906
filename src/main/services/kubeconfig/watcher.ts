// Notices kubeconfig changes made outside Kubedeck (kubectl, editors, sync tools). Watches the
// folder of every KUBECONFIG file (editors and kubectl replace files, so watching the file itself
// would stop at the first rename) and added folders recursively; debounced, because one save is
// often several events.
import { watch, type FSWatcher } from 'node:fs'
import { basename, dirname } from 'node:path'
import { ignoredName } from './folders'

export interface WatchTargets {
  files: string[]
  folders: string[]
}

const specKey = (s: { recursive: boolean; names: Set<string> | null }) => `${s.recursive}:${[...(s.names ?? [])].sort().join('\0')}`

export class KubeconfigWatcher {
  private watchers = new Map<string, { watcher: FSWatcher; key: string }>()
  private timer: NodeJS.Timeout | null = null

  constructor(
    /** Called once a burst of events is over; the service re-reads what changed (by stat). */
    private readonly onChange: () => void,
    private readonly debounceMs = 150
  ) {}

  /** Watches exactly these targets; unchanged watchers are kept (no gap in which events are lost). */
  update(targets: WatchTargets): void {
    const wanted = new Map<string, { recursive: boolean; names: Set<string> | null }>()
    for (const f of targets.files) {
      const dir = dirname(f)
      const w = wanted.get(dir)
      if (w && w.names) w.names.add(basename(f))
      else if (!w) wanted.set(dir, { recursive: false, names: new Set([basename(f)]) })
    }
    for (const folder of targets.folders) wanted.set(folder, { recursive: true, names: null })
    for (const [dir, w] of this.watchers) {
      const spec = wanted.get(dir)
      if (!spec || specKey(spec) !== w.key) {
        w.watcher.close()
        this.watchers.delete(dir)
      }
    }
    for (const [dir, spec] of wanted) {
      if (this.watchers.has(dir)) continue
      try {
        const watcher = watch(dir, { recursive: spec.recursive, persistent: false }, (_event, name) => {
          const rel = name?.toString()
          if (rel && (rel.split('/').some(ignoredName) || (spec.names && !spec.names.has(rel)))) return
          this.queue()
        })
        watcher.on('error', () => undefined)
        this.watchers.set(dir, { watcher, key: specKey(spec) })
      } catch {
        // The folder does not exist (yet): a missing KUBECONFIG entry. Nothing to watch.
      }
    }
  }

  private queue(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      this.onChange()
    }, this.debounceMs)
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer)
    for (const w of this.watchers.values()) w.watcher.close()
    this.watchers.clear()
  }
}
