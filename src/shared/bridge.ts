// The shape of window.kubedeck, which the Electron preload exposes (contextBridge): one method
// per contract call, and a subscription to one stream at a time. Never a raw ipcRenderer.
import type { CallInput, CallName, Reply, StreamName } from './contract'

export type BridgeCalls = { [N in CallName]: (input: CallInput<N>) => Promise<Reply> }

export interface KubedeckBridge {
  calls: BridgeCalls
  /** Returns an unsubscribe function. */
  on(stream: StreamName, listener: (payload: unknown) => void): () => void
}

export const IPC_CALL_PREFIX = 'kubedeck:call:'
export const IPC_STREAM_CHANNEL = 'kubedeck:stream'
