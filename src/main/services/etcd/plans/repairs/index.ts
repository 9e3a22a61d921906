// Repairs from the seed notes, as small plans with undos: a WAL 0.tmp that is a directory
// (wal-tmp-dir.ts) and a member that "has already been bootstrapped" (rejoin.ts).
import type { Plan } from '../../../../../shared/model/operations'
import type { SshHostTarget } from '../../../ssh'
import { repairContext, type RepairPlanInput } from './context'
import { rejoinPlan } from './rejoin'
import { walTmpDirPlan } from './wal-tmp-dir'

export type { RepairPlanInput } from './context'

export function buildRepairPlan(input: RepairPlanInput): Plan<SshHostTarget> {
  const c = repairContext(input)
  return input.kind === 'wal-tmp-dir' ? walTmpDirPlan(c) : rejoinPlan(c)
}
