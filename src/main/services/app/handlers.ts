import { appCalls } from '../../../shared/contracts/app'
import type { AppInfo } from '../../../shared/model/app'
import type { HandlersFor } from '../../dispatch'
import type { PreferencesService } from './preferences'

/** What only the shell around the services can do (Electron's shell, or nothing in web mode). */
export interface DesktopBridge {
  /** Opens an http(s) URL in the user's browser. Web mode: the renderer opens it itself. */
  openExternal(url: string): Promise<void>
}

export function appHandlers(deps: { info: AppInfo; preferences: PreferencesService; desktop: DesktopBridge }): HandlersFor<typeof appCalls> {
  return {
    'app.info': () => deps.info,
    'app.preferences': () => deps.preferences.get(),
    'app.setPreferences': (patch) => deps.preferences.set(patch),
    'app.openExternal': ({ url }) => deps.desktop.openExternal(url)
  }
}
