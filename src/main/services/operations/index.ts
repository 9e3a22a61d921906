// The operations engine's door: domains journal plans here, register how their hosts are reached
// and their built-in steps, and the handlers run, resume, roll back and list operations.
export { OperationsService, type OperationsServiceOptions } from './operations-service'
export { formatOperation, formatPlan } from './format'
export { defineBuiltin, implement, type BuiltinStep } from './builtins'
export { pause, type BuiltinContext, type BuiltinOutcome, type OperationDomain, type RemoteHost } from './executor'
export { readJournal } from './journal'
export { validatePlan } from './plan-rules'
