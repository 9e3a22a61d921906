import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi, useAppStore } from '../store'
import { Notices } from './Notices'
import { overlays, pages, titleBarWidgets } from './registry'
import { Settings } from './Settings'
import { useTheme } from './use-theme'

export function App() {
  const { t, i18n } = useTranslation()
  const api = useApi()
  const page = useAppStore((s) => s.page)
  const goTo = useAppStore((s) => s.goTo)
  const preferences = useAppStore((s) => s.preferences)
  const connection = useAppStore((s) => s.connection)
  const setConnection = useAppStore((s) => s.setConnection)
  const loadApp = useAppStore((s) => s.loadApp)
  const notifyError = useAppStore((s) => s.notifyError)

  useEffect(() => api.onState(setConnection), [api, setConnection])
  useEffect(() => {
    loadApp().catch(notifyError)
  }, [loadApp, notifyError])
  useTheme(preferences?.theme)
  useEffect(() => {
    if (preferences && i18n.language !== preferences.language) void i18n.changeLanguage(preferences.language)
    document.documentElement.lang = preferences?.language ?? 'en'
  }, [preferences, i18n])

  const current = pages.find((p) => p.id === page) ?? pages[0]
  const Page = current?.component
  return (
    <div className="shell">
      <header className="titlebar">
        <span className="brand">{t('app.name')}</span>
        {titleBarWidgets.map((W, i) => (
          <W key={i} />
        ))}
        <span className="spacer" />
        {/* The window's link to the app: a quiet dot while it holds (the cluster's own state is by
            the context), words only when it is lost, so "connected" is never read as the cluster. */}
        <span
          className={`connection connection-${connection}`}
          data-testid="connection-state"
          data-state={connection}
          role="status"
          title={t(`app.connection.${connection}`)}
          aria-label={t(`app.connection.${connection}`)}
        >
          {connection === 'open' ? '●' : t(`app.connection.${connection}`)}
        </span>
        <Settings />
      </header>
      <nav className="rail" aria-label={t('app.nav')}>
        {pages.map((p) => (
          <button
            key={p.id}
            className={`rail-item${p.id === current?.id ? ' active' : ''}`}
            aria-current={p.id === current?.id ? 'page' : undefined}
            onClick={() => goTo(p.id)}
            title={t(p.labelKey)}
          >
            <span className="rail-icon" aria-hidden>
              {p.icon}
            </span>
            <span className="rail-label">{t(p.labelKey)}</span>
          </button>
        ))}
      </nav>
      <main className="page">{Page && <Page />}</main>
      {overlays.map((O, i) => (
        <O key={i} />
      ))}
      <Notices />
    </div>
  )
}
