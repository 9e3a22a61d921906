// `kubedeck ssh …`: OpenSSH-exact config resolution for scripts and for checking what
// Kubedeck will do before it connects.
import { parseArgs } from 'node:util'
import { formatSshG, resolveTarget } from '../services/ssh'
import type { CliCommand } from './types'

const usage = `Usage: kubedeck ssh config HOST [-F FILE] [-l USER] [-p PORT] [-i IDENTITY] [-J JUMP]

Prints the settings Kubedeck (and ssh) use for HOST as \`key value\` lines, with the keys,
spelling and order of \`ssh -G\`: User, HostName, Port, IdentityFile, IdentitiesOnly,
ProxyJump, ServerAlive*, ConnectTimeout, StrictHostKeyChecking, known_hosts files and the
other options Kubedeck models. HOST may be user@host.

Options:
  -F FILE      read only FILE (default: ~/.ssh/config, then /etc/ssh/ssh_config)
  -l USER      like ssh -l
  -p PORT      like ssh -p
  -i IDENTITY  like ssh -i
  -J JUMP      like ssh -J ([user@]host[:port][,...], or none)`

export const sshCommand: CliCommand = {
  name: 'ssh',
  summary: 'Show resolved ssh settings for a host (like ssh -G)',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    if (sub !== 'config') {
      io.stderr.write(`kubedeck ssh: ${sub ? `unknown subcommand "${sub}"` : 'missing subcommand'}\n\n${usage}\n`)
      return 2
    }
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        F: { type: 'string', short: 'F' },
        l: { type: 'string', short: 'l' },
        p: { type: 'string', short: 'p' },
        i: { type: 'string', short: 'i' },
        J: { type: 'string', short: 'J' }
      }
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
    const options = resolveTarget(
      { host: positionals[0], user: values.l, port, identityFile: values.i, proxyJump: values.J },
      { configFile: values.F, env: io.env }
    )
    for (const w of options.warnings) io.stderr.write(`${w}\n`)
    io.stdout.write(formatSshG(options).join('\n') + '\n')
    return 0
  }
}
