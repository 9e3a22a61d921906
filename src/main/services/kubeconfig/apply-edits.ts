// Turns a file's FileEdits into its new text. Existing files are edited in place (splices, or
// the Document API); a new or empty file gets exactly what kubectl would write. Before anything
// reaches the disk the new text is parsed again and must mean what the edits intended.
import { AppError } from '../../../shared/errors'
import { decodeKubeconfig, type DecodedKubeconfig } from './decode'
import { documentEdit } from './document-editor'
import { applyToDecoded, coalesceRenames, sameMeaning, type FileEdit } from './edits'
import { SpliceEditor } from './splice-editor'
import { goYamlMarshal, parseYaml, resolvePlain, type YDoc } from './yaml'
import { structsToPlain, toV1 } from './v1'
import type { KObject } from './schema'
import { t } from '../../../shared/error-messages'

export interface EditableFile {
  path: string
  exists: boolean
  text: string
  config: DecodedKubeconfig
}

/** kubectl's serialisation of a whole config (clientcmd.Write), used for files it would create. */
export function canonicalText(c: DecodedKubeconfig): string {
  const toMap = (list: { name: string; value: KObject }[]) => new Map(list.map((e) => [e.name, e.value]))
  return goYamlMarshal(
    structsToPlain(
      toV1({
        clusters: toMap(c.clusters),
        users: toMap(c.users),
        contexts: toMap(c.contexts),
        currentContext: c.currentContext,
        colors: c.preferences.colors === true,
        extensions: new Map((c.extensions ?? []).map((e) => [e.name, e]))
      })
    )
  )
}

function isEmptyDocument(doc: YDoc): boolean {
  const r = doc.root
  return r === null || (r.kind === 'scalar' && r.style === 'plain' && resolvePlain(r.value).tag === 'null')
}

export interface EditResult {
  text: string
  config: DecodedKubeconfig
}

export function applyEdits(file: EditableFile, edits: FileEdit[]): EditResult {
  const expected = applyToDecoded(file.config, edits)
  const whole = (text: string): EditResult => ({ text, config: decodeKubeconfig(text, file.path).config })
  if (!file.exists) return whole(canonicalText(expected))
  // Windows line endings: edit the LF text (same YAML), write CRLF back.
  const crlf = file.text.includes('\r\n') && !/\r(?!\n)/.test(file.text)
  const eol = (t: string) => (crlf ? t.replace(/\n/g, '\r\n') : t)
  let text = crlf ? file.text.replace(/\r\n/g, '\n') : file.text
  let doc = parseYaml(text)
  if (isEmptyDocument(doc)) {
    // Only comments (or nothing): keep them, add what kubectl would have written.
    const kept = doc.root === null ? text : ''
    return whole(eol((kept && !kept.endsWith('\n') ? kept + '\n' : kept) + canonicalText(expected)))
  }
  let config = crlf ? decodeKubeconfig(text, file.path).config : file.config
  for (const edit of coalesceRenames(edits, config)) {
    const spliced = doc.exotic ? null : new SpliceEditor(doc, config).apply(edit)
    text = spliced ?? documentEdit(text, file.path, edit, config)
    try {
      ;({ doc, config } = decodeKubeconfig(text, file.path))
    } catch (e) {
      throw editFailed(file.path, e)
    }
  }
  if (!sameMeaning(config, expected)) throw editFailed(file.path, null)
  return { text: eol(text), config }
}

function editFailed(path: string, cause: unknown): AppError {
  return new AppError(
    {
      code: 'kubeconfig.edit-failed',
      message: t`Kubedeck could not edit ${path} without risking its content; nothing was written`,
      file: path,
      hint: t`Please report this with the file (secrets removed). You can make the change with kubectl meanwhile.`
    },
    { cause }
  )
}
