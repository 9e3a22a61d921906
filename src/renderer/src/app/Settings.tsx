import { useTranslation } from 'react-i18next'
import type { LanguageCode, ThemeName } from '@shared/model/app'
import { languages } from '../i18n'
import { useAppStore } from '../store'

const themes: ThemeName[] = ['system', 'light', 'dark']

/** Theme and language pickers in the title bar. */
export function Settings() {
  const { t } = useTranslation()
  const preferences = useAppStore((s) => s.preferences)
  const setPreferences = useAppStore((s) => s.setPreferences)
  if (!preferences) return null
  return (
    <div className="settings">
      <label>
        <span className="visually-hidden">{t('app.theme')}</span>
        <select aria-label={t('app.theme')} value={preferences.theme} onChange={(e) => void setPreferences({ theme: e.target.value as ThemeName })}>
          {themes.map((th) => (
            <option key={th} value={th}>
              {t(`app.themes.${th}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="visually-hidden">{t('app.language')}</span>
        <select
          aria-label={t('app.language')}
          value={preferences.language}
          onChange={(e) => void setPreferences({ language: e.target.value as LanguageCode })}
        >
          {languages.map((l) => (
            <option key={l.code} value={l.code}>
              {l.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  )
}
