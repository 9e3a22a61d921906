// Test kit: hosts as the certificate probe read them on the lab (kubeadm-1's control plane and
// worker, binary-3's first two hosts; recorded in the service's testdata), ready for the plan
// builders, chains resolved as the service resolves them before planning.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { DEFAULT_THRESHOLDS } from '../../src/main/services/certs/entries'
import { hostCerts } from '../../src/main/services/certs/host-certs'
import { buildInventory } from '../../src/main/services/certs/inventory'
import type { PlanningHost, PlanningInput } from '../../src/main/services/certs/plans'

/** The recordings were made the day the lab came up: judged as of then. */
export const RECORDED = Date.parse('2026-12-07T00:00:00Z')
const testdata = (name: string) => readFileSync(fileURLToPath(new URL(`../../src/main/services/certs/testdata/${name}.txt`, import.meta.url)), 'utf8')

export function certPlanning(layout: 'kubeadm' | 'binary', context = { file: '/home/u/.kube/config', name: 'prod' }): PlanningInput {
  const hosts: PlanningHost[] = ['node-1', 'node-2'].map((id, i) => {
    const certs = hostCerts(id, testdata(`${layout}-${id}`), RECORDED)
    return { host: { id, nodeName: id, layout: certs.layout, roles: [], reachable: true }, ssh: { host: id }, address: `198.18.0.${74 + i}`, root: true, certs }
  })
  buildInventory({ context, thresholds: DEFAULT_THRESHOLDS, hosts, local: [], csrs: [], notes: [], now: RECORDED })
  return { context, hosts, stamp: '20261206T022000Z' }
}
