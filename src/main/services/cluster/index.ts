// Cluster views and day-2 actions over the API server of a context.
export { ClusterService, DEFAULT_DRAIN_TIMEOUT_MS, type ClusterServiceDeps } from './cluster-service'
export { clusterOperationDomain, type ClusterDomainDeps } from './builtins'
export { buildDrainPlan, buildSchedulePlan } from './plans'
export { selectPods, problemText, warningText, type DrainPod, type DrainSelection } from './drain'
export { selects, selectorText, type LabelSelector } from './selectors'
export { buildUnstickPlan, apiServiceGroupVersion } from './unstick'
export type { NamespaceDiagnosis, HeldObject, BrokenApiService } from './namespace'
