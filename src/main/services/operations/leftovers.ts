// What a finished plan set aside on purpose (old etcd data, certificate backups), removed by a
// small plan of its own once the user is satisfied. Generic: the new plan runs in the same
// domain on the same hosts, and each removal is guarded (here, and again on the host) so that it
// only ever deletes a path Kubedeck named, whatever a journal says: absolute, and either its own
// name holds "kubedeck" (`/var/lib/etcd.kubedeck-aside-…`) or it sits in a folder named
// kubedeck (`/var/backups/kubedeck/kubernetes-…`).
import type { OperationDetail, Plan, PlanStep } from '../../../shared/model/operations'
import { described, planWords, say, stepWords } from '../../../shared/plan-messages'
import { AppError } from '../../../shared/errors'
import { sh } from '../shell'
import { t } from '../../../shared/error-messages'

/** True for the paths Kubedeck sets aside (see above). */
export function isKubedeckPath(path: string): boolean {
  const parts = path.split('/')
  const name = parts.at(-1) ?? ''
  return path.startsWith('/') && !parts.includes('..') && !parts.includes('.') && name !== '' && (name.includes('kubedeck') || parts.at(-2) === 'kubedeck')
}

export function leftoversPlan(done: OperationDetail): Plan {
  const leftovers = done.plan.leftovers ?? []
  const foreign = leftovers.filter((l) => !isKubedeckPath(l.path))
  if (foreign.length) {
    throw new AppError({
      code: 'operations.foreign-leftover',
      message: t`Refusing to remove ${foreign.map((l) => JSON.stringify(l.path)).join(', ')}: not a path Kubedeck set aside (the journal ${done.journal} names it).`,
      hint: t`Remove it by hand if you are sure; Kubedeck only deletes folders it named itself.`
    })
  }
  if (done.state !== 'succeeded' || leftovers.length === 0) {
    throw new AppError({
      code: 'operations.no-leftovers',
      message: leftovers.length
        ? t`Operation ${done.id} is ${done.state}: there is nothing to remove.`
        : t`Operation ${done.id} is ${done.state} and left nothing aside: there is nothing to remove.`,
      hint: done.state === 'succeeded' ? undefined : t`What a plan set aside is what a resume or rollback needs: finish or roll it back first.`
    })
  }
  // The source plan's title, in the reader's language too when it has a message.
  const source = done.plan.says?.title ? { text: done.title, msg: done.plan.says.title } : done.title
  const hosts = Object.fromEntries([...new Set(leftovers.map((l) => l.host))].map((h) => [h, done.plan.hosts[h]]))
  const steps: PlanStep[] = leftovers.map((l, i) => {
    const label = done.plan.hosts[l.host]?.label ?? l.host
    return {
      id: `remove:${l.host}:${i + 1}`,
      ...stepWords(
        say('leftovers.remove.title', { path: l.path, host: label }),
        say('leftovers.remove.description', { what: l.says ? { text: l.what, msg: l.says } : l.what, plan: source })
      ),
      host: l.host,
      preflight: false,
      destructive: true,
      irreversible: true,
      actions: [
        {
          kind: 'shell',
          host: l.host,
          root: true,
          // The same rule where it runs, on the quoted path's basename and its folder's name.
          command:
            sh`set -eu; p=${l.path}; b=$(basename -- "$p"); d=$(basename -- "$(dirname -- "$p")"); case "$b" in *kubedeck*) ;; *) [ "$d" = kubedeck ] || { echo "refusing to remove $p: not a path Kubedeck set aside" >&2; exit 1; } ;; esac; rm -rf -- "$p"`
              .text
        }
      ],
      check: {
        ...described(say('leftovers.remove.check', { path: l.path })),
        action: { kind: 'shell', host: l.host, root: true, command: sh`test ! -e ${l.path} && echo gone`.text },
        stdoutMatches: '^gone$'
      }
    }
  })
  return {
    domain: done.plan.domain,
    kind: `${done.plan.domain}.remove-leftovers`,
    ...planWords(
      say('leftovers.plan.title', { plan: source }),
      say('leftovers.plan.summary', { n: leftovers.length, id: done.id, paths: leftovers.map((l) => l.path).join(', ') }),
      [say('leftovers.warn.noRollback')]
    ),
    context: done.plan.context,
    confirmText: done.plan.confirmText,
    hosts,
    steps,
    params: { from: done.id },
    createdAt: new Date().toISOString()
  }
}
