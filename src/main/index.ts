// Electron entry: app lifecycle, the one window, the security checklist, and the IPC transport.
// Everything the app does lives in services (built by composition.ts); this shell stays thin.
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, ipcMain, net, protocol, safeStorage, session, shell } from 'electron'
import { createServices, type Services } from './composition'
import { createDispatcher } from './dispatch'
import { EventHub } from './events'
import { createHandlers } from './handlers'
import { registerIpc } from './ipc'
import { resolveDataDir } from './services/app'
import { keepServingOnUncaughtErrors } from './last-resort'
import { CONTENT_SECURITY_POLICY } from './server/static-files'
import { APP_SCHEME, appProtocolFile, isAppUrl, isExternalLink, keychainProblem, mainWindowOptions, rendererEntry } from './window-options'

app.setPath('userData', resolveDataDir())
if (!app.requestSingleInstanceLock()) app.quit()

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererDir = join(here, '../renderer')
const appUrl = rendererEntry(app.isPackaged, process.env)
keepServingOnUncaughtErrors((m) => process.stderr.write(`kubedeck: ${m}\n`))
// The renderer comes from kubedeck://app/ (a standard, secure origin of its own), not file://,
// where any local file would share the page's origin.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
let services: Services | undefined
let mainWindow: BrowserWindow | undefined

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url, appUrl)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  // New windows are never created; http(s) links go to the user's browser via app.openExternal.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

app.on('second-instance', () => {
  if (mainWindow?.isMinimized()) mainWindow.restore()
  mainWindow?.focus()
})

app.whenReady().then(async () => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  protocol.handle(APP_SCHEME, async (request) => {
    const file = appProtocolFile(request.url, rendererDir)
    if (!file) return new Response('Not found', { status: 404 })
    const res = await net.fetch(pathToFileURL(file).href)
    const headers = new Headers(res.headers)
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
    headers.set('X-Content-Type-Options', 'nosniff')
    return new Response(res.body, { status: res.status, headers })
  })

  const hub = new EventHub()
  services = await createServices({
    mode: 'electron',
    events: hub,
    desktop: {
      openExternal: async (url) => {
        if (!isExternalLink(url)) throw new Error(`Refused to open ${url}: only http(s) links open outside Kubedeck.`)
        await shell.openExternal(url)
      }
    },
    // SSH secrets a person asks to remember are encrypted by the OS keychain, never stored plain.
    secretCipher: {
      isAvailable: () => keychainProblem(process.platform, safeStorage.isEncryptionAvailable(), linuxBackend()) === null,
      unavailableReason: () => keychainProblem(process.platform, safeStorage.isEncryptionAvailable(), linuxBackend()),
      encrypt: (plain) => safeStorage.encryptString(plain),
      decrypt: (encrypted) => safeStorage.decryptString(encrypted)
    }
  })
  const window = new BrowserWindow(mainWindowOptions({ preload: join(here, '../preload/index.cjs') }))
  mainWindow = window
  registerIpc({ ipcMain, dispatch: createDispatcher(createHandlers(services)), hub, window, appUrl })
  window.once('ready-to-show', () => window.show())
  await window.loadURL(appUrl)
})

app.on('window-all-closed', () => {
  app.quit()
})

app.on('will-quit', () => {
  void services?.close()
})

/** safeStorage's backend on Linux (basic_text means no keyring); undefined elsewhere. */
function linuxBackend(): string | undefined {
  return process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined
}
