// Preload (sandboxed, context-isolated): builds window.kubedeck from the contract, one method
// per call, plus a per-stream subscription. The renderer never gets ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { callNames, isStreamName, type CallName, type StreamName } from '../shared/contract'
import { IPC_CALL_PREFIX, IPC_STREAM_CHANNEL, type BridgeCalls, type KubedeckBridge } from '../shared/bridge'

const calls = Object.fromEntries(
  callNames.map((name: CallName) => [name, (input: unknown) => ipcRenderer.invoke(IPC_CALL_PREFIX + name, input)])
) as BridgeCalls

const bridge: KubedeckBridge = {
  calls,
  on(stream: StreamName, listener: (payload: unknown) => void) {
    if (!isStreamName(stream)) throw new Error(`Unknown stream ${String(stream)}`)
    const handler = (_e: IpcRendererEvent, name: string, payload: unknown) => {
      if (name === stream) listener(payload)
    }
    ipcRenderer.on(IPC_STREAM_CHANNEL, handler)
    return () => ipcRenderer.removeListener(IPC_STREAM_CHANNEL, handler)
  }
}

contextBridge.exposeInMainWorld('kubedeck', bridge)
