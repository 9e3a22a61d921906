import { useTranslation } from 'react-i18next'
import type { LanguageCode, ThemeName } from '@shared/model/app'
import { languages } from '../i18n'
import { useAppStore } from '../store'

const themes: ThemeName[] = ['system', 'light', 'dark']

/** The theme picker (title bar and Settings page). */
export function ThemeSelect() {
  const { t } = useTranslation()
  const theme = useAppStore((s) => s.preferences?.theme)
  const setPreferences = useAppStore((s) => s.setPreferences)
  if (!theme) return null
  return (
    <select aria-label={t('app.theme')} value={theme} onChange={(e) => void setPreferences({ theme: e.target.value as ThemeName })}>
      {themes.map((th) => (
        <option key={th} value={th}>
          {t(`app.themes.${th}`)}
        </option>
      ))}
    </select>
  )
}

/** The language picker (title bar and Settings page). */
export function LanguageSelect() {
  const { t } = useTranslation()
  const language = useAppStore((s) => s.preferences?.language)
  const setPreferences = useAppStore((s) => s.setPreferences)
  if (!language) return null
  return (
    <select aria-label={t('app.language')} value={language} onChange={(e) => void setPreferences({ language: e.target.value as LanguageCode })}>
      {languages.map((l) => (
        <option key={l.code} value={l.code}>
          {l.label}
        </option>
      ))}
    </select>
  )
}
