// terminals calls and streams. (Filled in by the terminals domain.)
export const terminalsCalls = {} as const
export const terminalsStreams = {} as const
