// One terminal's screen: an xterm.js instance with its addons, living outside React so it
// survives page switches (its element is moved in and out of the page). Output is written
// with a callback per batch and acknowledged to main once xterm.js has parsed it: main's flow
// control counts exactly what this side has really processed (xterm.js flow-control guide).
import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon, type ISearchOptions } from '@xterm/addon-search'
import { Unicode11Addon } from '@xterm/addon-unicode11'
import { WebLinksAddon } from '@xterm/addon-web-links'
import { WebglAddon } from '@xterm/addon-webgl'
import { Terminal, type ITheme } from '@xterm/xterm'
import '@xterm/xterm/css/xterm.css'
import type { TerminalSize } from '@shared/model/terminals'

/**
 * Test and benchmark hook: when a page defines it before the app loads (Playwright's
 * addInitScript), every batch xterm.js has written is reported with its time. Never defined
 * by the app itself.
 */
declare global {
  interface Window {
    __kubedeckTerminalProbe?: { written(id: string, data: string, at: number): void }
  }
}

export interface ScreenHost {
  /** Keystrokes and pastes, as xterm.js encodes them. */
  input(data: string): void
  /** The grid changed size (already debounced). */
  resized(size: TerminalSize): void
  /** `units` more of the output have been written into xterm.js. */
  acknowledge(units: number): void
  openLink(uri: string): void
  /** Ctrl+Shift+F. */
  find(): void
}

export interface ScreenOptions {
  scrollback: number
  theme: ITheme
  fontFamily: string
}

export type RendererKind = 'webgl' | 'dom'

const RESIZE_DEBOUNCE_MS = 120
/** UTF-16 units per xterm.js write (see write()). */
const WRITE_PIECE = 16 * 1024

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff

export class TerminalScreen {
  readonly element: HTMLDivElement
  private readonly term: Terminal
  private readonly fitAddon = new FitAddon()
  private readonly searchAddon = new SearchAddon({ highlightLimit: 2000 })
  private opened = false
  private disposed = false
  private renderer: RendererKind = 'dom'
  private pendingAck = 0
  private ackQueued = false
  private resizeTimer: ReturnType<typeof setTimeout> | undefined
  private lastSentSize: TerminalSize

  constructor(
    readonly id: string,
    private readonly host: ScreenHost,
    options: ScreenOptions,
    initialSize: TerminalSize
  ) {
    this.element = document.createElement('div')
    this.element.className = 'terminal-screen'
    this.element.dataset.testid = 'terminal-screen'
    this.element.dataset.terminalId = id
    this.lastSentSize = initialSize
    this.term = new Terminal({
      cols: initialSize.cols,
      rows: initialSize.rows,
      scrollback: options.scrollback,
      theme: options.theme,
      fontFamily: options.fontFamily,
      fontSize: 13,
      cursorBlink: true,
      allowProposedApi: true,
      macOptionIsMeta: true,
      rightClickSelectsWord: true
    })
    this.term.loadAddon(this.fitAddon)
    this.term.loadAddon(this.searchAddon)
    this.term.loadAddon(new Unicode11Addon())
    this.term.unicode.activeVersion = '11'
    this.term.loadAddon(new WebLinksAddon((event, uri) => {
      event.preventDefault()
      this.host.openLink(uri)
    }))
    this.term.onData((data) => this.host.input(data))
    this.term.onBinary((data) => this.host.input(data))
    this.term.onResize(({ cols, rows }) => this.scheduleResize({ cols, rows }))
    // Like Linux terminals, a finished mouse selection is copied; Ctrl+Shift+C copies explicitly.
    this.element.addEventListener('mouseup', () => {
      if (this.term.hasSelection()) void copyText(this.term.getSelection())
    })
    this.term.attachCustomKeyEventHandler((e) => this.handleKey(e))
  }

  /**
   * Writes a batch of output, acknowledged piece by piece as xterm.js parses it. xterm.js yields
   * to the page between writes, never inside one: a 128 K batch of `yes` is 40,000 lines, a
   * long task that would hold up keystrokes and frames; 16 K pieces keep every task short.
   */
  write(data: string): void {
    if (this.disposed) return
    for (let at = 0; at < data.length; ) {
      let end = Math.min(data.length, at + WRITE_PIECE)
      // Never split a surrogate pair between two writes.
      if (end < data.length && isHighSurrogate(data.charCodeAt(end - 1))) end++
      const piece = at === 0 && end === data.length ? data : data.slice(at, end)
      this.term.write(piece, () => {
        window.__kubedeckTerminalProbe?.written(this.id, piece, performance.now())
        this.acknowledge(piece.length)
      })
      at = end
    }
  }

  /** Clears screen and scrollback (before a replay repaints them). */
  reset(): void {
    this.term.reset()
  }

  /** Shows the screen in `container` (the Terminals page); opens xterm.js on first use. */
  mount(container: HTMLElement): void {
    if (this.disposed) return
    container.appendChild(this.element)
    if (!this.opened) {
      this.opened = true
      this.term.open(this.element)
      this.renderer = this.loadWebgl()
      this.element.dataset.renderer = this.renderer
    }
    this.fit()
  }

  unmount(): void {
    this.element.remove()
  }

