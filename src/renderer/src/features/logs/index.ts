// Log viewers: pods, workloads and selectors through the API, nodes' journals and files over
// SSH, in tabs; a virtualised viewer with search, filters, hints and saving.
import './logs.css'

export { LogsPage } from './LogsPage'
export { NodeLogsAction } from './NodeLogsAction'
export { createLogsSlice, type LogsSlice } from './logs-slice'
export { logsStrings } from './strings'
