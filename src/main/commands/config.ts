// `kubedeck config <verb>`: kubectl's config verbs with kubectl's flags, output and errors
// (same files read and written, same messages), plus import, export, undo, history and restore. Works on
// $KUBECONFIG / ~/.kube/config or --kubeconfig FILE like kubectl; every write is atomic, locked
// the way kubectl locks, keeps comments, and can be undone.
import { isAppError, type AppError } from '../../shared/errors'
import { unknownWord } from './usage-error'
import { createServices } from '../composition'
import {
  KubeconfigImporter,
  type KubeconfigStorage,
  exportContext,
  fileHistory,
  redoLastUndo,
  restoreVersion,
  undoLastWrite,
  writeExport,
  type KubectlConfig
} from '../services/kubeconfig'
import { flagHelp, FlagError, parseFlags, type FlagSpec, type ParsedFlags } from './config-flags'
import type { CliCommand, CliIO } from './types'

interface VerbContext {
  io: CliIO
  kubectl: KubectlConfig
  storage: KubeconfigStorage
  p: ParsedFlags
  str(name: string): string | undefined
  bool(name: string): boolean | undefined
  list(name: string): string[] | undefined
}

interface Verb {
  name: string
  aliases?: string[]
  summary: string
  synopsis: string
  /** More about a Kubedeck verb, printed by its --help. */
  details?: string
  flags: FlagSpec[]
  /** Exit code for a wrong number of arguments (kubectl's delete-context/-cluster exit 0). */
  usageExit?: number
  run(ctx: VerbContext): Promise<number>
}

const globalFlags: FlagSpec[] = [
  { name: 'kubeconfig', type: 'string', help: 'Path to the kubeconfig file to use (instead of $KUBECONFIG or ~/.kube/config)', placeholder: 'FILE' },
  { name: 'context', type: 'string', help: 'The context --minify keeps (view)', placeholder: 'NAME' }
]

class UsageError extends Error {}

const goArgs = (args: string[]) => `[${args.join(' ')}]`

function exactly(ctx: VerbContext, n: number, word = 'Unexpected args'): string[] {
  if (ctx.p.args.length !== n) throw new UsageError(`${word}: ${goArgs(ctx.p.args)}`)
  return ctx.p.args
}

/** undo and redo: an optional FILE (from the working directory, as kubectl), or none for the most recent change. */
function optionalFile(ctx: VerbContext): string | undefined {
  if (ctx.p.args.length > 1) throw new UsageError(`Unexpected args: ${goArgs(ctx.p.args)}`)
  return ctx.p.args[0] ? ctx.kubectl.access.abs(ctx.p.args[0]) : undefined
}

function write(stream: NodeJS.WritableStream, text: string): void {
  if (text) stream.write(text)
}

