// Kubedeck's own per-context state, kept in the app data folder (never in the user's
// kubeconfigs): favourites, colour tags, recently used contexts, the previous context (for the
// quick switcher's "-"), the active context when it lives in a folder source (kubectl cannot
// see those), and the folders the user added. Keyed by (file, name), moved along on renames.
import { join } from 'node:path'
import type { ContextColour, ContextRef } from '../../../shared/model/kubeconfig'
import { JsonStore } from '../app'

export interface ContextMarks {
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
}

const defaults = (): KubeconfigPrefs => ({ marks: {}, recents: [], previous: null, folderActive: null, folders: [] })
export const MAX_RECENTS = 20

export const sameRef = (a: ContextRef | null | undefined, b: ContextRef | null | undefined): boolean => !!a && !!b && a.file === b.file && a.name === b.name

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

  /** Keeps marks, recents and previous pointing at a context Kubedeck renamed. */
  renamed(from: ContextRef, to: ContextRef): Promise<KubeconfigPrefs> {
    return this.update((p) => {
      const marks = p.marks[from.file]?.[from.name]
      if (marks) {
        delete p.marks[from.file][from.name]
        p.marks[to.file] = { ...p.marks[to.file], [to.name]: marks }
      }
      const move = (r: ContextRef | null) => (sameRef(r, from) ? { ...to } : r)
      p.recents = p.recents.map((r) => move(r)!)
      p.previous = move(p.previous)
      if (p.folderActive && sameRef(p.folderActive.ref, from)) p.folderActive = { ...p.folderActive, ref: { ...to } }
    })
  }
}
