// The building blocks of the contract: a call is a zod schema for its input plus a phantom
// result type; a stream is a phantom payload type. Keeping results as types (not schemas)
// means main validates what it cannot trust (input) and the compiler checks the rest.
import type { z } from 'zod'

export interface CallDef<I extends z.ZodType = z.ZodType, R = unknown> {
  readonly input: I
  /** Phantom: never set at run time. */
  readonly _result?: R
}

export interface StreamDef<P = unknown> {
  readonly _payload?: P
}

/** `call<Result>()(inputSchema)`: two steps so the result type is explicit and the input inferred. */
export const call =
  <R>() =>
  <I extends z.ZodType>(input: I): CallDef<I, R> => ({ input })

export const stream = <P>(): StreamDef<P> => ({})
