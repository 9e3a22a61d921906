import type { KubedeckBridge } from '@shared/bridge'
import type { ApiTransport } from './client'

/** Electron: window.kubedeck from the preload. */
export function bridgeTransport(bridge: KubedeckBridge): ApiTransport {
  return {
    call: (name, input) => (bridge.calls[name] as (i: unknown) => ReturnType<KubedeckBridge['calls'][typeof name]>)(input),
    on: (stream, listener) => bridge.on(stream, listener)
  }
}
