// Fan-out of main → renderer streams. A transport registers each connected client (a window or
// a WebSocket); services broadcast changes that concern every client (a kubeconfig edited on
// disk) and emit per-client data through the CallContext (a terminal's output).
import type { StreamName, StreamPayload } from '../shared/contract'

export interface StreamClient {
  id: string
  send(stream: StreamName, payload: unknown): void
}

export interface EventBroadcaster {
  broadcast<S extends StreamName>(stream: S, payload: StreamPayload<S>): void
}

export class EventHub implements EventBroadcaster {
  private readonly clients = new Map<string, StreamClient>()

  add(client: StreamClient): () => void {
    this.clients.set(client.id, client)
    return () => this.clients.delete(client.id)
  }

  broadcast<S extends StreamName>(stream: S, payload: StreamPayload<S>): void {
    for (const c of this.clients.values()) c.send(stream, payload)
  }

  get size(): number {
    return this.clients.size
  }
}
