// A `kubedeck` subcommand. Commands get their streams and environment passed in, so tests can
// run them in-process as well as through the built binary.
export interface CliIO {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  stdin: NodeJS.ReadableStream
  env: NodeJS.ProcessEnv
  cwd: string
}

export interface CliCommand {
  name: string
  /** One line for `kubedeck --help` (the registry repeats it, to list commands without loading them). */
  summary: string
  /** Full usage text for `kubedeck NAME --help`. */
  usage: string
  /** Returns the exit code. Throwing an AppError prints it and exits 1. */
  run(argv: string[], io: CliIO): Promise<number>
}

/** A command as the registry lists it: its module is loaded only to run it or print its usage. */
export interface CommandEntry {
  name: string
  summary: string
  load(): Promise<CliCommand>
}
