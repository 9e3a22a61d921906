// client-go's merge of a KUBECONFIG list (ClientConfigLoadingRules.Load): the first file to
// define a cluster, user or context name wins the whole entry (later definitions are ignored,
// even their non-conflicting fields); current-context comes from the first file that sets one.
// Later definitions are kept as "shadowed" so the app can show them instead of hiding them.
import type { AppError } from '../../../shared/errors'
import type { NamedEntry } from './decode'
import type { LoadedFile } from './file-cache'
import { sections, type KObject, type NamedExtension, type Section } from './schema'

export interface MergedEntry {
  name: string
  value: KObject
  /** Absolute path of the defining file (client-go's LocationOfOrigin). */
  file: string
  /** The path as the user spelled it (kubectl prints it that way). */
  given: string
  line: number
}

export interface ShadowedEntry extends MergedEntry {
  section: Section
  shadowedBy: string
}

export interface SourceFile {
  given: string
  loaded: LoadedFile
}

export interface MergedConfig {
  /** Every file of the loading precedence, in order (missing ones included). */
  sources: SourceFile[]
  clusters: Map<string, MergedEntry>
  users: Map<string, MergedEntry>
  contexts: Map<string, MergedEntry>
  currentContext: string
  /** The file the effective current-context came from ('' when unset). */
  currentContextFile: string
  colors: boolean
  extensions: Map<string, NamedExtension>
  shadowed: ShadowedEntry[]
}

export function mergeSources(sources: SourceFile[]): MergedConfig {
  const merged: MergedConfig = {
    sources,
    clusters: new Map(),
    users: new Map(),
    contexts: new Map(),
    currentContext: '',
    currentContextFile: '',
    colors: false,
    extensions: new Map(),
    shadowed: []
  }
  for (const { given, loaded } of sources) {
    if (!loaded.exists || loaded.error) continue
    const c = loaded.config
    for (const section of sections) {
      const map = merged[section]
      for (const e of c[section] as NamedEntry[]) {
        const entry: MergedEntry = { name: e.name, value: e.value, file: loaded.path, given, line: e.line }
        const winner = map.get(e.name)
        if (winner) merged.shadowed.push({ ...entry, section, shadowedBy: winner.file })
        else map.set(e.name, entry)
      }
    }
    if (merged.currentContext === '' && c.currentContext !== '') {
      merged.currentContext = c.currentContext
      merged.currentContextFile = loaded.path
    }
    if (c.preferences.colors === true) merged.colors = true
    for (const ext of c.extensions ?? []) if (!merged.extensions.has(ext.name)) merged.extensions.set(ext.name, ext)
  }
  return merged
}

/** The errors kubectl's Load would return (it refuses to work while any file is unreadable). */
export function loadErrors(sources: SourceFile[]): { given: string; error: AppError }[] {
  return sources.filter((s) => s.loaded.error).map((s) => ({ given: s.given, error: s.loaded.error! }))
}
