// The renderer's way to main. Picks the transport: the Electron preload bridge when present,
// else web mode's WebSocket.
//
// When a component calls the API directly (useApi) and when it goes through a slice:
// - Through a slice: anything that changes something in main (a write: the slice owns the
//   optimistic update, the rollback when main refuses, and the reload), and any state that
//   outlives the component or that several components show (the overview, inventories,
//   terminals, operations).
// - Directly, or through a feature hook (useNamespaces): a read whose answer only this
//   component shows and may be dropped when it unmounts (suggestions, previews, a history list),
//   and streams that only this component follows while it is open.
import type { KubedeckBridge } from '@shared/bridge'
import { ApiClient } from './client'
import { bridgeTransport } from './bridge-transport'
import { websocketTransport } from './websocket-transport'

declare global {
  interface Window {
    kubedeck?: KubedeckBridge
  }
}

export function createApi(): ApiClient {
  return new ApiClient(window.kubedeck ? bridgeTransport(window.kubedeck) : websocketTransport())
}

export { ApiClient, ApiError, errorInfoOf, type ApiTransport } from './client'
