// Edits through the `yaml` package's Document API, for files the splice editor leaves alone
// (flow-style sections, JSON kubeconfigs, anchors and aliases, folded scalars). Comments and
// unknown fields survive; formatting of untouched parts may be normalised by the printer.
// Parsed with the failsafe schema so untouched scalars print exactly as they were written.
import { isAlias, isMap, isScalar, isSeq, parseDocument, Pair, Scalar, YAMLMap, YAMLSeq, type Node as YamlNode } from 'yaml'
import { AppError } from '../../../shared/errors'
import type { DecodedKubeconfig } from './decode'
import type { FileEdit } from './edits'
import { fieldToWrite, objectToWrite, WriteMap, type WriteValue } from './render'
import { isEmptyValue, sectionInfo, valuesEqual, type KObject, type Schema } from './schema'
import { goYamlStringStyle } from './yaml'
import { t } from '../../../shared/error-messages'

export function documentEdit(text: string, path: string, edit: FileEdit, config: DecodedKubeconfig): string {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: true })
  const json = looksLikeJson(doc.contents)
  const refuse = (what: string): never => {
    throw new AppError({
      code: 'kubeconfig.unsupported-edit',
      message: t`${path}: Kubedeck will not ${what}: that part of the file uses YAML anchors, aliases or merge keys that other entries may share`,
      file: path,
      hint: t`Edit that entry by hand, or replace the anchors and aliases with plain values.`
    })
  }
  let root = doc.contents as YamlNode | null
  if (root === null || (isScalar(root) && (root.value === '' || root.value === null))) {
    root = new YAMLMap()
    doc.contents = root as never
  }
  if (!isMap(root)) {
    throw new AppError({ code: 'kubeconfig.invalid', message: t`${path}: the top level is not a mapping`, file: path })
  }
  const flow = (parent: YamlNode): boolean => Boolean((parent as YAMLMap).flow)

  const scalar = (s: string | boolean | number | bigint | null): Scalar => {
    const str = s === null ? 'null' : String(s)
    const node = new Scalar(str)
    if (typeof s === 'string') {
      const style = goYamlStringStyle(s)
      node.type = json || style === 'double' || style === 'literal' ? 'QUOTE_DOUBLE' : style === 'single' ? 'QUOTE_SINGLE' : 'PLAIN'
    } else node.type = 'PLAIN'
    return node
  }
  const toNode = (v: WriteValue, inFlow: boolean): YamlNode => {
    if (v instanceof WriteMap) {
      const m = new YAMLMap()
      m.flow = inFlow
      for (const [k, x] of v.pairs) m.items.push(new Pair(scalar(k), toNode(x, inFlow)))
      return m
    }
    if (Array.isArray(v)) {
      const s = new YAMLSeq()
      s.flow = inFlow
      for (const x of v) s.items.push(toNode(x, inFlow))
      return s
    }
    return scalar(v)
  }
  const pairOf = (map: YAMLMap, key: string): Pair | undefined => {
    for (const p of map.items as Pair[]) {
      if (isScalar(p.key) && String(p.key.value) === key) return p
      if (isScalar(p.key) && p.key.value === '<<') refuse(`edit ${key}`)
    }
    return undefined
  }
  const setPair = (map: YAMLMap, key: string, v: WriteValue): void => {
    const p = pairOf(map, key)
    const node = toNode(v, flow(map))
    if (p) p.value = node
    else map.items.push(new Pair(scalar(key), node))
  }
  const diffFields = (map: YAMLMap, schema: Schema, old: KObject, next: KObject): void => {
    for (const f of schema) {
      if (valuesEqual(f, old[f.key], next[f.key])) continue
      const p = pairOf(map, f.key)
      if (isEmptyValue(f, next[f.key])) {
        if (p) map.items.splice(map.items.indexOf(p), 1)
        continue
      }
      if (f.kind.t === 'struct' && p && isMap(p.value) && old[f.key] !== null) {
        diffFields(p.value, f.kind.schema, old[f.key] as KObject, next[f.key] as KObject)
      } else setPair(map, f.key, fieldToWrite(f.kind, next[f.key]))
    }
  }

  if (edit.op === 'set-current-context') {
    setPair(root, 'current-context', edit.value)
    return doc.toString({ lineWidth: 0 })
  }
  const { inner, schema } = sectionInfo[edit.section]
  const secPair = pairOf(root, edit.section)
  if (secPair && isAlias(secPair.value)) refuse(`edit ${edit.section}`)
  let seq = secPair?.value as YamlNode | null | undefined
  if (!seq || !isSeq(seq)) {
    if (edit.op !== 'put') return doc.toString({ lineWidth: 0 })
    seq = new YAMLSeq()
    ;(seq as YAMLSeq).flow = flow(root)
    if (secPair) secPair.value = seq
    else root.items.push(new Pair(scalar(edit.section), seq))
  }
  const items = (seq as YAMLSeq).items as YamlNode[]
  const target = edit.op === 'rename' ? edit.from : edit.name
  const index = items.findIndex((n) => {
    if (isAlias(n)) return false
    return (
      isMap(n) &&
      (() => {
        const p = pairOf(n, 'name')
        return p !== undefined && isScalar(p.value) && String(p.value.value) === target
      })()
    )
  })
  if (items.some((n) => isAlias(n))) refuse(`edit ${edit.section}`)
  if (edit.op === 'delete') {
    if (index >= 0) items.splice(index, 1)
  } else if (edit.op === 'rename') {
    if (index >= 0) setPair(items[index] as YAMLMap, 'name', edit.to)
  } else if (index < 0) {
    items.push(
      toNode(
        new WriteMap([
          ['name', edit.name],
          [inner, objectToWrite(schema, edit.value)]
        ]),
        Boolean((seq as YAMLSeq).flow)
      )
    )
  } else {
    const entry = items[index] as YAMLMap
    const innerPair = pairOf(entry, inner)
    const old = config[edit.section].find((e) => e.name === edit.name)
    if (innerPair && isAlias(innerPair.value)) refuse(`edit ${edit.name}`)
    if (innerPair && isMap(innerPair.value) && old) diffFields(innerPair.value, schema, old.value, edit.value)
    else setPair(entry, inner, objectToWrite(schema, edit.value))
  }
  return doc.toString({ lineWidth: 0 })
}

function looksLikeJson(root: unknown): boolean {
  if (!isMap(root) || !root.flow) return false
  const first = (root.items as Pair[])[0]
  return first !== undefined && isScalar(first.key) && first.key.type === 'QUOTE_DOUBLE'
}
