// client-go's ModifyConfig: given the merged config a command started from and the config it
// wants, decide which file each difference is written to. current-context goes to the default
// file (--kubeconfig, else the first existing $KUBECONFIG entry, else the last one, else
// ~/.kube/config); a changed or deleted entry goes to the file that defines it; a new entry
// goes to the default file. File references are made relative to the file they land in.
import { AppError } from '../../../shared/errors'
import type { ConfigAccess } from './config-access'
import type { FileEdit } from './edits'
import type { MergedConfig } from './merge'
import { relativizeForFile } from './paths'
import { objectsEqual, sectionInfo, sections, type KObject, type Section } from './schema'
import type { Plan } from './writer'

export interface PlannedEntry {
  value: KObject
  /** Where the entry came from (client-go's LocationOfOrigin); absent for new entries. */
  origin?: { file: string; given: string }
}

export interface NextConfig {
  currentContext: string
  clusters: Map<string, PlannedEntry>
  users: Map<string, PlannedEntry>
  contexts: Map<string, PlannedEntry>
}

/** The starting config as a NextConfig a command can change. */
export function editable(starting: MergedConfig): NextConfig {
  const copy = (section: Section) =>
    new Map([...starting[section]].map(([name, e]) => [name, { value: e.value, origin: { file: e.file, given: e.given } }]))
  return { currentContext: starting.currentContext, clusters: copy('clusters'), users: copy('users'), contexts: copy('contexts') }
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
  for (const section of ['clusters', 'contexts', 'users'] as const) {
    const { schema } = sectionInfo[section]
    for (const [name, planned] of next[section]) {
      const before = starting[section].get(name)
      if (before && planned.origin && (planned.value === before.value || objectsEqual(schema, planned.value, before.value))) continue
      const given = planned.origin?.given ?? defaultFile
      const value = section === 'contexts' ? planned.value : relativizeForFile(section, planned.value, access.abs(given), before?.value)
      add(given, { op: 'put', section, name, value })
    }
  }
  for (const section of sections) {
    for (const [name, before] of starting[section]) {
      if (!next[section].has(name)) add(before.given, { op: 'delete', section, name })
    }
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
  throw new AppError({ code: 'kubectl', message: 'no config found to write context' })
}
