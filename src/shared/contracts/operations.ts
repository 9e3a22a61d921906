// Operations: journaled plans (etcd restore, repairs, …) that the user confirms and the engine
// runs step by step. Domains create operations (e.g. `etcd.planRestore`); these calls run,
// resume, roll back, cancel and list them. `operations.progress` streams every change to every window.
import { z } from 'zod'
import { call, stream } from './define'
import type { OperationDetail, OperationProgress, OperationSummary } from '../model/operations'

const id = z.string().regex(/^[\w.-]+$/, 'an operation id')

export const operationsCalls = {
  'operations.list': call<OperationSummary[]>()(z.object({})),
  'operations.get': call<OperationDetail>()(z.object({ id })),
  /** Starts a planned operation; `confirm` is the typed context name (destructive plans). Returns at once. */
  'operations.run': call<OperationDetail>()(z.object({ id, confirm: z.string().optional() })),
  /** Continues a failed or interrupted operation from the step that stopped it. */
  'operations.resume': call<OperationDetail>()(z.object({ id, confirm: z.string().optional() })),
  /** Runs the undos of every step that ran, newest first. */
  'operations.rollback': call<OperationDetail>()(z.object({ id, confirm: z.string().optional() })),
  /** Stops the command in flight (the step fails; resume or roll back afterwards). */
  'operations.cancel': call<void>()(z.object({ id })),
  /** Closes an operation that changed nothing (or finished); the journal stays. */
  'operations.abandon': call<OperationDetail>()(z.object({ id })),
  /** Deletes the journal of a finished operation (succeeded, rolled back, closed, refused); never one that can still be resumed or rolled back. */
  'operations.delete': call<void>()(z.object({ id })),
  /** Journals (does not run) a plan that removes what a succeeded operation set aside. */
  'operations.planLeftovers': call<OperationDetail>()(z.object({ id }))
} as const

export const operationsStreams = {
  'operations.progress': stream<OperationProgress>()
} as const
