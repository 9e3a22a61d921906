// What a change does to one file, in kubeconfig terms. The same edits are applied twice: to the
// decoded config (the intended result) and to the text (keeping everything else byte for byte);
// a write goes to disk only when the new text decodes to exactly the intended result.
import type { DecodedKubeconfig, NamedEntry } from './decode'
import { objectsEqual, sectionInfo, sections, type KObject, type Section } from './schema'

export type FileEdit =
  | { op: 'set-current-context'; value: string }
  /** Sets an entry's known fields to `value` (unknown fields in the file stay); adds it when missing. */
  | { op: 'put'; section: Section; name: string; value: KObject }
  | { op: 'delete'; section: Section; name: string }
  | { op: 'rename'; section: Section; from: string; to: string }

/** The decoded config after the edits (what the new text must decode to). */
export function applyToDecoded(c: DecodedKubeconfig, edits: FileEdit[]): DecodedKubeconfig {
  const out: DecodedKubeconfig = { ...c, clusters: [...c.clusters], users: [...c.users], contexts: [...c.contexts] }
  for (const e of edits) {
    if (e.op === 'set-current-context') {
      out.currentContext = e.value
      continue
    }
    const list = out[e.section]
    const i = list.findIndex((x) => x.name === (e.op === 'rename' ? e.from : e.name))
    if (e.op === 'put') {
      const entry: NamedEntry = { name: e.name, value: e.value, line: i >= 0 ? list[i].line : 0 }
      if (i >= 0) list[i] = entry
      else list.push(entry)
    } else if (e.op === 'delete') {
      if (i >= 0) list.splice(i, 1)
    } else if (i >= 0) {
      list[i] = { ...list[i], name: e.to }
    }
  }
  return out
}

/** Whether two decoded configs mean the same to kubectl (entry order aside). */
export function sameMeaning(a: DecodedKubeconfig, b: DecodedKubeconfig): boolean {
  if (a.currentContext !== b.currentContext) return false
  for (const s of sections) {
    const x = a[s]
    const y = b[s]
    if (x.length !== y.length) return false
    const byName = new Map(y.map((e) => [e.name, e.value]))
    for (const e of x) {
      const other = byName.get(e.name)
      if (!other || !objectsEqual(sectionInfo[s].schema, e.value, other)) return false
    }
  }
  return true
}

/**
 * kubectl's rename-context writes the entry under its new name and deletes the old one, in the
 * same file. Doing it in place keeps the entry's comments and position. Only an identical
 * entry moving to a new name counts: a delete plus an unrelated add stays two edits.
 */
export function coalesceRenames(edits: FileEdit[], existing: DecodedKubeconfig): FileEdit[] {
  const out = [...edits]
  for (const s of sections) {
    const puts = out.filter((e): e is Extract<FileEdit, { op: 'put' }> => e.op === 'put' && e.section === s && !existing[s].some((x) => x.name === e.name))
    const dels = out.filter((e): e is Extract<FileEdit, { op: 'delete' }> => e.op === 'delete' && e.section === s && existing[s].some((x) => x.name === e.name))
    if (puts.length !== 1 || dels.length !== 1) continue
    const old = existing[s].find((x) => x.name === dels[0].name)!
    if (!objectsEqual(sectionInfo[s].schema, old.value, puts[0].value)) continue
    out.splice(out.indexOf(puts[0]), 1, { op: 'rename', section: s, from: dels[0].name, to: puts[0].name })
    out.splice(out.indexOf(dels[0]), 1)
  }
  return out
}
