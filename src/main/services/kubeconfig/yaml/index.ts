export type { YDoc, YMap, YNode, YPair, YScalar, YSeq, YSeqItem, ScalarStyle } from './nodes'
export { LineIndex, mapGet } from './nodes'
export { parseYaml } from './parse'
export { YamlSyntaxError } from './full-parser'
export {
  resolvePlain,
  goYamlMarshal,
  goYamlStringStyle,
  goJsonMarshalIndent,
  sortGoYamlKeys,
  GoStruct,
  type GoValue,
  type GoJson,
  type Resolved
} from './go-yaml'
