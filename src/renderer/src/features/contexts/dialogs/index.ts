export { ContextDialogs } from './ContextDialogs'
export { suggestedExportPath } from './ExportDialog'
