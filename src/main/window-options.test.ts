import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { APP_URL, appProtocolFile, isAppUrl, isExternalLink, keychainProblem, mainWindowOptions, rendererEntry } from './window-options'

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

describe('where the page comes from (kubedeck://app/, the dev server only in development)', () => {
  it('ignores ELECTRON_RENDERER_URL in a packaged app', () => {
    expect(rendererEntry(true, { ELECTRON_RENDERER_URL: 'http://evil.example/' })).toBe(APP_URL)
    expect(rendererEntry(false, { ELECTRON_RENDERER_URL: 'http://localhost:5173/' })).toBe('http://localhost:5173/')
    expect(rendererEntry(false, {})).toBe(APP_URL)
  })

  it('serves only files inside the renderer folder from kubedeck://app/', () => {
    const dir = '/opt/Kubedeck/resources/app.asar/out/renderer'
    expect(appProtocolFile('kubedeck://app/index.html', dir)).toBe(`${dir}/index.html`)
    expect(appProtocolFile('kubedeck://app/', dir)).toBe(`${dir}/index.html`)
    expect(appProtocolFile('kubedeck://app/assets/index-abc.js', dir)).toBe(`${dir}/assets/index-abc.js`)
    // The URL parser resolves dot segments first: the path stays inside the folder.
    expect(appProtocolFile('kubedeck://app/../../../../etc/passwd', dir)).toBe(`${dir}/etc/passwd`)
    expect(appProtocolFile('kubedeck://app/%2e%2e/%2e%2e/secret', dir)).toBe(`${dir}/secret`)
    // Encoded slashes survive the URL parser: decoded, they would climb out, and are refused.
    expect(appProtocolFile('kubedeck://app/%2F..%2F..%2F..%2Fsecret', dir)).toBeNull()
    expect(appProtocolFile('kubedeck://other/index.html', dir)).toBeNull()
    expect(appProtocolFile('file:///etc/passwd', dir)).toBeNull()
  })

  it('navigates only within kubedeck://app/', () => {
    expect(isAppUrl('kubedeck://app/index.html#/etcd', APP_URL)).toBe(true)
    expect(isAppUrl('kubedeck://other/index.html', APP_URL)).toBe(false)
    expect(isAppUrl('evil://app/index.html', APP_URL)).toBe(false)
    expect(isAppUrl('file:///opt/Kubedeck/index.html', APP_URL)).toBe(false)
  })
})

describe('remembering secrets', () => {
  it('refuses on Linux when safeStorage has no keyring (basic_text), and says why', () => {
    expect(keychainProblem('linux', true, 'basic_text')).toMatch(/No keyring/)
    expect(keychainProblem('linux', true, 'gnome_libsecret')).toBeNull()
    expect(keychainProblem('darwin', true, undefined)).toBeNull()
    expect(keychainProblem('linux', false, 'gnome_libsecret')).toMatch(/not available/)
  })
})

describe('packaging (electron-builder.yml)', () => {
  it('fuses off running as Node, NODE_OPTIONS and --inspect, and checks the app archive', () => {
    const fuses = (parse(readFileSync(join(__dirname, '../../electron-builder.yml'), 'utf8')) as { electronFuses: Record<string, boolean> }).electronFuses
    expect(fuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true
    })
  })
})
