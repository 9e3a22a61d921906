// client-go's merge of a KUBECONFIG list (ClientConfigLoadingRules.Load): the first file to
// define a cluster, user or context name wins the whole entry (later definitions are ignored,
// even their non-conflicting fields); current-context comes from the first file that sets one.
// Later definitions are kept as "shadowed" so the app can show them instead of hiding them.
import type { AppError } from '../../../shared/errors'
import type { NamedEntry } from './decode'
import type { LoadedFile } from './file-cache'
import { applyDefaults } from './defaults'
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

type MapsPart = Pick<MergedConfig, 'clusters' | 'users' | 'contexts' | 'colors' | 'extensions' | 'shadowed'>

/**
 * The maps depend only on each file's entry lists; a switch changes a file's current-context
 * but keeps its lists, so the last few merges are remembered by the identity of those lists.
 */
const recentMaps: { key: unknown[]; maps: MapsPart }[] = []

function mapsKey(sources: SourceFile[]): unknown[] {
  const key: unknown[] = []
  for (const { given, loaded } of sources) {
    const usable = loaded.exists && !loaded.error
    key.push(given, loaded.path, usable, usable ? loaded.config.clusters : null, usable ? loaded.config.users : null, usable ? loaded.config.contexts : null, usable ? loaded.config.extensions : null, usable ? loaded.config.preferences : null)
  }
  return key
}

function mergeMaps(sources: SourceFile[]): MapsPart {
  const key = mapsKey(sources)
  const hit = recentMaps.find((r) => r.key.length === key.length && r.key.every((k, i) => k === key[i]))
  if (hit) return hit.maps
  const maps: MapsPart = { clusters: new Map(), users: new Map(), contexts: new Map(), colors: false, extensions: new Map(), shadowed: [] }
  for (const { given, loaded } of sources) {
    if (!loaded.exists || loaded.error) continue
    const c = loaded.config
    for (const section of sections) {
      const map = maps[section]
      for (const e of c[section] as NamedEntry[]) {
        // Users as kubectl holds them after loading (defaults applied).
        const value = section === 'users' ? applyDefaults(section, e.value) : e.value
        const entry: MergedEntry = { name: e.name, value, file: loaded.path, given, line: e.line }
        const winner = map.get(e.name)
        if (winner) maps.shadowed.push({ ...entry, section, shadowedBy: winner.file })
        else map.set(e.name, entry)
      }
    }
    if (c.preferences.colors === true) maps.colors = true
    for (const ext of c.extensions ?? []) if (!maps.extensions.has(ext.name)) maps.extensions.set(ext.name, ext)
  }
  recentMaps.unshift({ key, maps })
  recentMaps.length = Math.min(recentMaps.length, 4)
  return maps
}

/** Merged maps are shared between callers: change entries only on copies (see modify.editable). */
export function mergeSources(sources: SourceFile[]): MergedConfig {
  const merged: MergedConfig = { sources, ...mergeMaps(sources), currentContext: '', currentContextFile: '' }
  for (const { loaded } of sources) {
    if (!loaded.exists || loaded.error || loaded.config.currentContext === '') continue
    merged.currentContext = loaded.config.currentContext
    merged.currentContextFile = loaded.path
    break
  }
  return merged
}

/** The errors kubectl's Load would return (it refuses to work while any file is unreadable). */
export function loadErrors(sources: SourceFile[]): { given: string; error: AppError }[] {
  return sources.filter((s) => s.loaded.error).map((s) => ({ given: s.given, error: s.loaded.error! }))
}
