export { resolveDataDir } from './data-dir'
export { JsonStore } from './json-store'
export { PreferencesService, defaultPreferences } from './preferences'
export { appHandlers, type DesktopBridge } from './handlers'
