// operations calls and streams. (Filled in by the operations domain.)
export const operationsCalls = {} as const
export const operationsStreams = {} as const
