// Kubedeck's own per-context state, kept in the app data folder (never in the user's
// kubeconfigs): favourites, colour tags, recently used contexts, the previous context (for the
// quick switcher's "-"), the active context when it lives in a folder source (kubectl cannot
// see those), and the folders the user added. Keyed by (file, name); when Kubedeck itself gives
// a context another name (rename, undo, restore, here or in the CLI) the state moves with it.
import { join } from 'node:path'
import type { ContextColour, ContextRef } from '../../../shared/model/kubeconfig'
import { JsonStore } from '../app'
import type { ContextRename } from './writer'

interface ContextMarks {
  favourite?: boolean
  colour?: ContextColour
}

export interface KubeconfigPrefs {
  /** file → context name → marks */
  marks: Record<string, Record<string, ContextMarks>>
  /** Most recent first. */
  recents: ContextRef[]
  previous: ContextRef | null
  /**
   * The active context when it is in a folder source, with the merged current-context at the time
   * it was chosen: once the merged one changes (kubectl use-context elsewhere), that wins again.
   */
  folderActive: { ref: ContextRef; mergedCurrent: string } | null
  folders: string[]
  /** How far (bytes) the write log's renames have been followed; null until first read. */
  followedLog: number | null
}

const defaults = (): KubeconfigPrefs => ({ marks: {}, recents: [], previous: null, folderActive: null, folders: [], followedLog: null })
const MAX_RECENTS = 20

const sameRef = (a: ContextRef | null | undefined, b: ContextRef | null | undefined): boolean => !!a && !!b && a.file === b.file && a.name === b.name

export class KubeconfigPrefsStore {
  private readonly store: JsonStore<KubeconfigPrefs>
  constructor(dataDir: string) {
    this.store = new JsonStore(join(dataDir, 'kubeconfig', 'preferences.json'), defaults)
  }

  read(): Promise<KubeconfigPrefs> {
    return this.store.read()
  }

  update(change: (p: KubeconfigPrefs) => void): Promise<KubeconfigPrefs> {
    return this.store.update((p) => {
      change(p)
      return p
    })
  }

  /** Records a switch: recents, previous, and whether the new active context is a folder one. */
  switched(from: ContextRef | null, to: ContextRef, folderActive: KubeconfigPrefs['folderActive']): Promise<KubeconfigPrefs> {
    return this.update((p) => {
      if (from && !sameRef(from, to)) p.previous = from
      p.recents = [to, ...p.recents.filter((r) => !sameRef(r, to))].slice(0, MAX_RECENTS)
      p.folderActive = folderActive
    })
  }

  /**
   * Moves marks, recents, previous and the folder context along with contexts renamed in `file`
   * (the renames of one write happen together, so a swap works). The context that arrives under
   * a name brings its own marks: marks left there by an earlier context of that name go.
   */
  followRenames(changes: { file: string; renamed: ContextRename[] }[], followedLog: number): Promise<KubeconfigPrefs> {
    return this.update((p) => {
      for (const { file, renamed } of changes) {
        const byName = p.marks[file] ?? {}
        const arriving = renamed.map((r) => [r.to, byName[r.from]] as const)
        for (const r of renamed) delete byName[r.from]
        for (const [to, marks] of arriving) {
          if (marks) byName[to] = marks
          else delete byName[to]
        }
        if (Object.keys(byName).length > 0) p.marks[file] = byName
        else delete p.marks[file]
        const names = new Map(renamed.map((r) => [r.from, r.to]))
        const move = (r: ContextRef): ContextRef => (r.file === file && names.has(r.name) ? { file, name: names.get(r.name)! } : r)
        p.recents = p.recents.map(move).filter((r, i, all) => all.findIndex((x) => sameRef(x, r)) === i)
        p.previous = p.previous && move(p.previous)
        if (p.folderActive) p.folderActive = { ...p.folderActive, ref: move(p.folderActive.ref) }
      }
      p.followedLog = followedLog
    })
  }
}
