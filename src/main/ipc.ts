// Electron transport for the contract: one ipcMain.handle per call, answered only for the app's
// own window and page (sender checked), streams sent to that window. The dispatcher does the
// validation, so this file only decides who is asking.
import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron'
import { callNames } from '../shared/contract'
import { IPC_CALL_PREFIX, IPC_STREAM_CHANNEL } from '../shared/bridge'
import type { CallContext, Dispatch } from './dispatch'
import type { EventHub } from './events'
import { isAppUrl } from './window-options'

export function registerIpc(deps: { ipcMain: IpcMain; dispatch: Dispatch; hub: EventHub; window: BrowserWindow; appUrl: string }): () => void {
  const { ipcMain, window } = deps
  const contents = window.webContents
  const clientId = `window-${window.id}`
  const disconnectHandlers: (() => void)[] = []
  const send = (stream: string, payload: unknown) => {
    if (!contents.isDestroyed()) contents.send(IPC_STREAM_CHANNEL, stream, payload)
  }
  const removeFromHub = deps.hub.add({ id: clientId, send })
  const ctx: CallContext = { clientId, emit: send, onDisconnect: (fn) => disconnectHandlers.push(fn) }

  const senderAllowed = (event: IpcMainInvokeEvent) =>
    event.sender === contents && event.senderFrame !== null && event.senderFrame === contents.mainFrame && isAppUrl(event.senderFrame.url, deps.appUrl)

  for (const name of callNames) {
    ipcMain.handle(IPC_CALL_PREFIX + name, (event, input: unknown) => {
      if (!senderAllowed(event)) {
        return { ok: false, error: { code: 'ipc.sender', message: `Refused ${name}: the request did not come from Kubedeck's own page.` } }
      }
      return deps.dispatch(name, input, ctx)
    })
  }
  const dispose = () => {
    for (const name of callNames) ipcMain.removeHandler(IPC_CALL_PREFIX + name)
    removeFromHub()
    for (const fn of disconnectHandlers.splice(0)) fn()
  }
  window.once('closed', dispose)
  return dispose
}
