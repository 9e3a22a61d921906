// Every `kubedeck` subcommand, in the order `--help` lists them.
import { configCommand } from './config'
import { etcdCommand } from './etcd'
import { operationsCommand } from './operations'
import { serveCommand } from './serve'
import { sshCommand } from './ssh'
import type { CliCommand } from './types'

export const commands: CliCommand[] = [serveCommand, configCommand, sshCommand, etcdCommand, operationsCommand]
