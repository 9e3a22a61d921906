// `kubedeck ssh …`: OpenSSH-exact config resolution (what Kubedeck will do before it
// connects), and the wizards' audited command runner for scripts.
import { parseArgs } from 'node:util'
import { unknownWord } from './usage-error'
import { isAppError } from '../../shared/errors'
import { createServices } from '../composition'
import { typedByUser } from '../services/shell'
import { formatSshG, resolveTarget, ttyInteraction } from '../services/ssh'
import type { CliCommand, CliIO } from './types'

const usage = `Usage: kubedeck ssh config HOST [-F FILE] [-l USER] [-p PORT] [-i IDENTITY] [-J JUMP]
       kubedeck ssh run HOST [options] [--sudo] [--timeout SECONDS] [--context NAME] -- COMMAND

Prints the settings Kubedeck (and ssh) use for HOST as \`key value\` lines, with the keys,
spelling and order of \`ssh -G\`: User, HostName, Port, IdentityFile, IdentitiesOnly,
ProxyJump, ServerAlive*, ConnectTimeout, StrictHostKeyChecking, known_hosts files and the
other options Kubedeck models. HOST may be user@host.

Options:
  -F FILE      read only FILE (default: ~/.ssh/config, then /etc/ssh/ssh_config)
  -l USER      like ssh -l
  -p PORT      like ssh -p
  -i IDENTITY  like ssh -i
  -J JUMP      like ssh -J ([user@]host[:port][,...], or none)

\`run\` runs COMMAND on HOST the way Kubedeck's wizards do (audited in the data folder's
audit/ssh-commands.jsonl, sudo password sent on stdin) and exits with its exit code (255 when
it cannot connect). Questions (unknown host keys, passphrases, passwords) are asked on the
terminal; without one, nothing can be asked, like ssh -o BatchMode=yes.
  --sudo             run as root through sudo
  --timeout SECONDS  stop the command after this long
  --context NAME     the context to name in the audit log`

const targetOptions = {
  F: { type: 'string', short: 'F' },
  l: { type: 'string', short: 'l' },
  p: { type: 'string', short: 'p' },
  i: { type: 'string', short: 'i' },
  J: { type: 'string', short: 'J' }
} as const

export const sshCommand: CliCommand = {
  name: 'ssh',
  summary: 'Resolved ssh settings for a host (like ssh -G); run an audited command on it',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    if (sub === 'run') return runRemote(rest, io)
    if (sub !== 'config') return unknownWord(io, 'kubedeck ssh', 'subcommand', sub, ['config', 'run'], usage)
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: targetOptions
    })
    if (positionals.length !== 1) {
      io.stderr.write(`kubedeck ssh config: expected one HOST, got ${positionals.length}\n\n${usage}\n`)
      return 2
    }
    const port = values.p === undefined ? undefined : Number(values.p)
    if (port !== undefined && (!Number.isInteger(port) || port <= 0 || port > 65535)) {
      io.stderr.write(`kubedeck ssh config: Bad port '${values.p}'\n`)
      return 2
    }
    const options = resolveTarget({ host: positionals[0], user: values.l, port, identityFile: values.i, proxyJump: values.J }, { configFile: values.F, env: io.env })
    for (const w of options.warnings) io.stderr.write(`${w}\n`)
    io.stdout.write(formatSshG(options).join('\n') + '\n')
    return 0
  }
}

async function runRemote(argv: string[], io: CliIO): Promise<number> {
  const dash = argv.indexOf('--')
  const { values, positionals } = parseArgs({
    args: dash < 0 ? argv : argv.slice(0, dash),
    allowPositionals: true,
    options: { ...targetOptions, sudo: { type: 'boolean' }, timeout: { type: 'string' }, context: { type: 'string' } }
  })
  const command = dash < 0 ? positionals.slice(1).join(' ') : argv.slice(dash + 1).join(' ')
  if (positionals.length < 1 || (dash >= 0 && positionals.length !== 1) || command.trim() === '') {
    io.stderr.write(`kubedeck ssh run: expected HOST -- COMMAND\n\n${usage}\n`)
    return 2
  }
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout)
  if (timeout !== undefined && !(timeout > 0)) {
    io.stderr.write(`kubedeck ssh run: --timeout must be a number of seconds, got ${JSON.stringify(values.timeout)}\n`)
    return 2
  }
  const port = values.p === undefined ? undefined : Number(values.p)
  const services = await createServices({ mode: 'cli', env: io.env, cwd: io.cwd, uses: ['ssh'] })
  const ssh = services.sshFor(values.F)
  const interaction = ttyInteraction({ stdin: io.stdin as never, stderr: io.stderr })
  let session
  try {
    session = await ssh.session({ host: positionals[0], user: values.l, port, identityFile: values.i, proxyJump: values.J }, interaction, { context: values.context })
  } catch (e) {
    // Like ssh: 255 when the connection itself failed.
    if (!isAppError(e)) throw e
    io.stderr.write(`kubedeck ssh run: ${e.info.message}${e.info.hint ? `\n  ${e.info.hint}` : ''}\n`)
    if (typeof e.info.data?.warning === 'string') io.stderr.write(`${e.info.data.warning}\n`)
    return 255
  }
  try {
    // The person's own command, run as they typed it (like `ssh HOST COMMAND`).
    const r = await session.run(typedByUser(command), {
      sudo: values.sudo,
      timeoutMs: timeout === undefined ? undefined : timeout * 1000,
      onStdout: (c) => io.stdout.write(c),
      onStderr: (c) => io.stderr.write(c),
      audit: { context: values.context, purpose: 'kubedeck ssh run' }
    })
    return r.exitCode ?? 255
  } catch (e) {
    if (!isAppError(e)) throw e
    io.stderr.write(`kubedeck ssh run: ${e.info.message}\n`)
    return 255
  } finally {
    session.close()
    await services.close()
  }
}
