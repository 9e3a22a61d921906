// Turns a parsed YAML tree into kubeconfig values with kubectl's typing: what client-go would
// reject (a `namespace: yes`, which go-yaml reads as a bool) is rejected here too, but with the
// file, line and field named and a fix suggested. Unknown fields are ignored as client-go ignores
// them (and edits keep them in the file). Deliberate differences, refusals of files kubectl
// reads ambiguously: an entry without a name (kubectl files it under ""), and a key repeated
// within one mapping (go-yaml silently keeps the last value; the full parser reports it).
import { AppError } from '../../../shared/errors'
import { sectionInfo, zeroObject, preferencesSchema, type ExtensionValue, type Field, type KObject, type KValue, type NamedExtension, type Schema, type Section } from './schema'
import { resolvePlain, YamlSyntaxError, parseYaml, type YDoc, type YMap, type YNode, type YScalar } from './yaml'
import { t, type Sentence } from '../../../shared/error-messages'

export interface NamedEntry {
  name: string
  value: KObject
  /** 1-based line of the entry (for messages). */
  line: number
}

export interface DecodedKubeconfig {
  kind: string
  apiVersion: string
  preferences: KObject
  clusters: NamedEntry[]
  users: NamedEntry[]
  contexts: NamedEntry[]
  currentContext: string
  extensions: NamedExtension[] | null
  /**
   * The current-context value's bytes, so a switch can splice them without parsing the file
   * again. null when the document has no plain top-level current-context to splice.
   */
  currentContextSlot: { start: number; end: number } | null
  /** False when edits must go through the YAML Document API (see YDoc.exotic). */
  spliceable: boolean
}

export const emptyDecoded = (): DecodedKubeconfig => ({
  kind: '',
  apiVersion: '',
  preferences: zeroObject(preferencesSchema),
  clusters: [],
  users: [],
  contexts: [],
  currentContext: '',
  extensions: null,
  currentContextSlot: null,
  spliceable: true
})

export function invalid(file: string, line: number | undefined, message: Sentence, hint?: Sentence): AppError {
  return new AppError({ code: 'kubeconfig.invalid', message, file, line, hint })
}

/** Parses and decodes a kubeconfig's text; throws AppError naming the file and line. */
export function decodeKubeconfig(text: string, file: string): { doc: YDoc; config: DecodedKubeconfig } {
  let doc: YDoc
  try {
    doc = parseYaml(text)
  } catch (e) {
    if (e instanceof YamlSyntaxError) {
      const line = lineOfOffset(text, e.problem.offset)
      throw invalid(file, line, t`${file} is not valid YAML: ${e.problem.message}`, t`Fix the YAML at that line (kubectl cannot read this file either).`)
    }
    throw e
  }
  return { doc, config: new Decoder(doc, file).config() }
}

