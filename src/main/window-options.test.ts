import { describe, expect, it } from 'vitest'
import { isAppUrl, isExternalLink, mainWindowOptions } from './window-options'

describe('main window options (Electron security checklist)', () => {
  const prefs = mainWindowOptions({ preload: '/app/out/preload/index.cjs' }).webPreferences!

  it('isolates the renderer: context isolation, sandbox, no Node anywhere', () => {
    expect(prefs.contextIsolation).toBe(true)
    expect(prefs.sandbox).toBe(true)
    expect(prefs.nodeIntegration).toBe(false)
    expect(prefs.nodeIntegrationInWorker).toBe(false)
    expect(prefs.nodeIntegrationInSubFrames).toBe(false)
  })

  it('keeps web security on and dangerous features off', () => {
    expect(prefs.webSecurity).toBe(true)
    expect(prefs.allowRunningInsecureContent).toBe(false)
    expect(prefs.experimentalFeatures).toBe(false)
    expect(prefs.webviewTag).toBe(false)
    expect(prefs.navigateOnDragDrop).toBe(false)
  })

  it('loads only the given preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs')
  })
})

describe('navigation rules', () => {
  const fileApp = 'file:///opt/Kubedeck/resources/app.asar/out/renderer/index.html'
  it('allows only the app page itself', () => {
    expect(isAppUrl(fileApp + '#/contexts', fileApp)).toBe(true)
    expect(isAppUrl('file:///etc/passwd', fileApp)).toBe(false)
    expect(isAppUrl('https://example.com/', fileApp)).toBe(false)
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173/')).toBe(true)
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false)
    expect(isAppUrl('not a url', fileApp)).toBe(false)
  })

  it('opens only http(s) links outside the app', () => {
    expect(isExternalLink('https://kubernetes.io/docs/')).toBe(true)
    expect(isExternalLink('http://10.0.0.1:8080/')).toBe(true)
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'vscode://x', 'ms-msdt:/id', '']) {
      expect(isExternalLink(bad)).toBe(false)
    }
  })
})
