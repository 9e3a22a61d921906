// Electron entry: app lifecycle, the one window, the security checklist, and the IPC transport.
// Everything the app does lives in services (built by composition.ts); this shell stays thin.
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { app, BrowserWindow, ipcMain, safeStorage, session, shell } from 'electron'
import { createServices, type Services } from './composition'
import { createDispatcher } from './dispatch'
import { EventHub } from './events'
import { createHandlers } from './handlers'
import { registerIpc } from './ipc'
import { resolveDataDir } from './services/app'
import { isAppUrl, isExternalLink, mainWindowOptions } from './window-options'

app.setPath('userData', resolveDataDir())
if (!app.requestSingleInstanceLock()) app.quit()

const here = fileURLToPath(new URL('.', import.meta.url))
const devServerUrl = process.env.ELECTRON_RENDERER_URL
const rendererFile = join(here, '../renderer/index.html')
const appUrl = devServerUrl ?? pathToFileURL(rendererFile).href
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
      isAvailable: () => safeStorage.isEncryptionAvailable(),
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