function lineOfOffset(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

class Decoder {
  constructor(
    private readonly doc: YDoc,
    private readonly file: string
  ) {}

  private line(node: YNode | { start: number }): number {
    return this.doc.lines.lineOf(node.start)
  }

  private fail(at: YNode | { start: number } | null, message: Sentence, hint?: Sentence): never {
    throw invalid(this.file, at ? this.line(at) : undefined, message, hint)
  }

  config(): DecodedKubeconfig {
    const out = emptyDecoded()
    out.spliceable = !this.doc.exotic
    const root = this.doc.root
    if (root === null) return out
    if (root.kind === 'scalar' && root.style === 'plain' && resolvePlain(root.value).tag === 'null') return out
    if (root.kind !== 'map') {
      this.fail(root, t`${this.file} is not a kubeconfig: its top level is ${describe(root)}, not a mapping of apiVersion, kind, clusters, users and contexts`)
    }
    for (const pair of root.pairs) {
      const key = pair.key.value
      const v = pair.value
      switch (key) {
        case 'kind':
          out.kind = this.string(v, 'kind')
          break
        case 'apiVersion':
          out.apiVersion = this.string(v, 'apiVersion')
          break
        case 'current-context':
          out.currentContext = this.string(v, 'current-context')
          if (v && v.kind === 'scalar' && (v.style === 'plain' || v.style === 'double' || v.style === 'single')) {
            out.currentContextSlot = { start: v.start, end: v.end }
          }
          break
        case 'preferences':
          out.preferences = this.struct(v, preferencesSchema, 'preferences', false) ?? zeroObject(preferencesSchema)
          break
        case 'extensions':
          out.extensions = this.extensions(v, 'extensions')
          break
        case 'clusters':
        case 'users':
        case 'contexts':
          out[key] = this.section(key, v)
          break
      }
    }
    if (out.apiVersion !== '' && out.apiVersion !== 'v1') {
      this.fail(root, t`${this.file} has apiVersion "${out.apiVersion}"; kubeconfig files are apiVersion v1`, t`Set "apiVersion: v1" (or remove the line).`)
    }
    if (out.kind !== '' && out.kind !== 'Config') {
      this.fail(root, t`${this.file} has kind "${out.kind}"; a kubeconfig is kind Config`, t`This does not look like a kubeconfig; set "kind: Config" if it is one.`)
    }
    return out
  }

  private section(section: Section, node: YNode | null): NamedEntry[] {
    const { inner, schema, noun } = sectionInfo[section]
    if (node === null || this.isNull(node)) return []
    if (node.kind !== 'seq') {
      this.fail(node, t`"${section}" must be a list of entries like "- name: …" with a "${inner}:" mapping; found ${describe(node)}`)
    }
    const entries: NamedEntry[] = []
    const seen = new Map<string, number>()
    node.items.forEach((item, i) => {
      const where = `${section}[${i}]`
      const n = item.node
      const at = n ?? { start: item.dash >= 0 ? item.dash : node.start }
      if (n === null || this.isNull(n)) this.fail(at, t`${where} is empty; each entry needs a name and a "${inner}:" mapping`)
      if (n.kind !== 'map') this.fail(n, t`${where} must be a mapping with "name" and "${inner}"; found ${describe(n)}`)
      let name = ''
      let value: KObject | null = null
      for (const pair of n.pairs) {
        if (pair.key.value === 'name') name = this.string(pair.value, `${where}.name`)
        else if (pair.key.value === inner) value = this.struct(pair.value, schema, `${where}.${inner}`, false)
      }
      if (name === '') {
        this.fail(n, t`${where} has no name`, t`Give the ${noun} a "name:"; kubectl would list it under an empty name.`)
      }
      const line = this.line(n)
      const previous = seen.get(name)
      if (previous !== undefined) {
        this.fail(n, t`${noun} "${name}" is defined twice in ${this.file} (lines ${previous} and ${line})`, t`Rename or remove one of them (kubectl refuses the file too).`)
      }
      seen.set(name, line)
      entries.push({ name, value: value ?? zeroObject(schema), line })
    })
    return entries
  }

  private isNull(n: YNode): boolean {
    return n.kind === 'scalar' && n.style === 'plain' && resolvePlain(n.value).tag === 'null'
  }

  private struct(node: YNode | null, schema: Schema, where: string, pointer: boolean): KObject | null {
    if (node === null || this.isNull(node)) return pointer ? null : zeroObject(schema)
    if (node.kind !== 'map') this.fail(node, t`"${where}" must be a mapping; found ${describe(node)}`)
    const out = zeroObject(schema)
    for (const pair of (node as YMap).pairs) {
      const f = schema.find((s) => s.key === pair.key.value)
      if (f) out[f.key] = this.field(f, pair.value, `${where}.${f.key}`)
    }
    return out
  }

  private field(f: Field, node: YNode | null, where: string): KValue {
    const k = f.kind
    switch (k.t) {
      case 'string':
        return this.string(node, where)
      case 'bool':
        return this.bool(node, where)
      case 'bytes':
        return this.bytes(node, where)
      case 'strings':
        return this.strings(node, where)
      case 'stringMap': {
        if (node === null || this.isNull(node)) return null
        if (node.kind !== 'map') this.fail(node, t`"${where}" must be a mapping of strings; found ${describe(node)}`)
        const out: Record<string, string> = {}
        for (const p of node.pairs) out[jsonKey(p.key)] = this.string(p.value, `${where}.${p.key.value}`)
        return out
      }
      case 'stringsMap': {
        if (node === null || this.isNull(node)) return null
        if (node.kind !== 'map') this.fail(node, t`"${where}" must be a mapping of string lists; found ${describe(node)}`)
        const out: Record<string, string[] | null> = {}
        for (const p of node.pairs) out[jsonKey(p.key)] = this.strings(p.value, `${where}.${p.key.value}`)
        return out
      }
      case 'struct':
        return this.struct(node, k.schema, where, k.pointer)
      case 'structList': {
        if (node === null || this.isNull(node)) return null
        if (node.kind !== 'seq') this.fail(node, t`"${where}" must be a list; found ${describe(node)}`)
        return node.items.map((item, i) => this.struct(item.node, k.schema, `${where}[${i}]`, false) ?? zeroObject(k.schema))
      }
      case 'extensions':
        return this.extensions(node, where)
    }
  }

  private string(node: YNode | null, where: string): string {
    if (node === null) return ''
    if (node.kind !== 'scalar') this.fail(node, t`"${where}" must be a string; found ${describe(node)}`)
    if (node.style !== 'plain') return node.value
    const r = resolvePlain(node.value)
    if (r.tag === 'null') return ''
    if (r.tag === 'str' || r.tag === 'timestamp') return node.value
    return this.fail(
      node,
      t`"${where}" must be a string, but YAML reads ${node.value} as a ${r.tag === 'bool' ? 'boolean' : 'number'} (kubectl rejects the file)`,
      t`Quote it: "${node.value}".`
    )
  }

  private bool(node: YNode | null, where: string): boolean {
    if (node === null) return false
    if (node.kind === 'scalar' && node.style === 'plain') {
      const r = resolvePlain(node.value)
      if (r.tag === 'null') return false
      if (r.tag === 'bool') return r.value as boolean
    }
    return this.fail(node, t`"${where}" must be true or false; found ${describe(node)}`, t`Write true or false without quotes.`)
  }

  private bytes(node: YNode | null, where: string): string {
    const s = this.string(node, where)
    // Go's base64 decoder skips line breaks, so wrapped base64 is fine.
    const b64 = s.includes('\n') || s.includes('\r') ? s.replace(/[\r\n]/g, '') : s
    if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
      this.fail(node, t`"${where}" is not valid base64`, t`Paste the base64 text again (it may have been cut), or point to a file with the field without "-data".`)
    }
    return b64
  }

  private strings(node: YNode | null, where: string): string[] | null {
    if (node === null || this.isNull(node)) return null
    if (node.kind !== 'seq') this.fail(node, t`"${where}" must be a list of strings; found ${describe(node)}`)
    return node.items.map((item, i) => this.string(item.node, `${where}[${i}]`))
  }

  private extensions(node: YNode | null, where: string): NamedExtension[] | null {
    if (node === null || this.isNull(node)) return null
    if (node.kind !== 'seq') this.fail(node, t`"${where}" must be a list of "- name: …" / "extension: …" entries; found ${describe(node)}`)
    return node.items.map((item, i) => {
      const n = item.node
      if (!n || n.kind !== 'map') return this.fail(n ?? node, t`"${where}[${i}]" must be a mapping with name and extension`)
      let name = ''
      let extension: ExtensionValue = null
      for (const p of n.pairs) {
        if (p.key.value === 'name') name = this.string(p.value, `${where}[${i}].name`)
        else if (p.key.value === 'extension') extension = toJson(p.value)
      }
      return { name, extension }
    })
  }
}

