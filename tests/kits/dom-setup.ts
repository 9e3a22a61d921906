// vitest setup for component tests (files marked `@vitest-environment jsdom`); a no-op in Node.
// jsdom has no layout, no canvas and no modal <dialog>: enough of each for the components to run
// (xterm.js probes a canvas when it is imported).
if (typeof window !== 'undefined') {
  globalThis.ResizeObserver ??= class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  } as unknown as typeof ResizeObserver
  HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext']
  const dialog = HTMLDialogElement.prototype as HTMLDialogElement & { showModal?: () => void }
  dialog.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '')
  }
  dialog.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open')
  }
  Element.prototype.scrollIntoView ??= () => undefined
}
