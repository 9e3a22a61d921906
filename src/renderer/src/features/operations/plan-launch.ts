// How a wizard opens a plan it asked main to build: `planning` while main builds and journals
// it, then the operation loaded into the operations slice and its id handed to the wizard's
// state (or the error, in the wizard's own words from main).
import type { ErrorInfo } from '@shared/errors'
import { errorInfoOf } from '../../api'

export interface PlanLaunchState {
  plan?: string
  planning?: boolean
  planError?: ErrorInfo
}

export async function launchPlan(loadOperation: (id: string) => Promise<void>, patch: (p: PlanLaunchState) => void, make: () => Promise<{ id: string }>): Promise<void> {
  patch({ planning: true, planError: undefined })
  try {
    const op = await make()
    await loadOperation(op.id)
    patch({ plan: op.id, planning: false })
  } catch (e) {
    patch({ planError: errorInfoOf(e), planning: false })
  }
}
