// Verify and clean up: /readyz through the context's own API server, then Kubedeck's uploaded
// copy of the snapshot removed from every member host (the old data stays aside).
import type { PlanStep } from '../../../../../shared/model/operations'
import { sh } from '../../../shell'
import { etcdSteps } from '../../steps'
import { onHost } from '../../../host-components'
import { say, stepWords } from '../../../../../shared/plan-messages'
import type { RestoreContext } from './context'

export function verifySteps(c: RestoreContext): PlanStep[] {
  const { t } = c
  return [
    {
      id: 'verify-readyz',
      api: 'up',
      expectedMs: 1500,
      ...stepWords(say('restore.verifyReadyz.title'), say('restore.verifyReadyz.description', { server: t.server, context: t.context.name })),
      host: '',
      preflight: false,
      destructive: false,
      actions: [
        etcdSteps.readyz.action(
          { context: t.context, timeoutMs: 240_000 },
          { display: [`${sh`kubectl --context ${t.context.name} get --raw '/readyz?verbose'`}    # repeated until ok (up to 4 minutes)`] }
        )
      ]
    },
    ...c.memberHosts.map((id): PlanStep => ({
      id: `cleanup:${id}`,
      ...stepWords(say('restore.cleanup.title', { host: c.label(id) }), say('restore.cleanup.description', { file: c.remoteSnapshot })),
      host: id,
      preflight: false,
      destructive: false,
      actions: [onHost(id, sh`rm -f ${c.remoteSnapshot} && rmdir ${c.remoteDir} 2>/dev/null || true`)]
    }))
  ]
}
