// `kubedeck` command line: the same services as the app, for scripts (cron backups), for
// people in a terminal, and as a black-box surface for tests. Never imports electron.
import { runCli, type CliIO } from './commands'

const io: CliIO = { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() }
runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code
  },
  (e: unknown) => {
    process.stderr.write(`kubedeck: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`)
    process.exitCode = 1
  }
)
