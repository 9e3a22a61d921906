export type ThemeName = 'light' | 'dark' | 'system'
export type LanguageCode = 'en' | 'zh-CN'

export interface AppPreferences {
  theme: ThemeName
  language: LanguageCode
  terminalScrollback: number
}

export interface AppInfo {
  version: string
  transport: 'electron' | 'web'
  platform: string
  dataDir: string
}

/** What the Settings page shows about how this Kubedeck works (read, not edited here). */
export interface AppAbout extends AppInfo {
  /** The PATH exec credential plugins are looked up and run with: the login shell's, or this process's when it could not be read. */
  loginPath: { path: string; source: 'login-shell' | 'process'; problem?: string }
  /** How long a kubeconfig write waits for another writer's lock (KUBEDECK_LOCK_TIMEOUT_MS). */
  lockTimeoutMs: number
  /** When a certificate is reported expiring (warning) and critical. */
  certThresholds: { warnDays: number; criticalDays: number }
}
