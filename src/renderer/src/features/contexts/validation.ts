// Checks the dialogs run before anything is sent: a refused input never reaches main, so
// nothing is written. The service checks again (it is the authority); these give the message
// at the field, in the user's language, before a round trip.
import type { ContextEntry, ContextRef } from '@shared/model/kubeconfig'

export type NameProblem =
  | { code: 'empty' }
  | { code: 'whitespace' }
  | { code: 'unchanged' }
  | { code: 'exists-in-file'; file: string }

/** A new name for `context`: kubectl refuses an empty one and one that exists in the same file. */
export function checkContextName(name: string, context: ContextRef, contexts: readonly ContextEntry[]): NameProblem | null {
  if (name.length === 0) return { code: 'empty' }
  if (name.trim() !== name) return { code: 'whitespace' }
  if (name === context.name) return { code: 'unchanged' }
  if (contexts.some((c) => c.file === context.file && c.name === name)) return { code: 'exists-in-file', file: context.file }
  return null
}

/** Another file's context with that name: allowed (as in kubectl), but one will shadow the other. */
export function nameElsewhere(name: string, context: ContextRef, contexts: readonly ContextEntry[]): string | null {
  return contexts.find((c) => c.name === name && c.file !== context.file)?.file ?? null
}

export type NamespaceProblem = { code: 'too-long'; max: number } | { code: 'invalid' }

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/**
 * A namespace is a DNS-1123 label (the API server refuses anything else, so kubectl would
 * write a namespace no request can use). Empty means "unset": kubectl's default namespace.
 */
export function checkNamespace(ns: string): NamespaceProblem | null {
  if (ns === '') return null
  if (ns.length > 63) return { code: 'too-long', max: 63 }
  if (!DNS_LABEL.test(ns)) return { code: 'invalid' }
  return null
}

/**
 * A path main can take from a text field: absolute (POSIX or Windows), or ~ / ~/… for the home
 * folder (main expands it). A relative one would be relative to the app's working directory,
 * which means nothing to the user: refused here at the field, and by main.
 */
export function isAbsoluteOrHomePath(p: string): boolean {
  return p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\') || /^~(?:$|[\\/])/.test(p)
}
