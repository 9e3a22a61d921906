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
