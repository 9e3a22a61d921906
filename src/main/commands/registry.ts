// Every `kubedeck` subcommand, in the order `--help` lists them.
import { serveCommand } from './serve'
import type { CliCommand } from './types'

export const commands: CliCommand[] = [serveCommand]