  /** Fits the grid to the element (no-op while the screen is not shown). */
  fit(): void {
    if (!this.opened || !this.element.isConnected || this.element.clientWidth === 0) return
    try {
      this.fitAddon.fit()
    } catch {
      // The renderer has no cell size yet (font still loading): the next resize fits.
    }
  }

  focus(): void {
    this.term.focus()
  }

  get size(): TerminalSize {
    return { cols: this.term.cols, rows: this.term.rows }
  }

  get rendererKind(): RendererKind {
    return this.renderer
  }

  findNext(query: string, options: ISearchOptions = {}): boolean {
    return this.searchAddon.findNext(query, { ...options, decorations: searchDecorations })
  }

  findPrevious(query: string, options: ISearchOptions = {}): boolean {
    return this.searchAddon.findPrevious(query, { ...options, decorations: searchDecorations })
  }

  onSearchResults(listener: (r: { resultIndex: number; resultCount: number }) => void): () => void {
    const d = this.searchAddon.onDidChangeResults(listener)
    return () => d.dispose()
  }

  clearSearch(): void {
    this.searchAddon.clearDecorations()
    this.term.clearSelection()
  }

  setTheme(theme: ITheme): void {
    this.term.options.theme = theme
  }

  setScrollback(lines: number): void {
    this.term.options.scrollback = lines
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    clearTimeout(this.resizeTimer)
    this.term.dispose()
    this.element.remove()
  }

  private acknowledge(units: number): void {
    this.pendingAck += units
    if (this.ackQueued) return
    this.ackQueued = true
    // xterm.js runs many write callbacks in one parsing slice: one acknowledgement per slice.
    queueMicrotask(() => {
      this.ackQueued = false
      const n = this.pendingAck
      this.pendingAck = 0
      if (n > 0) this.host.acknowledge(n)
    })
  }

  private scheduleResize(size: TerminalSize): void {
    clearTimeout(this.resizeTimer)
    this.resizeTimer = setTimeout(() => {
      if (size.cols === this.lastSentSize.cols && size.rows === this.lastSentSize.rows) return
      this.lastSentSize = size
      this.host.resized(size)
    }, RESIZE_DEBOUNCE_MS)
  }

  private loadWebgl(): RendererKind {
    if (!hardwareWebgl()) return 'dom'
    try {
      const webgl = new WebglAddon()
      // A lost GPU context (driver reset, too many contexts) falls back to the DOM renderer.
      webgl.onContextLoss(() => {
        webgl.dispose()
        this.renderer = 'dom'
        this.element.dataset.renderer = 'dom'
      })
      this.term.loadAddon(webgl)
      return 'webgl'
    } catch {
      return 'dom'
    }
  }

  /** Returns false for keys the app handles instead of xterm.js. */
  private handleKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true
    const ctrlShift = e.ctrlKey && e.shiftKey && !e.altKey && !e.metaKey
    const key = e.key.toLowerCase()
    if ((ctrlShift && key === 'c') || (e.ctrlKey && !e.shiftKey && e.key === 'Insert')) {
      if (this.term.hasSelection()) void copyText(this.term.getSelection())
      e.preventDefault()
      return false
    }
    // Let the browser paste (a paste event xterm.js handles, bracketed if the program asked):
    // no clipboard permission needed.
    if ((ctrlShift && key === 'v') || (e.shiftKey && !e.ctrlKey && e.key === 'Insert')) return false
    if (ctrlShift && key === 'f') {
      e.preventDefault()
      this.host.find()
      return false
    }
    return true
  }
}

let webglVerdict: boolean | undefined

/**
 * WebGL2 on a GPU. Without one (no GPU, --disable-gpu, a blocklisted driver) Chromium may
 * still offer WebGL through a software rasteriser, where xterm.js's WebGL renderer is several
 * times slower than its DOM renderer: treat that as no WebGL.
 */
function hardwareWebgl(): boolean {
  if (webglVerdict !== undefined) return webglVerdict
  const canvas = document.createElement('canvas')
  const gl = canvas.getContext('webgl2')
  if (!gl) return (webglVerdict = false)
  const info = gl.getExtension('WEBGL_debug_renderer_info')
  const renderer = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : String(gl.getParameter(gl.RENDERER))
  gl.getExtension('WEBGL_lose_context')?.loseContext()
  return (webglVerdict = !/swiftshader|llvmpipe|softpipe|software|microsoft basic render/i.test(renderer))
}

const searchDecorations = {
  matchBackground: '#6b5a00',
  matchOverviewRuler: '#c9a400',
  activeMatchBackground: '#b35c00',
  activeMatchColorOverviewRuler: '#ff8c00'
}

/** The async clipboard API where allowed, else the selection-based copy command. */
async function copyText(text: string): Promise<void> {
  if (!text) return
  try {
    await navigator.clipboard.writeText(text)
  } catch {
    const area = document.createElement('textarea')
    area.value = text
    area.setAttribute('readonly', '')
    area.style.position = 'fixed'
    area.style.opacity = '0'
    const focused = document.activeElement as HTMLElement | null
    document.body.appendChild(area)
    area.select()
    document.execCommand('copy')
    area.remove()
    focused?.focus()
  }
}
