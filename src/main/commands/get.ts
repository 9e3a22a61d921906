// `kubedeck get KIND [NAME…] --context C [-n NS | -A] [-l SELECTOR] [-o json]`: a kind's rows as
// kubectl get prints them (the API server's own columns, AGE counted now), read the way the
// window lists them (paged). -o json gives the rows, not the objects.
import { parseArgs } from 'node:util'
import { AppError } from '../../shared/errors'
import { verbatim } from '../../shared/error-messages'
import { cellText, viewSelector } from '../../shared/cluster-cells'
import { selects } from '../../shared/label-selector'
import { cliServices, requireContext, resolveContext } from './cli-services'
import type { CliCommand } from './types'

const usage = `Usage:
  kubedeck get KIND [NAME…] --context C [-n NAMESPACE | -A] [-l SELECTOR] [-o json]

KIND as kubectl names it (pods, deploy, svc, pvc, crd, a custom resource's plural.group, …).
Without -n or -A, the context's namespace (else default). -l takes kubectl's selector forms
(app=web, tier!=db, env in (a,b), release, !release).`

/** kubectl's tabwriter: columns padded to their widest cell, three spaces apart, the last one not padded. */
export function tableText(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => r[i]?.length ?? 0))) ?? []
  return rows.map((r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i] + 3))).join('')).join('\n') + '\n'
}

export const getCommand: CliCommand = {
  name: 'get',
  summary: 'List a kind as kubectl get prints it (paged, the server’s columns)',
  usage,
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        context: { type: 'string' },
        namespace: { type: 'string', short: 'n' },
        'all-namespaces': { type: 'boolean', short: 'A' },
        selector: { type: 'string', short: 'l' },
        output: { type: 'string', short: 'o' }
      }
    })
    if (!positionals.length || (values.output && values.output !== 'json')) {
      io.stderr.write(`kubedeck get: name a KIND${values.output ? '; -o takes json' : ''}\n\n${usage}\n`)
      return 2
    }
    const [kindName, ...names] = positionals
    const selector = viewSelector({ selector: values.selector ?? '' })
    if ('error' in selector)
      throw new AppError({ code: 'input.invalid', message: verbatim(`${selector.error} (in -l ${values.selector})`), hint: verbatim('For example: -l app=web,tier!=db') })
    const svc = await cliServices(io, { uses: ['cluster'] })
    try {
      const context = await resolveContext(svc, requireContext('kubedeck get', values.context))
      const all = values['all-namespaces'] === true
      const namespace = all
        ? undefined
        : (values.namespace ?? ((await svc.kubeconfig.overview()).contexts.find((c) => c.file === context.file && c.name === context.name)?.namespace || 'default'))
      const list = await svc.cluster.get(context, kindName, namespace)
      // In the server's order, as kubectl prints it (the window sorts; the CLI is compared with kubectl).
      let rows = list.rows.filter((r) => selects(selector, r.labels))
      if (names.length) {
        const missing = names.filter((n) => !rows.some((r) => r.name === n))
        rows = rows.filter((r) => names.includes(r.name))
        for (const n of missing) io.stderr.write(`Error from server (NotFound): ${list.kind.id} "${n}" not found\n`)
        if (missing.length && !rows.length) return 1
      }
      if (values.output === 'json') {
        io.stdout.write(`${JSON.stringify({ kind: list.kind.id, columns: list.columns, rows }, null, 2)}\n`)
        return 0
      }
      if (!rows.length) {
        io.stderr.write(list.kind.namespaced && namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n')
        return 0
      }
      const now = Date.now()
      const withNs = all && list.kind.namespaced
      const head = [...(withNs ? ['NAMESPACE'] : []), ...list.columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase())]
      const shown = list.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.priority === 0)
      io.stdout.write(tableText([head, ...rows.map((r) => [...(withNs ? [r.namespace] : []), ...shown.map(({ c, i }) => cellText(c, r, i, now))])]))
      return 0
    } finally {
      await svc.close()
    }
  }
}
