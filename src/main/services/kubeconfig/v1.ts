// The v1 shape kubectl serialises (clientcmd/api/v1): what `kubectl config view` prints and what
// every file kubectl creates contains. Maps become lists sorted by name (Go's sort.Strings),
// fields follow the struct order (-o json) and `omitempty` decides what is left out.
import { GoStruct, type GoJson } from './yaml'
import { canonicalBase64, isEmptyValue, clusterSchema, contextSchema, userSchema, type ExtensionValue, type KObject, type KValue, type NamedExtension, type Schema } from './schema'

export interface ConfigContent {
  clusters: Map<string, KObject>
  users: Map<string, KObject>
  contexts: Map<string, KObject>
  currentContext: string
  colors: boolean
  extensions: Map<string, NamedExtension>
}

/** Replaces []byte values when printing (kubectl's DATA+OMITTED / REDACTED). */
export type BytesPrinter = (fieldKey: string, canonical: string) => string

const goStringLess = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b))

function extensionJson(v: ExtensionValue): GoJson {
  return v as GoJson
}

function fieldJson(schema: Schema, o: KObject, printBytes: BytesPrinter): GoStruct {
  const fields: [string, GoJson][] = []
  for (const f of schema) {
    const v = o[f.key]
    if (f.omitempty && isEmptyValue(f, v)) continue
    fields.push([f.key, valueJson(f, v, printBytes)])
  }
  return new GoStruct(fields)
}

function valueJson(f: Schema[number], v: KValue, printBytes: BytesPrinter): GoJson {
  const k = f.kind
  switch (k.t) {
    case 'string':
    case 'bool':
      return v as string | boolean
    case 'bytes':
      return printBytes(f.key, canonicalBase64(v as string))
    case 'strings':
      return v === null ? null : [...(v as string[])]
    case 'stringMap':
    case 'stringsMap':
      return v === null ? null : (structuredClone(v) as GoJson)
    case 'struct':
      return v === null ? null : fieldJson(k.schema, v as KObject, printBytes)
    case 'structList':
      return v === null ? null : (v as KObject[]).map((o) => fieldJson(k.schema, o, printBytes))
    case 'extensions':
      return v === null ? null : extensionsJson(v as NamedExtension[])
  }
}

function extensionsJson(list: NamedExtension[]): GoJson {
  // Internally a map keyed by name: converted back sorted by name.
  const byName = new Map<string, NamedExtension>()
  for (const e of list) byName.set(e.name, e)
  return [...byName.keys()].sort(goStringLess).map((name) => new GoStruct([['name', name], ['extension', extensionJson(byName.get(name)!.extension)]]))
}

function namedList(map: Map<string, KObject>, inner: string, schema: Schema, printBytes: BytesPrinter): GoJson {
  if (map.size === 0) return null
  return [...map.keys()].sort(goStringLess).map((name) => new GoStruct([['name', name], [inner, fieldJson(schema, map.get(name)!, printBytes)]]))
}

export const rawBytes: BytesPrinter = (_key, canonical) => canonical

/** The v1.Config kubectl encodes, as an ordered JSON value. */
export function toV1(c: ConfigContent, printBytes: BytesPrinter = rawBytes): GoStruct {
  const prefs: [string, GoJson][] = []
  if (c.colors) prefs.push(['colors', true])
  const fields: [string, GoJson][] = [
    ['kind', 'Config'],
    ['apiVersion', 'v1'],
    ['preferences', new GoStruct(prefs)],
    ['clusters', namedList(c.clusters, 'cluster', clusterSchema, printBytes)],
    ['users', namedList(c.users, 'user', userSchema, printBytes)],
    ['contexts', namedList(c.contexts, 'context', contextSchema, printBytes)],
    ['current-context', c.currentContext]
  ]
  if (c.extensions.size > 0) fields.push(['extensions', extensionsJson([...c.extensions.values()])])
  return new GoStruct(fields)
}

/** GoStruct → plain objects, as sigs.k8s.io/yaml does before handing JSON to go-yaml (which sorts keys). */
export function structsToPlain(v: GoJson): import('./yaml').GoValue {
  if (v instanceof GoStruct) return Object.fromEntries(v.fields.map(([k, x]) => [k, structsToPlain(x)]))
  if (Array.isArray(v)) return v.map(structsToPlain)
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, structsToPlain(x)]))
  return v
}
