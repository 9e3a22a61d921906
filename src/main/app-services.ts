// The composition root: builds every service once for a process (Electron main, `kubedeck
// serve`, or a CLI command) and maps the contract onto them. Nothing here imports electron;
// the shell passes in what only it can do (DesktopBridge).
import { version } from '../../package.json'
import type { AppInfo } from '../shared/model/app'
import type { Handlers } from './dispatch'
import type { EventBroadcaster } from './events'
import { PreferencesService, appHandlers, resolveDataDir, type DesktopBridge } from './services/app'

export interface AppServicesOptions {
  transport: AppInfo['transport']
  events: EventBroadcaster
  desktop: DesktopBridge
  env?: NodeJS.ProcessEnv
  dataDir?: string
}

export interface AppServices {
  info: AppInfo
  preferences: PreferencesService
  handlers: Handlers
  close(): Promise<void>
}

export async function createAppServices(opts: AppServicesOptions): Promise<AppServices> {
  const env = opts.env ?? process.env
  const dataDir = opts.dataDir ?? resolveDataDir(env)
  const info: AppInfo = { version, transport: opts.transport, platform: process.platform, dataDir }
  const preferences = new PreferencesService(dataDir)
  const handlers = {
    ...appHandlers({ info, preferences, desktop: opts.desktop }),
  } as Handlers
  return {
    info,
    preferences,
    handlers,
    close: async () => {
    }
  }
}

/** Web mode and the CLI cannot open a browser for the renderer; this is the shared fallback. */
export const headlessDesktop: DesktopBridge = {
  openExternal: async () => {
    throw new Error('Opening links is done by the browser in web mode.')
  }
}
