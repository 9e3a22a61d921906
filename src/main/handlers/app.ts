// The app's calls: about, preferences, links opened outside.
import type { appCalls } from '../../shared/contracts/app'
import type { AppInfo } from '../../shared/model/app'
import type { HandlersFor } from '../dispatch'
import type { DesktopBridge, PreferencesService } from '../services/app'

export function appHandlers(deps: { info: AppInfo; preferences: PreferencesService; desktop: DesktopBridge }): HandlersFor<typeof appCalls> {
  return {
    'app.info': () => deps.info,
    'app.preferences': () => deps.preferences.get(),
    'app.setPreferences': (patch) => deps.preferences.set(patch),
    'app.openExternal': ({ url }) => deps.desktop.openExternal(url)
  }
}
