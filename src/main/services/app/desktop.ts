// What only the shell around the services can do: Electron opens links in the user's browser;
// web mode and the CLI have no such shell (the browser opens links itself).
export interface DesktopBridge {
  /** Opens an http(s) URL in the user's browser. */
  openExternal(url: string): Promise<void>
}

/** Web mode and the CLI: the renderer (a browser tab) opens links itself. */
export const headlessDesktop: DesktopBridge = {
  openExternal: async () => {
    throw new Error('Opening links is done by the browser in web mode.')
  }
}
