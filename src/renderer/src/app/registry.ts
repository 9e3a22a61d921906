// What features plug into the shell: pages in the navigation, widgets in the title bar (the
// active context), and overlays (the quick switcher). Only finished features are listed.
import type { ComponentType } from 'react'

export interface PageDef {
  id: string
  /** i18n key of the navigation label. */
  labelKey: string
  /** A short glyph for the navigation rail. */
  icon: string
  component: ComponentType
}

export const pages: PageDef[] = []
export const titleBarWidgets: ComponentType[] = []
export const overlays: ComponentType[] = []
