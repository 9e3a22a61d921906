// Operations in the renderer: the reusable plan view every wizard shows its plans in, and the
// slice that follows `operations.progress`.
import './operations.css'

export { PlanView } from './PlanView'
export { OperationsList, type HistoryEntry } from './OperationsList'
export { OperationsPage } from './OperationsPage'
export { createOperationsSlice, type OperationsSlice } from './operations-slice'
export { operationsStrings } from './strings'
export { launchPlan, type PlanLaunchState } from './plan-launch'
