// The screens of this window, by session id, and the wiring between them and main: output
// from `terminals.data` goes to its screen, keystrokes, sizes and acknowledgements go back.
// Kept out of React state: xterm.js instances are mutable and must outlive page switches.
import type { ITheme } from '@xterm/xterm'
import type { TerminalSize } from '@shared/model/terminals'
import type { ApiClient } from '../../api'
import { TerminalScreen, type ScreenOptions } from './screen'

export interface ScreenEvents {
  /** Input, resize and acknowledgement calls that failed (the session is gone, …). */
  error(e: unknown): void
  /** Ctrl+Shift+F in a screen. */
  find(id: string): void
}

export class TerminalScreens {
  private readonly screens = new Map<string, TerminalScreen>()
  private themeObserver: MutationObserver | undefined

  constructor(
    private readonly api: ApiClient,
    private readonly events: ScreenEvents,
    private readonly scrollback: () => number
  ) {}

  /** Subscribes once to the output stream and the theme. */
  wire(): void {
    if (this.themeObserver) return
    this.api.on('terminals.data', ({ id, data }) => this.screens.get(id)?.write(data))
    this.themeObserver = new MutationObserver(() => {
      const theme = currentTheme()
      for (const s of this.screens.values()) s.setTheme(theme)
    })
    this.themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] })
  }

  /** A screen for a session about to be opened or attached; output for it is routed from now on. */
  create(id: string, size: TerminalSize): TerminalScreen {
    this.wire()
    const existing = this.screens.get(id)
    if (existing) return existing
    const api = this.api
    const fail = (e: unknown) => this.events.error(e)
    const screen = new TerminalScreen(
      id,
      {
        input: (data) => api.call('terminals.write', { id, data }).catch(fail),
        resized: (s) => api.call('terminals.resize', { id, ...s }).catch(fail),
        // A lost acknowledgement only slows that session down; nothing to tell the user.
        acknowledge: (chars) => void api.call('terminals.ack', { id, chars }).catch(() => undefined),
        openLink: (uri) => this.openLink(uri),
        find: () => this.events.find(id)
      },
      this.options(),
      size
    )
    this.screens.set(id, screen)
    return screen
  }

  get(id: string): TerminalScreen | undefined {
    return this.screens.get(id)
  }

  dispose(id: string): void {
    this.screens.get(id)?.dispose()
    this.screens.delete(id)
  }

  setScrollback(lines: number): void {
    for (const s of this.screens.values()) s.setScrollback(lines)
  }

  /** The size new terminals start with: that of a screen already shown, else a common default. */
  preferredSize(): TerminalSize {
    for (const s of this.screens.values()) if (s.element.isConnected) return s.size
    return { cols: 120, rows: 32 }
  }

  private options(): ScreenOptions {
    const style = getComputedStyle(document.documentElement)
    return { scrollback: this.scrollback(), theme: currentTheme(), fontFamily: style.getPropertyValue('--mono').trim() || 'monospace' }
  }

  /** Only http(s): Electron opens it through main (app.openExternal), a browser in a new tab. */
  private openLink(uri: string): void {
    let url: URL
    try {
      url = new URL(uri)
    } catch {
      return
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return
    if (window.kubedeck) void this.api.call('app.openExternal', { url: url.href }).catch((e) => this.events.error(e))
    else window.open(url.href, '_blank', 'noopener,noreferrer')
  }
}

/**
 * ANSI palettes readable on each theme's background (GitHub's terminal colours). Chosen rather
 * than xterm.js's minimumContrastRatio, which recomputes contrast per cell on every frame and
 * halves the throughput of a flood.
 */
const palettes: Record<'light' | 'dark', ITheme> = {
  light: {
    black: '#24292f', red: '#cf222e', green: '#116329', yellow: '#4d2d00', blue: '#0969da', magenta: '#8250df', cyan: '#1b7c83', white: '#6e7781',
    brightBlack: '#57606a', brightRed: '#a40e26', brightGreen: '#1a7f37', brightYellow: '#633c01', brightBlue: '#218bff', brightMagenta: '#a475f9', brightCyan: '#3192aa', brightWhite: '#8c959f'
  },
  dark: {
    black: '#484f58', red: '#ff7b72', green: '#3fb950', yellow: '#d29922', blue: '#58a6ff', magenta: '#bc8cff', cyan: '#39c5cf', white: '#b1bac4',
    brightBlack: '#6e7681', brightRed: '#ffa198', brightGreen: '#56d364', brightYellow: '#e3b341', brightBlue: '#79c0ff', brightMagenta: '#d2a8ff', brightCyan: '#56d4dd', brightWhite: '#ffffff'
  }
}

/** xterm.js colours from the app's theme (light or dark, set on <html data-theme>). */
function currentTheme(): ITheme {
  const root = document.documentElement
  const style = getComputedStyle(root)
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback
  return {
    ...palettes[root.dataset.theme === 'dark' ? 'dark' : 'light'],
    background: v('--bg-raised', '#ffffff'),
    foreground: v('--fg', '#1c1f26'),
    cursor: v('--accent', '#2f6fed'),
    cursorAccent: v('--bg-raised', '#ffffff'),
    selectionBackground: v('--selection', '#dbe6ff'),
    selectionForeground: v('--fg', '#1c1f26')
  }
}
