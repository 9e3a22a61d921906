// Where Kubedeck keeps its own state (preferences, file history, journals, catalog). The
// Electron shell points app.getPath('userData') here too, so the desktop app, web mode and the
// CLI share one folder.
import { homedir } from 'node:os'
import { join } from 'node:path'

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.KUBEDECK_DATA_DIR) return env.KUBEDECK_DATA_DIR
  const home = env.HOME || homedir()
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Kubedeck')
  if (platform === 'win32') return join(env.APPDATA || join(home, 'AppData', 'Roaming'), 'Kubedeck')
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'kubedeck')
}
