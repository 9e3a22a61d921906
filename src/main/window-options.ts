// The main window's options and navigation rules as pure functions, so a test can assert on the
// Electron security checklist without an Electron binary.
import type { BrowserWindowConstructorOptions } from 'electron'

export function mainWindowOptions(opts: { preload: string; title?: string }): BrowserWindowConstructorOptions {
  return {
    title: opts.title ?? 'Kubedeck',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 560,
    show: false,
    backgroundColor: '#16181d',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false
    }
  }
}

/** The renderer may only ever show the app's own page (file:// bundle, or the dev server). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url)
    const a = new URL(appUrl)
    if (a.protocol === 'file:') return u.protocol === 'file:' && u.pathname === a.pathname
    return u.origin === a.origin
  } catch {
    return false
  }
}

/** Links leave the app only as http(s), and only through shell.openExternal after a user click. */
export function isExternalLink(url: string): boolean {
  try {
    const u = new URL(url)
    return u.protocol === 'https:' || u.protocol === 'http:'
  } catch {
    return false
  }
}
