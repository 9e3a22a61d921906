// The kubeconfig format as client-go's v1 types define it (k8s.io/client-go/tools/clientcmd/api/v1):
// field names, Go types (which decide what kubectl accepts), `omitempty` (which decides what it
// prints) and field order (which `-o json` follows). Values are kept keyed by their YAML name.

export type FieldKind =
  | { t: 'string' }
  | { t: 'bool' }
  /** []byte: base64 in the file. Kept as the base64 text without line breaks. */
  | { t: 'bytes' }
  /** []string; null (nil) and [] differ in kubectl's output. */
  | { t: 'strings' }
  | { t: 'stringMap' }
  | { t: 'stringsMap' }
  | { t: 'struct'; schema: Schema; pointer: boolean }
  | { t: 'structList'; schema: Schema }
  /** []NamedExtension: opaque values kubectl round-trips as JSON. */
  | { t: 'extensions' }

export interface Field {
  key: string
  kind: FieldKind
  omitempty: boolean
}
export type Schema = readonly Field[]

const str = (key: string, omitempty = true): Field => ({ key, kind: { t: 'string' }, omitempty })
const bool = (key: string, omitempty = true): Field => ({ key, kind: { t: 'bool' }, omitempty })
const bytes = (key: string): Field => ({ key, kind: { t: 'bytes' }, omitempty: true })
const extensions: Field = { key: 'extensions', kind: { t: 'extensions' }, omitempty: true }

export const clusterSchema: Schema = [
  str('server', false),
  str('tls-server-name'),
  bool('insecure-skip-tls-verify'),
  str('certificate-authority'),
  bytes('certificate-authority-data'),
  str('proxy-url'),
  bool('disable-compression'),
  extensions
]

const execEnvSchema: Schema = [str('name', false), str('value', false)]
const execSchema: Schema = [
  str('command', false),
  { key: 'args', kind: { t: 'strings' }, omitempty: false },
  { key: 'env', kind: { t: 'structList', schema: execEnvSchema }, omitempty: false },
  str('apiVersion'),
  str('installHint'),
  bool('provideClusterInfo', false),
  str('interactiveMode')
]
const authProviderSchema: Schema = [str('name', false), { key: 'config', kind: { t: 'stringMap' }, omitempty: false }]

export const userSchema: Schema = [
  str('client-certificate'),
  bytes('client-certificate-data'),
  str('client-key'),
  bytes('client-key-data'),
  str('token'),
  str('tokenFile'),
  str('as'),
  str('as-uid'),
  { key: 'as-groups', kind: { t: 'strings' }, omitempty: true },
  { key: 'as-user-extra', kind: { t: 'stringsMap' }, omitempty: true },
  str('username'),
  str('password'),
  { key: 'auth-provider', kind: { t: 'struct', schema: authProviderSchema, pointer: true }, omitempty: true },
  { key: 'exec', kind: { t: 'struct', schema: execSchema, pointer: true }, omitempty: true },
  extensions
]

export const contextSchema: Schema = [str('cluster', false), str('user', false), str('namespace'), extensions]

export const preferencesSchema: Schema = [bool('colors'), extensions]

export type Section = 'clusters' | 'users' | 'contexts'
export const sections: readonly Section[] = ['clusters', 'users', 'contexts']

/** The key holding an entry's fields inside `- name: x` items, and its schema. */
export const sectionInfo: Record<Section, { inner: 'cluster' | 'user' | 'context'; schema: Schema; noun: string }> = {
  clusters: { inner: 'cluster', schema: clusterSchema, noun: 'cluster' },
  users: { inner: 'user', schema: userSchema, noun: 'user' },
  contexts: { inner: 'context', schema: contextSchema, noun: 'context' }
}

/**
 * File references client-go resolves against the defining file (GetClusterFileReferences,
 * GetAuthInfoFileReferences). The exec command only when it contains a path separator.
 */
export const pathFields: Record<Section, readonly string[]> = {
  clusters: ['certificate-authority'],
  users: ['client-certificate', 'client-key', 'tokenFile'],
  contexts: []
}

// ---- values -----------------------------------------------------------------------------------

export type ExtensionValue = null | boolean | number | bigint | string | ExtensionValue[] | { [k: string]: ExtensionValue }
export interface NamedExtension {
  name: string
  extension: ExtensionValue
}

/** A decoded struct: every schema field present, absent ones at their Go zero value. */
export type KObject = { [key: string]: KValue }
export type KValue =
  | string
  | boolean
  | string[]
  | null
  | KObject
  | KObject[]
  | Record<string, string>
  | Record<string, string[] | null>
  | NamedExtension[]

export function zeroValue(f: Field): KValue {
  switch (f.kind.t) {
    case 'string':
    case 'bytes':
      return ''
    case 'bool':
      return false
    case 'struct':
      return f.kind.pointer ? null : zeroObject(f.kind.schema)
    default:
      return null
  }
}

export function zeroObject(schema: Schema): KObject {
  const o: KObject = {}
  for (const f of schema) o[f.key] = zeroValue(f)
  return o
}

/** Go's omitempty: zero values and empty slices/maps are left out. */
export function isEmptyValue(f: Field, v: KValue): boolean {
  switch (f.kind.t) {
    case 'string':
    case 'bytes':
      return v === ''
    case 'bool':
      return v === false
    case 'struct':
      return f.kind.pointer ? v === null : false
    default:
      return v === null || (Array.isArray(v) ? v.length === 0 : Object.keys(v as object).length === 0)
  }
}

/** Canonical base64 (what Go prints after decoding): padding fixed, line breaks gone. */
export function canonicalBase64(b64: string): string {
  return b64 === '' ? '' : Buffer.from(b64, 'base64').toString('base64')
}

/** Deep equality on decoded values, with bytes compared by content (as reflect.DeepEqual on []byte). */
export function valuesEqual(f: Field | null, a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (f && f.kind.t === 'bytes') return canonicalBase64(a as string) === canonicalBase64(b as string)
  if (f && f.kind.t === 'struct') {
    if (a === null || b === null) return a === b
    return objectsEqual(f.kind.schema, a as KObject, b as KObject)
  }
  if (f && f.kind.t === 'structList') {
    if (a === null || b === null) return a === b
    const x = a as KObject[]
    const y = b as KObject[]
    const schema = f.kind.schema
    return x.length === y.length && x.every((o, i) => objectsEqual(schema, o, y[i]))
  }
  return deepEqual(a, b)
}

export function objectsEqual(schema: Schema, a: KObject, b: KObject): boolean {
  return a === b || schema.every((f) => valuesEqual(f, a[f.key], b[f.key]))
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b)
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const y = b as unknown[]
    return a.length === y.length && a.every((v, i) => deepEqual(v, y[i]))
  }
  const ka = Object.keys(a as object)
  const kb = Object.keys(b as object)
  return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}
