// Built-in steps, declared once: a name and the schema of its arguments. The plan side gets a
// typed action builder from the declaration and the domain implements the handler against the
// same declaration, so a plan and its executor share one type and a misspelt step fails the
// typecheck instead of a live restore. Arguments read back from a journal are checked against
// the schema before a handler sees them (a journal from another version, or edited by hand).
import type { z } from 'zod'
import type { BuiltinAction } from '../../../shared/model/operations'
import type { BuiltinContext, BuiltinOutcome, RemoteHost } from './executor'

/** `S` is the schema of the step's arguments: plans pass its input, handlers get its output. */
export interface BuiltinStep<S extends z.ZodType<Record<string, unknown>>> {
  readonly name: string
  readonly args: S
  /** The plan-side action; `display` holds the exact commands a person would run instead. */
  action(args: z.input<S>, o: { display: string[]; host?: string; displayOn?: 'host'; timeoutMs?: number }): BuiltinAction
}

/** A step's name and the schema of its arguments (arguments are plain JSON: they are journaled). */
export function defineBuiltin<S extends z.ZodType<Record<string, unknown>>>(name: string, args: S): BuiltinStep<S> {
  return {
    name,
    args,
    action: (a, o) => ({
      kind: 'builtin',
      name,
      args: a as Record<string, unknown>,
      display: o.display,
      ...(o.host !== undefined ? { host: o.host } : {}),
      ...(o.displayOn ? { displayOn: o.displayOn } : {}),
      ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {})
    })
  }
}

/** A declared step with its handler, as the engine keeps it. */
export interface BuiltinImpl<H extends RemoteHost> {
  readonly name: string
  run(args: unknown, ctx: BuiltinContext<H>): Promise<BuiltinOutcome>
}

export function implement<S extends z.ZodType<Record<string, unknown>>, H extends RemoteHost>(
  step: BuiltinStep<S>,
  run: (args: z.output<S>, ctx: BuiltinContext<H>) => Promise<BuiltinOutcome>
): BuiltinImpl<H> {
  return {
    name: step.name,
    run: async (raw, ctx) => {
      const parsed = step.args.safeParse(raw)
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(arguments)'}: ${i.message}`).join('; ')
        return { ok: false, error: `The journaled arguments of ${step.name} are not what this Kubedeck expects (${issues}); build the plan again.` }
      }
      return run(parsed.data, ctx)
    }
  }
}
