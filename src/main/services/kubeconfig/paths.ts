// File references inside kubeconfigs (certificate-authority, client-certificate, client-key,
// tokenFile, an exec command with a path) are relative to the file that defines them
// (client-go ResolveLocalPaths). When kubectl writes an entry it makes them relative again
// where that needs no "../" (RelativizePathWithNoBacksteps); Kubedeck does the same for values
// it writes and keeps the user's own spelling of values it does not change.
import { dirname, isAbsolute, join, relative } from 'node:path'
import { pathFields, type KObject, type Section } from './schema'

/** Go's filepath.Join(base, ref) for a relative ref; absolute refs unchanged; '' stays ''. */
export function resolveRef(ref: string, baseDir: string): string {
  if (ref === '' || isAbsolute(ref)) return ref
  return join(baseDir, ref)
}

/** RelativizePathWithNoBacksteps for one absolute path. */
export function relativizeRef(abs: string, baseDir: string): string {
  if (abs === '') return abs
  const rel = relative(baseDir, abs) || '.'
  return rel.startsWith('../') ? abs : rel
}

/** The exec command is a file reference only when it contains a separator (else it is looked up on PATH). */
export function execCommandIsPath(command: string): boolean {
  return command.includes('/')
}

type RefVisitor = (value: string, set: (v: string) => void) => void

/** Visits the file references of an entry (cloning nested objects it may change). */
export function visitRefs(section: Section, value: KObject, visit: RefVisitor): KObject {
  const out: KObject = { ...value }
  for (const key of pathFields[section]) visit(out[key] as string, (v) => (out[key] = v))
  if (section === 'users' && out.exec !== null && typeof out.exec === 'object') {
    const exec = { ...(out.exec as KObject) }
    out.exec = exec
    const command = exec.command as string
    if (execCommandIsPath(command)) visit(command, (v) => (exec.command = v))
  }
  return out
}

/**
 * What kubectl writes for an entry going into `destinationFile` (absolute): every reference
 * resolved against the file, then made relative where possible. References whose meaning is
 * unchanged from `current` keep the spelling they have in the file.
 */
export function relativizeForFile(section: Section, value: KObject, destinationFile: string, current?: KObject): KObject {
  const base = dirname(destinationFile)
  const currentRefs = new Map<string, string>()
  if (current) visitRefs(section, current, (v) => currentRefs.set(resolveRef(v, base), v))
  return visitRefs(section, value, (v, set) => {
    if (v === '') return
    const abs = resolveRef(v, base)
    set(currentRefs.get(abs) ?? relativizeRef(abs, base))
  })
}
