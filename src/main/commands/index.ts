export { runCli } from './run'
export { commands } from './registry'
export type { CliCommand, CliIO, CommandEntry } from './types'
