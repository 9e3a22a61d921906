// Verify and clean up: /readyz through the context's own API server, then Kubedeck's uploaded
// copy of the snapshot removed from every member host (the old data stays aside).
import type { PlanStep } from '../../../../../shared/model/operations'
import { sh } from '../../../shell'
import { etcdSteps } from '../../steps'
import { onHost } from '../../../host-components'
import type { RestoreContext } from './context'

export function verifySteps(c: RestoreContext): PlanStep[] {
  const { t } = c
  return [
    {
      id: 'verify-readyz',
      api: 'up',
      expectedMs: 5000,
      title: 'Verify the API server is ready',
      description: `Asks the cluster's API server (${t.server}) for /readyz through context ${t.context.name} until it answers ok.`,
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
      title: `Remove the uploaded snapshot from ${c.label(id)}`,
      description: `Deletes Kubedeck’s copy ${c.remoteSnapshot} (the snapshot stays in the local catalog; the old data stays aside).`,
      host: id,
      preflight: false,
      destructive: false,
      actions: [onHost(id, sh`rm -f ${c.remoteSnapshot} && rmdir ${c.remoteDir} 2>/dev/null || true`)]
    }))
  ]
}
