// The log viewers' door: sessions over pods and workloads (API) and hosts (SSH).
export { LogsService, type LogsServiceDeps, type OpenOptions } from './logs-service'
export type { LogSink } from './log-session'
export { parseWorkload, byLogging, containersOf } from './pods'
export { LogRequestError } from './api-log'
