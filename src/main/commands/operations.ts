// `kubedeck operations …`: the journaled operations (etcd restores, repairs, …) of this
// machine: list them, show one step by step, and resume or roll back one that stopped — in a
// new process after a crash just as in the one that started it.
import { parseArgs } from 'node:util'
import { unknownWord } from './usage-error'
import { formatOperation } from '../services/operations'
import { cliServices } from './cli-services'
import { confirmText, follow } from './plans'
import type { CliCommand } from './types'

const usage = `Usage:
  kubedeck operations list [--json]
  kubedeck operations show ID [--json]
  kubedeck operations resume ID [--yes] [--json]
  kubedeck operations rollback ID [--yes] [--json]

Every plan Kubedeck runs is journaled (JSONL in the data folder, one file per operation). An
operation that stopped (a failed step, a dropped connection, a crash) can be resumed from the
step that stopped it, or rolled back through the undos of every step that ran, newest first.
Both ask for the context name, like the first run (--yes answers for you).`

export const operationsCommand: CliCommand = {
  name: 'operations',
  summary: 'List, show, resume or roll back journaled operations',
  usage,
  async run(argv, io) {
    const [sub, ...rest] = argv
    if (!sub || !['list', 'show', 'resume', 'rollback'].includes(sub))
      return unknownWord(io, 'kubedeck operations', 'subcommand', sub, ['list', 'show', 'resume', 'rollback'], usage)
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' }, yes: { type: 'boolean', short: 'y' } } })
    if (sub !== 'list' && positionals.length !== 1) {
      io.stderr.write(`kubedeck operations ${sub}: expected one operation ID\n\n${usage}\n`)
      return 2
    }
    // Resume and rollback run plans of any domain that makes them.
    const svc = await cliServices(io, { uses: ['etcd', 'certs', 'cluster'] })
    try {
      if (sub === 'list') {
        const list = await svc.operations.list()
        if (values.json) io.stdout.write(JSON.stringify(list, null, 2) + '\n')
        // As kubectl says "No resources found": on stderr, so a script reading stdout sees nothing.
        else if (list.length === 0) io.stderr.write(`No operations yet (journals are kept in ${svc.operations.dir}).\n`)
        else for (const o of list) io.stdout.write(`${o.id}  ${o.state.padEnd(15)} ${o.context.name.padEnd(16)} ${o.title}${o.currentStep ? `  (at ${o.currentStep})` : ''}\n`)
        return 0
      }
      const op = await svc.operations.get(positionals[0])
      if (sub === 'show') {
        io.stdout.write((values.json ? JSON.stringify(op, null, 2) : formatOperation(op)) + '\n')
        return 0
      }
      const confirm = await confirmText(io, op, values.yes)
      if (confirm === null) {
        io.stderr.write('Not confirmed: nothing was changed.\n')
        return 1
      }
      return await follow(io, svc.operations, op.id, sub as 'resume' | 'rollback', confirm, Boolean(values.json))
    } finally {
      await svc.close()
    }
  }
}