const verbs: Verb[] = [
  {
    name: 'get-contexts',
    summary: 'Describe one or many contexts',
    synopsis: 'get-contexts [NAME...] [-o name] [--no-headers]',
    flags: [
      { name: 'output', short: 'o', type: 'string', help: 'Output format. One of: (name).' },
      { name: 'no-headers', type: 'bool', help: "Don't print the header row" }
    ],
    async run(ctx) {
      const { stdout, errors } = await ctx.kubectl.getContexts({ names: ctx.p.args, output: ctx.str('output') ?? '', noHeaders: ctx.bool('no-headers') ?? false })
      write(ctx.io.stdout, stdout)
      if (errors.length === 0) return 0
      ctx.io.stderr.write(errors.length === 1 ? `error: ${errors[0]}\n` : errors.map((e) => `${e}\n`).join(''))
      return 1
    }
  },
  {
    name: 'current-context',
    summary: 'Display the current-context',
    synopsis: 'current-context',
    flags: [],
    async run(ctx) {
      write(ctx.io.stdout, await ctx.kubectl.currentContext())
      return 0
    }
  },
  {
    name: 'use-context',
    aliases: ['use'],
    summary: 'Set the current-context in a kubeconfig file',
    synopsis: 'use-context CONTEXT_NAME',
    flags: [],
    async run(ctx) {
      const [name] = exactly(ctx, 1)
      return report(ctx, await ctx.kubectl.useContext(name))
    }
  },
  {
    name: 'set-context',
    summary: 'Set a context entry in kubeconfig',
    synopsis: 'set-context [NAME | --current] [--cluster=cluster_nickname] [--user=user_nickname] [--namespace=namespace]',
    flags: [
      { name: 'current', type: 'bool', help: 'Modify the current context' },
      { name: 'cluster', type: 'string', help: 'cluster for the context entry in kubeconfig' },
      { name: 'user', type: 'string', help: 'user for the context entry in kubeconfig' },
      { name: 'namespace', type: 'string', help: 'namespace for the context entry in kubeconfig' }
    ],
    async run(ctx) {
      if (ctx.p.args.length > 1) throw new UsageError(`Unexpected args: ${goArgs(ctx.p.args)}`)
      const r = await ctx.kubectl.setContext({
        name: ctx.p.args[0],
        current: ctx.bool('current'),
        cluster: ctx.str('cluster'),
        user: ctx.str('user'),
        namespace: ctx.str('namespace')
      })
      return report(ctx, r)
    }
  },
  {
    name: 'rename-context',
    summary: 'Rename a context from the kubeconfig file',
    synopsis: 'rename-context CONTEXT_NAME NEW_NAME',
    flags: [],
    async run(ctx) {
      const [from, to] = exactly(ctx, 2)
      return report(ctx, await ctx.kubectl.renameContext(from, to))
    }
  },
  {
    name: 'delete-context',
    summary: 'Delete the specified context from the kubeconfig',
    synopsis: 'delete-context NAME',
    flags: [],
    usageExit: 0,
    async run(ctx) {
      const [name] = exactly(ctx, 1)
      return report(ctx, await ctx.kubectl.deleteContext(name))
    }
  },
  {
    name: 'delete-cluster',
    summary: 'Delete the specified cluster from the kubeconfig',
    synopsis: 'delete-cluster NAME',
    flags: [],
    usageExit: 0,
    async run(ctx) {
      const [name] = exactly(ctx, 1)
      return report(ctx, await ctx.kubectl.deleteCluster(name))
    }
  },
  {
    name: 'delete-user',
    summary: 'Delete the specified user from the kubeconfig',
    synopsis: 'delete-user NAME',
    flags: [],
    async run(ctx) {
      if (ctx.p.args.length !== 1) {
        ctx.io.stderr.write("error: user to delete is required\nSee 'kubedeck config delete-user -h' for help and examples\n")
        return 1
      }
      return report(ctx, await ctx.kubectl.deleteUser(ctx.p.args[0]))
    }
  },
  {
    name: 'set-cluster',
    summary: 'Set a cluster entry in kubeconfig',
    synopsis: 'set-cluster NAME [--server=server] [--certificate-authority=path/to/certificate/authority] [--insecure-skip-tls-verify=true] [--tls-server-name=example.com]',
    flags: [
      { name: 'server', type: 'string', help: 'server for the cluster entry in kubeconfig' },
      { name: 'certificate-authority', type: 'string', help: 'Path to certificate-authority file for the cluster entry in kubeconfig' },
      { name: 'insecure-skip-tls-verify', type: 'bool', help: 'insecure-skip-tls-verify for the cluster entry in kubeconfig' },
      { name: 'embed-certs', type: 'bool', help: 'embed-certs for the cluster entry in kubeconfig' },
      { name: 'tls-server-name', type: 'string', help: 'tls-server-name for the cluster entry in kubeconfig' },
      { name: 'proxy-url', type: 'string', help: 'proxy-url for the cluster entry in kubeconfig' }
    ],
    async run(ctx) {
      const [name] = exactly(ctx, 1)
      const r = await ctx.kubectl.setCluster(name, {
        server: ctx.str('server'),
        certificateAuthority: ctx.str('certificate-authority'),
        insecureSkipTlsVerify: ctx.bool('insecure-skip-tls-verify'),
        embedCerts: ctx.bool('embed-certs'),
        tlsServerName: ctx.str('tls-server-name'),
        proxyUrl: ctx.str('proxy-url')
      })
      return report(ctx, r)
    }
  },
  {
    name: 'set-credentials',
    summary: 'Set a user entry in kubeconfig',
    synopsis:
      'set-credentials NAME [--client-certificate=path/to/certfile] [--client-key=path/to/keyfile] [--token=bearer_token] [--username=basic_user] [--password=basic_password] [--auth-provider=provider_name] [--auth-provider-arg=key=value] [--exec-command=exec_command] [--exec-api-version=exec_api_version] [--exec-arg=arg] [--exec-env=key=value]',
    flags: [
      { name: 'client-certificate', type: 'string', help: 'Path to client-certificate file for the user entry in kubeconfig' },
      { name: 'client-key', type: 'string', help: 'Path to client-key file for the user entry in kubeconfig' },
      { name: 'token', type: 'string', help: 'token for the user entry in kubeconfig' },
      { name: 'username', type: 'string', help: 'username for the user entry in kubeconfig' },
      { name: 'password', type: 'string', help: 'password for the user entry in kubeconfig' },
      { name: 'embed-certs', type: 'bool', help: 'Embed client cert/key for the user entry in kubeconfig' },
      { name: 'auth-provider', type: 'string', help: 'Auth provider for the user entry in kubeconfig' },
      { name: 'auth-provider-arg', type: 'stringSlice', help: "'key=value' arguments for the auth provider" },
      { name: 'exec-command', type: 'string', help: 'Command for the exec credential plugin for the user entry in kubeconfig' },
      { name: 'exec-api-version', type: 'string', help: 'API version of the exec credential plugin for the user entry in kubeconfig' },
      { name: 'exec-arg', type: 'stringSlice', help: 'New arguments for the exec credential plugin command for the user entry in kubeconfig' },
      { name: 'exec-env', type: 'stringArray', help: "'key=value' environment values for the exec credential plugin" },
      { name: 'exec-interactive-mode', type: 'string', help: 'InteractiveMode of the exec credentials plugin for the user entry in kubeconfig' },
      { name: 'exec-provide-cluster-info', type: 'bool', help: 'ProvideClusterInfo of the exec credentials plugin for the user entry in kubeconfig' }
    ],
    async run(ctx) {
      const [name] = exactly(ctx, 1, 'unexpected args')
      const r = await ctx.kubectl.setCredentials(name, {
        clientCertificate: ctx.str('client-certificate'),
        clientKey: ctx.str('client-key'),
        token: ctx.str('token'),
        username: ctx.str('username'),
        password: ctx.str('password'),
        embedCerts: ctx.bool('embed-certs'),
        authProvider: ctx.str('auth-provider'),
        authProviderArgs: ctx.list('auth-provider-arg'),
        execCommand: ctx.str('exec-command'),
        execApiVersion: ctx.str('exec-api-version'),
        execArgs: ctx.list('exec-arg'),
        execEnv: ctx.list('exec-env'),
        execInteractiveMode: ctx.str('exec-interactive-mode'),
        execProvideClusterInfo: ctx.bool('exec-provide-cluster-info')
      })
      return report(ctx, r)
    }
  },
  {
    name: 'view',
    summary: 'Display merged kubeconfig settings or a specified kubeconfig file',
    synopsis: 'view [--minify] [--flatten] [--raw] [-o yaml|json]',
    flags: [
      { name: 'minify', type: 'bool', help: 'Remove all information not used by current-context from the output' },
      { name: 'flatten', type: 'bool', help: 'Flatten the resulting kubeconfig file into self-contained output' },
      { name: 'raw', type: 'bool', help: 'Display raw byte data and sensitive data' },
      { name: 'output', short: 'o', type: 'string', help: 'Output format. One of: (json, yaml).' }
    ],
    async run(ctx) {
      if (ctx.p.args.length > 0) {
        ctx.io.stderr.write(`error: unexpected arguments: ${goArgs(ctx.p.args)}\nSee 'kubedeck config view -h' for help and examples\n`)
        return 1
      }
      const output = ctx.str('output') ?? 'yaml'
      if (output !== 'yaml' && output !== 'json') {
        ctx.io.stderr.write(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: json,yaml\n`)
        return 1
      }
      write(
        ctx.io.stdout,
        await ctx.kubectl.view({ minify: ctx.bool('minify') ?? false, flatten: ctx.bool('flatten') ?? false, raw: ctx.bool('raw') ?? false, output, context: ctx.str('context') })
      )
      return 0
    }
  },
  {
    name: 'import',
    summary: 'Merge a kubeconfig file into yours, renaming names that collide (Kubedeck)',
    synopsis: 'import FILE [--dry-run]',
    flags: [{ name: 'dry-run', type: 'bool', help: 'Show what would be imported and renamed; write nothing' }],
    async run(ctx) {
      const [file] = exactly(ctx, 1)
      const importer = new KubeconfigImporter(ctx.kubectl, ctx.storage)
      const plan = await importer.preview(file)
      const lines = [`Importing ${plan.source} into ${plan.target}:`]
      const renamed = new Map(plan.renames.map((r) => [`${r.kind}/${r.to}`, r.from]))
      for (const [kind, names] of [
        ['cluster', plan.clusters],
        ['user', plan.users],
        ['context', plan.contexts]
      ] as const) {
        for (const name of names) {
          const from = renamed.get(`${kind}/${name}`)
          lines.push(`  ${kind.padEnd(8)} ${from ? `${from} -> ${name} (renamed: "${from}" is taken)` : name}`)
        }
      }
      for (const s of plan.skipped ?? []) lines.push(`  ${s.kind.padEnd(8)} ${s.name} (already present, unchanged)`)
      const count = plan.clusters.length + plan.users.length + plan.contexts.length
      if (ctx.bool('dry-run')) lines.push(`Dry run: ${count} entries would be written; nothing was changed.`)
      else {
        await importer.apply(plan)
        lines.push(`Imported ${count} entries into ${plan.target}.`)
      }
      ctx.io.stdout.write(lines.join('\n') + '\n')
      return 0
    }
  },
  {
    name: 'export',
    summary: 'Write one context as a standalone, flattened kubeconfig (Kubedeck)',
    synopsis: 'export CONTEXT [-o FILE]',
    flags: [{ name: 'output', short: 'o', type: 'string', help: 'Write to FILE (mode 0600) instead of standard output', placeholder: 'FILE' }],
    async run(ctx) {
      const [name] = exactly(ctx, 1)
      const text = await exportContext(ctx.kubectl, name)
      const out = ctx.str('output')
      if (!out) {
        ctx.io.stdout.write(text)
        return 0
      }
      const path = ctx.kubectl.access.abs(out)
      await writeExport(ctx.storage, path, text)
      ctx.io.stdout.write(`Exported context "${name}" to ${path}.\n`)
      return 0
    }
  },
  {
    name: 'undo',
    summary: "Undo Kubedeck's last write (of FILE, or of any kubeconfig) (Kubedeck)",
    synopsis: 'undo [FILE]',
    details:
      'Puts back the version Kubedeck saved before its last write (of FILE, or of any kubeconfig). It refuses when the file changed since\n' +
      'Kubedeck wrote it (kubectl, an editor): that change would be lost. Use history and restore to go back further, or past such a change.',
    flags: [],
    async run(ctx) {
      const r = await undoLastWrite(ctx.storage, optionalFile(ctx))
      for (const v of r.restored) ctx.io.stdout.write(`Restored ${v.file} to its version of ${v.savedAt} (before "${v.reason}").\n`)
      return 0
    }
  },
  {
    name: 'redo',
    summary: "Undo Kubedeck's last undo (of FILE, or of any kubeconfig) (Kubedeck)",
    synopsis: 'redo [FILE]',
    details:
      'Writes back what the last undo replaced (of FILE, or of any kubeconfig), as a change that can be undone again. Possible until\n' +
      'another change is made to the file; it refuses when the file changed since Kubedeck last wrote it.',
    flags: [],
    async run(ctx) {
      const r = await redoLastUndo(ctx.storage, optionalFile(ctx))
      for (const f of r.files) ctx.io.stdout.write(`Redid "${r.reason}" in ${f}.\n`)
      return 0
    }
  },
  {
    name: 'history',
    summary: 'List the saved versions of a kubeconfig file (Kubedeck)',
    synopsis: 'history FILE',
    details: 'Kubedeck keeps the last 50 versions of every file it writes, newest first. VERSION is what restore takes; BEFORE is the\nchange that followed that version.',
    flags: [],
    async run(ctx) {
      const [file] = exactly(ctx, 1)
      const versions = await fileHistory(ctx.storage, ctx.kubectl.access.abs(file))
      if (versions.length === 0) {
        ctx.io.stdout.write(`No saved versions of ${ctx.kubectl.access.abs(file)}.\n`)
        return 0
      }
      const rows = versions.map((v) => [v.id, v.savedAt, String(v.size), v.reason])
      const widths = [0, 1, 2].map((i) => Math.max(['VERSION', 'SAVED', 'SIZE'][i].length, ...rows.map((r) => r[i].length)))
      const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c)).join('   ')
      ctx.io.stdout.write([line(['VERSION', 'SAVED', 'SIZE', 'BEFORE']), ...rows.map(line)].join('\n') + '\n')
      return 0
    }
  },
  {
    name: 'restore',
    summary: 'Put back a saved version of a kubeconfig file, listed by history (undoable) (Kubedeck)',
    synopsis: 'restore FILE VERSION',
    details:
      'Writes FILE as it was in VERSION (an id from `kubedeck config history FILE`). What it replaces is saved as a new version\n' +
      'first, whoever made it, so `kubedeck config undo FILE` takes the restore back.',
    flags: [],
    async run(ctx) {
      const [file, id] = exactly(ctx, 2)
      const r = await restoreVersion(ctx.storage, ctx.kubectl.access.abs(file), id)
      const v = r.restored
      ctx.io.stdout.write(
        r.files.length === 0
          ? `${v.file} already is as it was on ${v.savedAt} (version ${v.id}); nothing changed.\n`
          : `Restored ${v.file} to version ${v.id} of ${v.savedAt} (before "${v.reason}"). Undo with: kubedeck config undo ${v.file}\n`
      )
      return 0
    }
  }
]

function report(ctx: VerbContext, r: { stdout: string; stderr: string }): number {
  write(ctx.io.stderr, r.stderr)
  write(ctx.io.stdout, r.stdout)
  return 0
}

function verbUsage(v: Verb): string {
  const flags = [...v.flags, ...globalFlags]
  return `${v.summary}.\n\n${v.details ? `${v.details}\n\n` : ''}Usage:\n  kubedeck config ${v.synopsis} [options]\n\nOptions:\n${flagHelp(flags)}`
}

function configUsage(): string {
  const width = Math.max(...verbs.map((v) => v.name.length))
  return [
    'Modify kubeconfig files, exactly as `kubectl config` does (same files, same output), plus import, export, undo,',
    'history and restore.',
    '',
    'Uses --kubeconfig FILE, else $KUBECONFIG (a list of files, merged), else ~/.kube/config.',
    '',
    'Usage: kubedeck config <verb> [arguments]',
    '',
    'Verbs:',
    ...verbs.map((v) => `  ${v.name.padEnd(width)}  ${v.summary}`)
  ].join('\n')
}

function printError(io: CliIO, e: AppError): void {
  const { message, hint } = e.info
  io.stderr.write(`error: ${message}\n${hint ? `  ${hint}\n` : ''}`)
}

export const configCommand: CliCommand = {
  name: 'config',
  summary: 'Modify kubeconfig files like `kubectl config` (plus import, export, undo, restore)',
  usage: configUsage(),
  async run(argv, io) {
    const [name, ...rest] = argv
    if (!name || name === '--help' || name === '-h' || name === 'help') {
      io.stdout.write(configUsage() + '\n')
      return 0
    }
    const verb = verbs.find((v) => v.name === name || v.aliases?.includes(name))
    if (!verb) {
      return unknownWord(
        io,
        'kubedeck config',
        'command',
        name,
        verbs.flatMap((v) => [v.name, ...(v.aliases ?? [])]),
        configUsage()
      )
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.stdout.write(verbUsage(verb) + '\n')
      return 0
    }
    let p: ParsedFlags
    try {
      p = parseFlags(rest, [...verb.flags, ...globalFlags])
    } catch (e) {
      if (!(e instanceof FlagError)) throw e
      io.stderr.write(`Error: ${e.message}\nSee 'kubedeck config ${verb.name} --help' for usage.\n`)
      return 1
    }
    const storage = (await createServices({ mode: 'cli', env: io.env, cwd: io.cwd, uses: [] })).kubeconfigStorage
    const ctx: VerbContext = {
      io,
      storage,
      kubectl: storage.kubectl(io.env, io.cwd, p.values.get('kubeconfig') as string | undefined),
      p,
      str: (n) => p.values.get(n) as string | undefined,
      bool: (n) => p.values.get(n) as boolean | undefined,
      list: (n) => p.values.get(n) as string[] | undefined
    }
    try {
      return await verb.run(ctx)
    } catch (e) {
      if (e instanceof UsageError) {
        // kubectl prints the help; delete-context and delete-cluster treat it as success.
        io.stdout.write(verbUsage(verb) + '\n')
        if (verb.usageExit === 0) return 0
        io.stderr.write(`error: ${e.message}\n`)
        return 1
      }
      if (isAppError(e)) {
        if (e.info.code === 'kubectl.usage') io.stdout.write(verbUsage(verb) + '\n')
        printError(io, e)
        return 1
      }
      throw e
    }
  }
}
