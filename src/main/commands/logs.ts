// `kubedeck logs`: kubectl logs's arguments and flags with kubectl's meaning and output, over
// the log viewers' service — except that lines of several pods or containers come merged in
// timestamp order (kubectl prints one stream after another), and up to 20 streams are
// followed at once by default (kubectl: 5). `kubedeck node-logs`: a host's journal or files.
import { parseArgs } from 'node:util'
import type { LogLine, LogOptions, LogSourceInfo, LogTarget } from '../../shared/model/logs'
import { AppError } from '../../shared/errors'
import { cliServices, resolveContext, type CliServices } from './cli-services'
import type { CliCommand, CliIO } from './types'
import { verbatim } from '../../shared/error-messages'

const usage = `Usage:
  kubedeck logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER] [options]
  kubedeck logs -l SELECTOR [options]

Print the logs for a container in a pod or specified resource, as kubectl logs does. Lines of
several pods or containers come merged in timestamp order.

Options (as kubectl's):
  -n, --namespace NS        --context C
  -c, --container NAME      --all-containers       --all-pods (TYPE/NAME: every pod, not one)
  -l, --selector SELECTOR   -f, --follow           -p, --previous
  --since 5s|2m|3h          --since-time RFC3339   --tail N (default: all; 10 with -l)
  --timestamps              --prefix               --limit-bytes N
  --max-log-requests N      (default 20; kubectl's is 5)`

const nodeUsage = `Usage:
  kubedeck node-logs HOST (-u UNIT… | --file PATH | --pod NS/NAME [-c CONTAINER]) [-n N] [-f] [--since T]
                    [-F ssh_config] [--context C]

Prints what journalctl (or the file) prints on the host, over SSH. --pod reads the pod's
folder under /var/log/pods: its rotated files too (up to 5× the history the API serves), and
containers of pods the API never saw (a static pod that does not start).`

/** A Go duration as kubectl's flags take it (1h30m, 5s, 100ms), in seconds; `flag` names it in the error. */
export function parseDuration(v: string, flag = '--since'): number {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy
  const unit: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 }
  let total = 0
  let m: RegExpExecArray | null
  let used = 0
  while ((m = re.exec(v))) {
    total += Number(m[1]) * unit[m[2]]
    used = re.lastIndex
  }
  if (!v || used !== v.length) throw new AppError({ code: 'input.invalid', message: verbatim(`error: invalid argument "${v}" for "${flag}" flag: time: invalid duration "${v}"`) })
  return total
}

function writer(io: CliIO, f: { timestamps: boolean; prefix: boolean }, sources: () => LogSourceInfo[]) {
  return (lines: LogLine[]): boolean => {
    const labels = sources()
    let out = ''
    for (const l of lines) out += `${f.prefix ? `[${labels[l.s]?.label ?? l.s}] ` : ''}${f.timestamps && l.t ? `${l.t} ` : ''}${l.text}${l.cut ? '' : '\n'}`
    return io.stdout.write(out)
  }
}

/** Streams a session to stdout (paused while stdout is full); resolves with the exit code. */
async function stream(io: CliIO, svc: CliServices, target: LogTarget, options: LogOptions, f: { timestamps: boolean; prefix: boolean; maxStreams?: number }): Promise<number> {
  let id = ''
  let sources: LogSourceInfo[] = []
  const reported = new Set<number>()
  const write = writer(io, f, () => sources)
  const info = await svc.logs.open(
    target,
    options,
    {
      lines: (lines) => {
        let units = 0
        for (const l of lines) units += l.text.length + 1
        if (write(lines)) svc.logs.acknowledge(id, units)
        else io.stdout.once('drain', () => svc.logs.acknowledge(id, units))
      },
      sources: (s) => {
        sources = s
        for (const x of s) {
          if (x.state === 'failed' && !reported.has(x.index)) {
            reported.add(x.index)
            io.stderr.write(`${x.error}\n`)
          }
        }
      }
    },
    { maxStreams: f.maxStreams }
  )
  id = info.id
  for (const n of info.notes) io.stderr.write(`${n}\n`)
  const session = svc.logs.session(id)!
  await session.whenDone()
  sources = session.sources
  svc.logs.close(id)
  return sources.some((s) => s.state === 'failed') ? 1 : 0
}

