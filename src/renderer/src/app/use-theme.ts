import { useEffect } from 'react'
import type { ThemeName } from '@shared/model/app'

/** Applies the theme to <html data-theme>, following the OS when the preference is 'system'. */
export function useTheme(theme: ThemeName | undefined): void {
  useEffect(() => {
    const media = window.matchMedia('(prefers-color-scheme: dark)')
    const apply = () => {
      const resolved = !theme || theme === 'system' ? (media.matches ? 'dark' : 'light') : theme
      document.documentElement.dataset.theme = resolved
    }
    apply()
    media.addEventListener('change', apply)
    return () => media.removeEventListener('change', apply)
  }, [theme])
}
