// The file a path names once its symbolic links are followed: kubectl writes a kubeconfig that
// is a link (dotfiles, a secrets manager) through the link, so the link stays and its target
// changes. Writes, locks and history work on the target; the path the user knows stays theirs.
import { lstat, readlink } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'

/** Follows the last component's links (a dangling link resolves to where its target would be). */
export async function followLinks(path: string): Promise<string> {
  let p = resolve(path)
  for (let hops = 0; hops < 40; hops++) {
    const st = await lstat(p).catch(() => null)
    if (!st?.isSymbolicLink()) return p
    p = resolve(dirname(p), await readlink(p))
  }
  return p
}
