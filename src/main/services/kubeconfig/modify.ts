// client-go's ModifyConfig: given the merged config a command started from and the config it
// wants, decide which file each difference is written to. current-context goes to the default
// file (--kubeconfig, else the first existing $KUBECONFIG entry, else the last one, else
// ~/.kube/config); a changed or deleted entry goes to the file that defines it; a new entry
// goes to the default file. File references are made relative to the file they land in.
import { AppError } from '../../../shared/errors'
import type { ConfigAccess } from './config-access'
import type { FileEdit } from './edits'
import type { MergedConfig, MergedEntry } from './merge'
import { relativizeForFile } from './paths'
import { objectsEqual, sectionInfo, sections, type KObject } from './schema'
import type { ContextRename, Plan } from './writer'
import { t } from '../../../shared/error-messages'

export interface PlannedEntry {
  value: KObject
  /** Where the entry came from (client-go's LocationOfOrigin); absent for new entries. */
  origin?: { file: string; given: string }
}

/**
 * One section of the config a command wants: the starting entries plus the command's changes,
 * without copying thousands of entries to change one.
 */
export class EntryOverlay {
  private readonly changed = new Map<string, PlannedEntry | null>()
  private readonly renamed: ContextRename[] = []
  constructor(private readonly base: Map<string, MergedEntry>) {}

  get(name: string): PlannedEntry | undefined {
    if (this.changed.has(name)) return this.changed.get(name) ?? undefined
    const e = this.base.get(name)
    return e && { value: e.value, origin: { file: e.file, given: e.given } }
  }

  has(name: string): boolean {
    return this.get(name) !== undefined
  }

  set(name: string, entry: PlannedEntry): void {
    this.changed.set(name, entry)
  }

  delete(name: string): void {
    this.changed.set(name, null)
  }

  /** The entry under a new name, in the file that defines it (kubectl's rename-context). */
  rename(from: string, to: string): void {
    this.set(to, this.get(from)!)
    this.delete(from)
    this.renamed.push({ from, to })
  }

  /** The renames among the changes, in order. */
  renames(): readonly ContextRename[] {
    return this.renamed
  }

  /** Names the command touched: the entry it wants, or null for deleted. */
  changes(): [string, PlannedEntry | null][] {
    return [...this.changed]
  }
}

export interface NextConfig {
  currentContext: string
  clusters: EntryOverlay
  users: EntryOverlay
  contexts: EntryOverlay
}

/** The starting config as a NextConfig a command can change. */
export function editable(starting: MergedConfig): NextConfig {
  return {
    currentContext: starting.currentContext,
    clusters: new EntryOverlay(starting.clusters),
    users: new EntryOverlay(starting.users),
    contexts: new EntryOverlay(starting.contexts)
  }
}

export function planModify(access: ConfigAccess, starting: MergedConfig, next: NextConfig): Plan {
  const plan: Plan = new Map()
  const add = (given: string, edit: FileEdit) => {
    const abs = access.abs(given)
    const entry = plan.get(abs)
    if (entry) entry.edits.push(edit)
    else plan.set(abs, { given, edits: [edit] })
  }
  if (starting.currentContext !== next.currentContext) add(currentContextFile(access, starting, next.currentContext), { op: 'set-current-context', value: next.currentContext })
  const defaultFile = access.defaultFilename()
  // As ModifyConfig: changed and new entries (clusters, contexts, users), then deletions.
  for (const section of ['clusters', 'contexts', 'users'] as const) {
    const { schema } = sectionInfo[section]
    for (const [name, planned] of next[section].changes()) {
      if (!planned) continue
      const before = starting[section].get(name)
      if (before && planned.origin && (planned.value === before.value || objectsEqual(schema, planned.value, before.value))) continue
      const given = planned.origin?.given ?? defaultFile
      const value = section === 'contexts' ? planned.value : relativizeForFile(section, planned.value, access.abs(given), before?.value)
      add(given, { op: 'put', section, name, value })
    }
  }
  for (const section of sections) {
    for (const [name, planned] of next[section].changes()) {
      const before = starting[section].get(name)
      if (planned === null && before) add(before.given, { op: 'delete', section, name })
    }
  }
  // Told to the writer so the log says which contexts got new names (the app's marks follow them).
  for (const r of next.contexts.renames()) {
    const filePlan = plan.get(access.abs(starting.contexts.get(r.from)!.given))!
    ;(filePlan.renamed ??= []).push(r)
  }
  return plan
}

/** writeCurrentContext's choice of file. */
function currentContextFile(access: ConfigAccess, starting: MergedConfig, value: string): string {
  if (access.isExplicit) return access.explicitFile!
  if (value !== '') return access.defaultFilename()
  // Clearing it: the first file that sets one.
  for (const given of access.precedence()) {
    const src = starting.sources.find((s) => s.given === given)
    if (src && src.loaded.exists && src.loaded.config.currentContext !== '') return given
  }
  throw new AppError({ code: 'kubectl', message: t`no config found to write context` })
}
