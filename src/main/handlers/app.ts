// The app's calls: about, preferences, links opened outside.
import type { appCalls } from '../../shared/contracts/app'
import type { AppInfo } from '../../shared/model/app'
import type { HandlersFor } from '../dispatch'
import type { DesktopBridge, PreferencesService } from '../services/app'
import { DEFAULT_THRESHOLDS } from '../services/certs/entries'
import type { KubeconfigService } from '../services/kubeconfig'

export function appHandlers(deps: {
  info: AppInfo
  preferences: PreferencesService
  desktop: DesktopBridge
  kubeconfig: () => Pick<KubeconfigService, 'about'>
}): HandlersFor<typeof appCalls> {
  return {
    'app.info': () => deps.info,
    'app.about': async () => ({ ...deps.info, ...(await deps.kubeconfig().about()), certThresholds: DEFAULT_THRESHOLDS }),
    'app.preferences': () => deps.preferences.get(),
    'app.setPreferences': (patch) => deps.preferences.set(patch),
    'app.openExternal': ({ url }) => deps.desktop.openExternal(url)
  }
}
