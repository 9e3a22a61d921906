// Where Kubedeck keeps its own state (preferences, file history, journals, catalog). The
// Electron shell points app.getPath('userData') here too, so the desktop app, web mode and the
// CLI share one folder.
import { chmod, mkdir, readdir, stat } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join } from 'node:path'

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KUBEDECK_DATA_DIR) return env.KUBEDECK_DATA_DIR
  const home = env.HOME || homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Kubedeck')
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Kubedeck')
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'kubedeck')
}

/**
 * The data folder holds file history (old kubeconfigs with credentials), journals and the audit
 * log: it and every folder under it are private (0700), whoever made them first (an older
 * version, a tool with a looser umask). Creates the folder when it is missing.
 */
export async function ensurePrivateDataDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  const uid = process.getuid?.()
  const visit = async (d: string): Promise<void> => {
    const st = await stat(d).catch(() => null)
    if (!st?.isDirectory()) return
    if ((st.mode & 0o077) !== 0 && (uid === undefined || st.uid === uid)) await chmod(d, 0o700).catch(() => undefined)
    const entries = await readdir(d, { withFileTypes: true }).catch(() => [])
    await Promise.all(entries.filter((e) => e.isDirectory()).map((e) => visit(join(d, e.name))))
  }
  await visit(dir)
}
