// The one dispatcher behind both transports: checks the call name, validates the input with
// the call's zod schema (before any service runs), calls the handler and turns whatever it
// throws into ErrorInfo. Transports only move bytes and decide who the client is.
import { calls, isCallName, type CallArgs, type CallName, type CallResult, type Reply, type StreamName, type StreamPayload } from '../shared/contract'
import { errorInfo, toErrorInfo } from '../shared/errors'
import { t } from '../shared/error-messages'

/** The caller of a call: where its streams go and when it goes away. */
export interface CallContext {
  clientId: string
  emit<S extends StreamName>(stream: S, payload: StreamPayload<S>): void
  onDisconnect(fn: () => void): void
}

export type Handler<N extends CallName> = (args: CallArgs<N>, ctx: CallContext) => Promise<CallResult<N>> | CallResult<N>
export type Handlers = { [N in CallName]: Handler<N> }
/** A domain's slice of the handlers, typed against its part of the contract. */
export type HandlersFor<C> = { [N in keyof C & CallName]: Handler<N> }

export type Dispatch = (name: unknown, input: unknown, ctx: CallContext) => Promise<Reply>

export function createDispatcher(handlers: Handlers): Dispatch {
  return async (name, input, ctx) => {
    if (!isCallName(name)) {
      return { ok: false, error: errorInfo({ code: 'call.unknown', message: t`Unknown call ${JSON.stringify(name)}.` }) }
    }
    const parsed = calls[name].input.safeParse(input ?? {})
    if (!parsed.success) {
      return {
        ok: false,
        error: errorInfo({
          code: 'input.invalid',
          message: t`Invalid input for ${name}.`,
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
        })
      }
    }
    try {
      const handler = handlers[name] as Handler<CallName>
      const result = await handler(parsed.data as never, ctx)
      return { ok: true, result }
    } catch (e) {
      return { ok: false, error: toErrorInfo(e) }
    }
  }
}
