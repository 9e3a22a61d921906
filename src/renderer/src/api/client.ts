// The renderer's one door to main: typed calls and stream subscriptions over whichever
// transport this page runs on (Electron preload bridge, or the web-mode WebSocket).
import type { CallInput, CallName, CallResult, Reply, StreamName, StreamPayload } from '@shared/contract'
import type { ErrorInfo } from '@shared/errors'

export interface ApiTransport {
  call(name: CallName, input: unknown): Promise<Reply>
  on(stream: StreamName, listener: (payload: unknown) => void): () => void
  /** Connection state for the status bar (always 'open' for Electron). */
  onState?(listener: (state: 'connecting' | 'open' | 'closed') => void): () => void
}

export class ApiError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message)
    this.name = 'ApiError'
  }
}

export class ApiClient {
  constructor(private readonly transport: ApiTransport) {}

  async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
    const reply = await this.transport.call(name, input)
    if (!reply.ok) throw new ApiError(reply.error)
    return reply.result as CallResult<N>
  }

  on<S extends StreamName>(stream: S, listener: (payload: StreamPayload<S>) => void): () => void {
    return this.transport.on(stream, listener as (p: unknown) => void)
  }

  onState(listener: (state: 'connecting' | 'open' | 'closed') => void): () => void {
    if (!this.transport.onState) {
      listener('open')
      return () => undefined
    }
    return this.transport.onState(listener)
  }
}

export function errorInfoOf(e: unknown): ErrorInfo {
  if (e instanceof ApiError) return e.info
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) }
}
