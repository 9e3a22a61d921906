// What restoring a saved version would change, as a diff of the file's text (current → version),
// with every secret replaced by a short fingerprint: the window sees that a token or a key
// changed, never its value. Certificates and other *-data blobs are shortened the same way.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { structuredPatch } from 'diff'
import type { VersionDiff } from '../../../shared/model/kubeconfig'
import { followLinks } from '../files'
import type { KubeconfigStorage } from './storage'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'

/** Keys whose values are secrets (the same rule the redacted view uses), beside the *-data blobs. */
const SECRET_KEY = /secret|token|password|passwd|credential/i
/** Lines a diff may show at most; a larger change says how much it left out. */
const MAX_LINES = 400

const fingerprint = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 8)

/** `key: value` pairs on a line, block or flow style, with quoted or plain values. */
const PAIR = /(["']?)([\w.-]+)\1(\s*:\s+)("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s,{}[\]#][^,{}[\]#]*?)(?=\s*(?:[,}\]]|#|$))/g

/** One line with secret values (and blobs) replaced; `envName` is the name of the exec env entry above, if any. */
export function redactLine(line: string, envName?: string): string {
  return line.replace(PAIR, (whole, q: string, key: string, sep: string, value: string) => {
    if (key.endsWith('-data')) return `${q}${key}${q}${sep}DATA+OMITTED (sha256 ${fingerprint(value)})`
    if (SECRET_KEY.test(key) || (key === 'value' && envName !== undefined && SECRET_KEY.test(envName))) return `${q}${key}${q}${sep}REDACTED (sha256 ${fingerprint(value)})`
    return whole
  })
}

export function redactText(text: string): string {
  let envName: string | undefined
  return text
    .split('\n')
    .map((line) => {
      const out = redactLine(line, envName)
      envName = /^\s*-?\s*name:\s*["']?([^"'\s]+)/.exec(line)?.[1]
      return out
    })
    .join('\n')
}

export async function versionDiff(storage: KubeconfigStorage, file: string, id: string): Promise<VersionDiff> {
  const target = await followLinks(file)
  const version = (await storage.history.list(target)).find((v) => v.id === id)
  if (!version) throw new AppError({ code: 'kubeconfig.no-such-version', message: t`Kubedeck has no saved version "${id}" of ${file}`, file })
  const now = await readFile(target, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null
    throw e
  })
  const then = (await storage.history.read(version))?.toString('utf8') ?? null
  const patch = structuredPatch('now', 'version', redactText(now ?? ''), redactText(then ?? ''), '', '', { context: 3 })
  let left = MAX_LINES
  const hunks = []
  let omitted = 0
  for (const h of patch.hunks) {
    if (left <= 0) {
      omitted += h.lines.length
      continue
    }
    const lines = h.lines.filter((l) => !l.startsWith('\\')).slice(0, left)
    omitted += h.lines.length - lines.length
    left -= lines.length
    hunks.push({ oldStart: h.oldStart, newStart: h.newStart, lines })
  }
  return { file: target, id, existsNow: now !== null, existedThen: then !== null, hunks, omitted }
}
