// Picks the transport: the Electron preload bridge when present, else web mode's WebSocket.
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