/** A YAML subtree as the JSON go-yaml v2 would hand to encoding/json (plain scalars typed). */
export function toJson(node: YNode | null): ExtensionValue {
  if (node === null) return null
  if (node.kind === 'scalar') {
    if (node.style !== 'plain') return node.value
    const r = resolvePlain(node.value)
    return r.tag === 'timestamp' ? node.value : (r.value as ExtensionValue)
  }
  if (node.kind === 'seq') return node.items.map((i) => toJson(i.node))
  const out: { [k: string]: ExtensionValue } = {}
  for (const p of node.pairs) out[jsonKey(p.key)] = toJson(p.value)
  return out
}

/** sigs.k8s.io/yaml turns non-string map keys into strings: `on:` becomes "true", `1:` "1". */
function jsonKey(key: YScalar): string {
  if (key.style !== 'plain') return key.value
  const r = resolvePlain(key.value)
  if (r.tag === 'bool' || r.tag === 'int') return String(r.value)
  if (r.tag === 'null') return 'null'
  if (r.tag === 'float') return goFloatKey(r.value as number)
  return key.value
}

/** strconv.FormatFloat(f, 'g', -1, 32) for map keys. */
function goFloatKey(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  const t = Math.fround(f)
  let p = 1
  while (p < 9 && Math.fround(Number(t.toPrecision(p))) !== t) p++
  const [mantissa, e] = t.toExponential(p - 1).split('e')
  const exp = Number(e)
  if (exp < -4 || exp >= 21) return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(Number(t.toPrecision(p)))
}

function describe(node: YNode): string {
  if (node.kind === 'map') return 'a mapping'
  if (node.kind === 'seq') return 'a list'
  if (node.style !== 'plain') return `the string "${truncate(node.value)}"`
  const r = resolvePlain(node.value)
  switch (r.tag) {
    case 'null':
      return 'nothing (null)'
    case 'bool':
      return `the boolean ${node.value}`
    case 'int':
    case 'float':
      return `the number ${node.value}`
    default:
      return `the string "${truncate(node.value)}"`
  }
}

function truncate(s: string): string {
  return s.length > 40 ? s.slice(0, 37) + '…' : s
}
