// What a file chosen for import is, when it is not a kubeconfig, said without quoting it: the
// file may be anything on the disk (a private key, /etc/shadow, a binary), and its bytes must
// not travel into an error message that the UI shows and logs keep.
import { readFile, stat } from 'node:fs/promises'
import { isUtf8 } from 'node:buffer'
import { parse } from 'yaml'
import { AppError } from '../../../shared/errors'
import { decodeKubeconfig, type DecodedKubeconfig } from './decode'
import { t, type Sentence } from '../../../shared/error-messages'

const SUGGEST = t`A kubeconfig is YAML with \`kind: Config\`, clusters, users and contexts: \`kubectl config view --raw\` prints one, and kubeadm writes /etc/kubernetes/admin.conf on control-plane nodes.`

export async function readImportSource(path: string): Promise<DecodedKubeconfig> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => e)
  if (info instanceof Error) {
    throw new AppError(
      info.code === 'ENOENT'
        ? {
            code: 'kubeconfig.import-missing',
            message: t`There is no file at ${path}; nothing was imported.`,
            file: path,
            hint: t`Check the path (relative paths are taken from the folder Kubedeck was started in), or pick the file.`
          }
        : {
            code: 'kubeconfig.unreadable',
            message: t`${path} cannot be read (${info.code ?? 'error'}); nothing was imported.`,
            file: path,
            hint: t`Check that the file is readable by you.`
          }
    )
  }
  if (info.isDirectory()) {
    throw new AppError({
      code: 'kubeconfig.import-folder',
      message: t`${path} is a folder, not a file; nothing was imported.`,
      file: path,
      hint: t`Pick a kubeconfig file in it (for example ${path.replace(/\/+$/, '')}/config), or add the folder as a source instead.`
    })
  }
  if (info.size > 64 * 1024 * 1024) {
    throw new AppError({
      code: 'kubeconfig.import-not-kubeconfig',
      message: t`${path} is ${Math.round(info.size / 1048576)} MiB: too large to be a kubeconfig; nothing was imported.`,
      file: path,
      hint: SUGGEST
    })
  }
  const bytes = await readFile(path)
  const notOne = (what: Sentence) =>
    new AppError({ code: 'kubeconfig.import-not-kubeconfig', message: t`${path} ${what}, not a kubeconfig; nothing was imported.`, file: path, hint: SUGGEST })
  if (bytes.includes(0) || !isUtf8(bytes)) throw notOne(t`is not a text file (it holds binary data)`)
  const text = bytes.toString('utf8')
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(text)) throw notOne(t`holds a private key`)
  if (/-----BEGIN CERTIFICATE-----/.test(text) && !/^\s*(clusters|users|contexts)\s*:/m.test(text)) throw notOne(t`holds a certificate`)
  let doc: unknown
  try {
    doc = parse(text, { uniqueKeys: false })
  } catch (e) {
    // Where, not what: the parser's message would quote the line.
    const at = (e as { linePos?: { line: number; col: number }[] }).linePos?.[0]
    throw notOne(at ? t`is not YAML (the first problem is at line ${at.line}, column ${at.col})` : t`is not YAML`)
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    throw notOne(Array.isArray(doc) ? t`is a YAML list` : typeof doc === 'string' ? t`is plain text` : t`is not a YAML mapping`)
  const { kind, apiVersion } = doc as { kind?: unknown; apiVersion?: unknown }
  if (typeof kind === 'string' && kind !== 'Config') {
    throw notOne(typeof apiVersion === 'string' ? t`is a Kubernetes ${kind} manifest (${apiVersion})` : t`is a Kubernetes ${kind} manifest`)
  }
  return decodeKubeconfig(text, path).config
}
