// The main window's options, where its page comes from, navigation rules and the keychain
// policy, as pure functions, so a test can assert on the Electron security checklist without
// an Electron binary.
import { normalize, join, sep } from 'node:path'
import type { BrowserWindowConstructorOptions } from 'electron'

/** The app's own scheme: the renderer is served from kubedeck://app/, never from file://. */
export const APP_SCHEME = 'kubedeck'
export const APP_URL = `${APP_SCHEME}://app/index.html`

/**
 * The page the window loads: the dev server only in development (`npm run dev`, unpackaged); a
 * packaged app ignores ELECTRON_RENDERER_URL, so nobody can point it at another page.
 */
export function rendererEntry(packaged: boolean, env: NodeJS.ProcessEnv): string {
  const dev = env.ELECTRON_RENDERER_URL
  return !packaged && dev ? dev : APP_URL
}

/**
 * The file a kubedeck://app/… request is answered with: inside the built renderer folder only
 * (any other path, `..` included, is refused with null).
 */
export function appProtocolFile(url: string, rendererDir: string): string | null {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return null
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== 'app') return null
  let path: string
  try {
    path = decodeURIComponent(u.pathname)
  } catch {
    return null
  }
  const file = normalize(join(rendererDir, path === '/' ? '/index.html' : path))
  return file.startsWith(rendererDir.replace(/[\\/]+$/, '') + sep) ? file : null
}

/**
 * Why SSH secrets must not be remembered here, or null: Linux without a keyring gives Electron's
 * safeStorage the `basic_text` backend, which only obfuscates with a fixed key; that is no
 * encryption, so "remember" is refused and the reason shown.
 */
export function keychainProblem(platform: NodeJS.Platform, encryptionAvailable: boolean, backend: string | undefined): string | null {
  if (!encryptionAvailable) return 'The OS keychain is not available, so Kubedeck cannot encrypt secrets to remember them.'
  if (platform === 'linux' && (backend === 'basic_text' || backend === 'unknown')) {
    return 'No keyring (GNOME Keyring, KWallet) answers on this desktop: secrets could only be stored with a fixed key, so Kubedeck does not remember them. Start a keyring service to enable "remember".'
  }
  return null
}

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

/** The renderer may only ever show the app's own page (kubedeck://app/, or the dev server in development). */
export function isAppUrl(url: string, appUrl: string): boolean {
  try {
    const u = new URL(url)
    const a = new URL(appUrl)
    if (a.protocol === 'file:') return u.protocol === 'file:' && u.pathname === a.pathname
    // Custom schemes have an opaque ("null") origin in the URL API: compare scheme and host.
    return u.protocol === a.protocol && u.host === a.host && (a.protocol === 'http:' || a.protocol === 'https:' ? u.port === a.port : true)
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
