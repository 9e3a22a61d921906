// App-wide state: where the data folder is, preferences, and the small JSON stores other
// domains keep their remembered state in.
export { ensurePrivateDataDir, resolveDataDir } from './data-dir'
export { JsonStore } from './json-store'
export { PreferencesService } from './preferences'
export { headlessDesktop, type DesktopBridge } from './desktop'
