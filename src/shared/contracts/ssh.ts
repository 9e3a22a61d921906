// ssh calls and streams. (Filled in by the ssh domain.)
export const sshCalls = {} as const
export const sshStreams = {} as const
