// Folder sources: every kubeconfig under a folder the user added, each file its own source
// (not merged: that is what KUBECONFIG is for). Editor and lock debris, dot-files and kubectl's
// own cache folders are ignored; files that do not look like kubeconfigs are skipped silently,
// files that look like one but cannot be read are listed with their error.
import { readFile, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'

/** Names a watcher and a scan never treat as sources. */
export function ignoredName(name: string): boolean {
  return name.startsWith('.') || name.endsWith('.lock') || name.endsWith('.swp') || name.endsWith('~') || name.endsWith('.tmp')
}

const SKIPPED_DIRS = new Set(['cache', 'http-cache', 'node_modules'])
const MAX_BYTES = 32 * 1024 * 1024
const looksLikeKubeconfig = /^(apiVersion|clusters|contexts|users|current-context)\s*:|^kind:\s*Config\b|"(clusters|contexts|users|current-context)"\s*:/m

export async function scanFolder(folder: string, depth = 8): Promise<string[]> {
  const out: string[] = []
  const walk = async (dir: string, level: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
    for (const e of entries) {
      if (ignoredName(e.name)) continue
      const p = join(dir, e.name)
      if (e.isDirectory()) {
        if (level < depth && !SKIPPED_DIRS.has(e.name)) await walk(p, level + 1)
      } else if (e.isFile() || e.isSymbolicLink()) {
        if (await isKubeconfigCandidate(p)) out.push(p)
      }
    }
  }
  await walk(folder, 0)
  return out.sort()
}

async function isKubeconfigCandidate(path: string): Promise<boolean> {
  if (ignoredName(basename(path))) return false
  const s = await stat(path).catch(() => null)
  if (!s || !s.isFile() || s.size > MAX_BYTES) return false
  const head = await readFile(path, 'utf8').catch(() => '')
  return looksLikeKubeconfig.test(head)
}
