import { fastParse } from './fast-parser'
import { fullParse } from './full-parser'
import { LineIndex, type YDoc } from './nodes'

/** Parses YAML text into a located tree; throws YamlSyntaxError (with an offset) on bad YAML. */
export function parseYaml(text: string): YDoc {
  const fast = fastParse(text)
  if (fast !== undefined) return { text, root: fast, exotic: false, lines: new LineIndex(text) }
  return { text, root: fullParse(text), exotic: true, lines: new LineIndex(text) }
}
