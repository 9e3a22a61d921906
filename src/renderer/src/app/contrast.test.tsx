// Every text colour the themes use, on every background it is drawn on, meets WCAG AA (4.5:1
// for normal text), in both themes: read from the stylesheet itself, so a changed colour that
// breaks it fails here. (The dark theme's "Delete…" and link state were too faint once.)
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const css = readFileSync(join(process.cwd(), 'src/renderer/src/styles.css'), 'utf8')

function theme(selector: string): Record<string, string> {
  const start = css.indexOf(selector)
  const block = css.slice(css.indexOf('{', start) + 1, css.indexOf('}', start))
  return Object.fromEntries([...block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)].map((m) => [m[1], m[2]]))
}

const light = theme(":root[data-theme='light']")
const dark = { ...light, ...theme(":root[data-theme='dark']") }

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p)
  return (x + 0.05) / (y + 0.05)
}

const TEXT = ['fg', 'fg-muted', 'danger', 'warning', 'ok', 'accent']
const BACKGROUNDS = ['bg', 'bg-raised', 'bg-sunken']

describe('colour contrast (WCAG AA, 4.5:1)', () => {
  for (const [name, t] of [
    ['light', light],
    ['dark', dark]
  ] as const) {
    it(`${name}: every text colour on every background, and button text on its fill`, () => {
      const failing: string[] = []
      for (const fg of TEXT) for (const bg of BACKGROUNDS) if (contrast(t[fg], t[bg]) < 4.5) failing.push(`--${fg} on --${bg}: ${contrast(t[fg], t[bg]).toFixed(2)}`)
      if (contrast(t['accent-fg'], t.accent) < 4.5) failing.push(`--accent-fg on --accent: ${contrast(t['accent-fg'], t.accent).toFixed(2)}`)
      expect(failing).toEqual([])
    })
  }
})
