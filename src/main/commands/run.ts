// Parses `kubedeck <command> ...` and runs the command; separate from cli.ts so tests can run it in-process.
import { version } from '../../../package.json'
import { unknownWord } from './usage-error'
import { formatErrorInfo, isAppError } from '../../shared/errors'
import { commands } from './registry'
import type { CliIO } from './types'

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'Kubedeck: kubeconfig contexts, SSH to nodes and etcd backup/restore for self-run Kubernetes clusters.',
    '',
    'Usage: kubedeck <command> [arguments]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    "Run `kubedeck <command> --help` for a command's options."
  ].join('\n')
}

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(help() + '\n')
    return name ? 0 : 2
  }
  if (name === '--version' || name === 'version') {
    io.stdout.write(`kubedeck ${version}\n`)
    return 0
  }
  const entry = commands.find((c) => c.name === name)
  if (!entry) {
    return unknownWord(
      io,
      'kubedeck',
      'command',
      name,
      commands.map((c) => c.name),
      help()
    )
  }
  const command = await entry.load()
  if (rest.length === 1 && (rest[0] === '--help' || rest[0] === '-h')) {
    io.stdout.write(command.usage + '\n')
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (e) {
    if (isAppError(e)) {
      io.stderr.write(`error: ${formatErrorInfo(e.info)}\n`)
      return 1
    }
    // parseArgs and other usage errors carry a code; show them as usage problems.
    if (e instanceof Error && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`kubedeck ${name}: ${e.message}\n`)
      return 2
    }
    throw e
  }
}