export const logsCommand: CliCommand = {
  name: 'logs',
  summary: 'Pod and workload logs like kubectl logs, several pods merged in time order',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        namespace: { type: 'string', short: 'n' },
        context: { type: 'string' },
        container: { type: 'string', short: 'c' },
        'all-containers': { type: 'boolean' },
        'all-pods': { type: 'boolean' },
        selector: { type: 'string', short: 'l' },
        follow: { type: 'boolean', short: 'f' },
        previous: { type: 'boolean', short: 'p' },
        since: { type: 'string' },
        'since-time': { type: 'string' },
        tail: { type: 'string' },
        timestamps: { type: 'boolean' },
        prefix: { type: 'boolean' },
        'limit-bytes': { type: 'string' },
        'max-log-requests': { type: 'string' },
        'ignore-errors': { type: 'boolean' },
        'pod-running-timeout': { type: 'string' }
      }
    })
    const selector = values.selector
    if (selector && positionals.length) throw new AppError({ code: 'input.invalid', message: verbatim('error: only one of a selector or a resource may be specified') })
    if (!selector && positionals.length === 0)
      throw new AppError({
        code: 'input.invalid',
        message: verbatim(`error: expected POD or TYPE/NAME is a required argument for the logs command\nSee 'kubedeck logs --help' for usage.`)
      })
    if (positionals.length > 2)
      throw new AppError({ code: 'input.invalid', message: verbatim(`error: expected at most two arguments (POD [CONTAINER]), got ${positionals.length}`) })
    if (values.since && values['since-time'])
      throw new AppError({ code: 'input.invalid', message: verbatim('error: at most one of `sinceTime` or `sinceSeconds` may be specified') })
    const container = values.container ?? positionals[1]
    if (container && values['all-containers']) throw new AppError({ code: 'input.invalid', message: verbatim('error: --container cannot be used with --all-containers') })
    const int = (v: string | undefined, flag: string) => {
      if (v === undefined) return undefined
      const n = Number(v)
      if (!Number.isInteger(n))
        throw new AppError({ code: 'input.invalid', message: verbatim(`error: invalid argument "${v}" for "${flag}" flag: strconv.ParseInt: parsing "${v}": invalid syntax`) })
      return n
    }
    let tail = int(values.tail, '--tail')
    // kubectl: with a selector and no --tail, the last 10 lines of each container.
    if (tail === undefined && selector) tail = 10
    const sinceTime = values['since-time']
    if (sinceTime && isNaN(Date.parse(sinceTime))) throw new AppError({ code: 'input.invalid', message: verbatim(`error: ${sinceTime} is not a valid time (RFC 3339)`) })
    const options: LogOptions = {
      follow: !!values.follow,
      previous: !!values.previous,
      ...(values.since ? { sinceSeconds: Math.max(1, Math.ceil(parseDuration(values.since))) } : {}),
      ...(sinceTime ? { sinceTime } : {}),
      ...(tail !== undefined && tail >= 0 ? { tailLines: tail } : {}),
      ...(values['limit-bytes'] ? { limitBytes: int(values['limit-bytes'], '--limit-bytes'), timestamps: !!values.timestamps } : {})
    }
    const svc = await cliServices(io, { uses: ['logs'] })
    try {
      const overview = await svc.kubeconfig.overview()
      const contextName = values.context ?? overview.contexts.find((c) => c.current)?.name
      if (!contextName)
        throw new AppError({
          code: 'kubeconfig.no-current-context',
          message: verbatim('error: current-context is not set'),
          hint: verbatim('Use --context or kubectl config use-context.')
        })
      const context = await resolveContext(svc, contextName)
      const namespace = values.namespace ?? overview.contexts.find((c) => c.file === context.file && c.name === context.name)?.namespace ?? 'default'
      const containers = values['all-containers'] ? ('all' as const) : container ? [container] : undefined
      let target: LogTarget
      if (selector) target = { kind: 'pods', context, namespace, selector, containers }
      else {
        const ref = positionals[0]
        if (values['all-pods'] && ref.includes('/')) target = { kind: 'pods', context, namespace, workload: ref, containers }
        else {
          // kubectl reads one pod of a workload: the one its ByLogging order puts first.
          const pick = await svc.logs.kubectlChoice(context, namespace, ref)
          if (container && !pick.containers.includes(container))
            throw new AppError({ code: 'logs.no-container', message: verbatim(`container ${container} is not valid for pod ${pick.pod}`) })
          if (pick.of > 1) io.stderr.write(`Found ${pick.of} pods, using pod/${pick.pod}\n`)
          if (!containers && pick.defaultedNote) io.stderr.write(`${pick.defaultedNote}\n`)
          target = { kind: 'pods', context, namespace, pods: [pick.pod], containers }
        }
      }
      const max = int(values['max-log-requests'], '--max-log-requests')
      return await stream(io, svc, target, options, { timestamps: !!values.timestamps, prefix: !!values.prefix, maxStreams: max ?? 20 })
    } finally {
      await svc.close()
    }
  }
}

export const nodeLogsCommand: CliCommand = {
  name: 'node-logs',
  summary: "A host's journal (kubelet, containerd, etcd, kube-*) or log files, over SSH",
  usage: nodeUsage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        unit: { type: 'string', short: 'u', multiple: true },
        file: { type: 'string' },
        pod: { type: 'string' },
        container: { type: 'string', short: 'c' },
        lines: { type: 'string', short: 'n' },
        follow: { type: 'boolean', short: 'f' },
        since: { type: 'string' },
        F: { type: 'string', short: 'F' },
        context: { type: 'string' }
      }
    })
    const chosen = [values.unit?.length, values.file, values.pod].filter(Boolean).length
    if (positionals.length !== 1 || chosen !== 1) {
      io.stderr.write(`kubedeck node-logs: name one HOST and one of -u UNIT, --file PATH or --pod NS/NAME\n\n${nodeUsage}\n`)
      return 2
    }
    const lines = values.lines === undefined ? undefined : Number(values.lines)
    if (lines !== undefined && !(Number.isInteger(lines) && lines >= 0))
      throw new AppError({ code: 'input.invalid', message: verbatim(`-n takes a number of lines, got "${values.lines}".`) })
    let source: Extract<LogTarget, { kind: 'node' }>['source']
    if (values.unit?.length) source = { units: values.unit }
    else if (values.file) source = { file: values.file }
    else {
      const [namespace, name, ...more] = values.pod!.split('/')
      if (!namespace || !name || more.length) throw new AppError({ code: 'input.invalid', message: verbatim(`--pod takes NAMESPACE/NAME, got "${values.pod}".`) })
      source = { pod: { namespace, name, container: values.container } }
    }
    const svc = await cliServices(io, { uses: ['logs'], sshConfigFile: values.F })
    try {
      const context = values.context ? await resolveContext(svc, values.context) : undefined
      const target: LogTarget = { kind: 'node', context, host: { host: positionals[0] }, label: positionals[0], source }
      return await stream(
        io,
        svc,
        target,
        { follow: !!values.follow, tailLines: lines, ...(values.since ? { sinceTime: values.since } : {}) },
        { timestamps: false, prefix: false }
      )
    } finally {
      await svc.close()
    }
  }
}
