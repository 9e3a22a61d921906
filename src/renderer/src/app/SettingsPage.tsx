import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { AppAbout } from '@shared/model/app'
import { errorInfoOf } from '../api'
import { ErrorMessage } from '../components'
import { useApi, useAppStore } from '../store'
import { LanguageSelect, ThemeSelect } from './PreferenceSelects'

/**
 * Settings and About: what can be chosen (language, theme, terminal scrollback) and what this
 * Kubedeck works with, said plainly (version, data folder, the PATH exec plugins run with, the
 * lock timeout, the certificate warning thresholds).
 */
export function SettingsPage() {
  const { t } = useTranslation()
  const api = useApi()
  const preferences = useAppStore((s) => s.preferences)
  const setPreferences = useAppStore((s) => s.setPreferences)
  const [about, setAbout] = useState<AppAbout | null>(null)
  const [error, setError] = useState<ReturnType<typeof errorInfoOf> | null>(null)
  useEffect(() => {
    api.call('app.about', {}).then(setAbout, (e: unknown) => setError(errorInfoOf(e)))
  }, [api])
  return (
    <div className="settings-page" data-testid="settings-page">
      <h1>{t('app.settingsPage.title')}</h1>
      {preferences && (
        <section className="card">
          <h2>{t('app.settingsPage.choices')}</h2>
          <dl className="settings-list">
            <dt>{t('app.language')}</dt>
            <dd>
              <LanguageSelect />
            </dd>
            <dt>{t('app.theme')}</dt>
            <dd>
              <ThemeSelect />
            </dd>
            <dt>{t('app.settingsPage.scrollback')}</dt>
            <dd>
              <input
                type="number"
                min={100}
                max={200000}
                step={1000}
                defaultValue={preferences.terminalScrollback}
                data-testid="settings-scrollback"
                onBlur={(e) => {
                  const n = Math.round(Number(e.target.value))
                  if (n >= 100 && n <= 200000 && n !== preferences.terminalScrollback) void setPreferences({ terminalScrollback: n })
                }}
              />{' '}
              {t('app.settingsPage.lines')}
            </dd>
          </dl>
        </section>
      )}
      {error && <ErrorMessage error={error} />}
      {about && (
        <section className="card" data-testid="settings-about">
          <h2>{t('app.settingsPage.about')}</h2>
          <dl className="settings-list">
            <dt>{t('app.settingsPage.version')}</dt>
            <dd className="mono">
              Kubedeck {about.version} · {t(`app.settingsPage.transport.${about.transport}`)} · {about.platform}
            </dd>
            <dt>{t('app.settingsPage.dataDir')}</dt>
            <dd className="mono" data-testid="settings-data-dir">
              {about.dataDir}
            </dd>
            <dt>{t('app.settingsPage.loginPath')}</dt>
            <dd>
              <code className="settings-path" data-testid="settings-login-path">
                {about.loginPath.path || '—'}
              </code>
              <div className="small muted">
                {about.loginPath.source === 'login-shell' ? t('app.settingsPage.fromLoginShell') : t('app.settingsPage.fromProcess', { problem: about.loginPath.problem ?? '' })}
              </div>
            </dd>
            <dt>{t('app.settingsPage.lockTimeout')}</dt>
            <dd>{t('app.settingsPage.seconds', { s: about.lockTimeoutMs / 1000 })}</dd>
            <dt>{t('app.settingsPage.certThresholds')}</dt>
            <dd>{t('app.settingsPage.certDays', { warn: about.certThresholds.warnDays, critical: about.certThresholds.criticalDays })}</dd>
          </dl>
        </section>
      )}
    </div>
  )
}
