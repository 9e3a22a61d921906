import { useTranslation } from 'react-i18next'
import { useAppStore } from '../store'
import { LanguageSelect, ThemeSelect } from './PreferenceSelects'

/** Theme and language pickers in the title bar. */
export function Settings() {
  const { t } = useTranslation()
  const preferences = useAppStore((s) => s.preferences)
  if (!preferences) return null
  return (
    <div className="settings">
      <label>
        <span className="visually-hidden">{t('app.theme')}</span>
        <ThemeSelect />
      </label>
      <label>
        <span className="visually-hidden">{t('app.language')}</span>
        <LanguageSelect />
      </label>
    </div>
  )
}
