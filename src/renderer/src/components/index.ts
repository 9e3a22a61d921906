// Generic building blocks of the renderer (no feature knowledge): dialogs, errors, lists.
export { Dialog } from './Dialog'
export { ErrorMessage, useErrorWords } from './ErrorMessage'
export { Highlight } from './Highlight'
export { HostListForm } from './HostListForm'
export { Tooltip } from './Tooltip'
export { VirtualList } from './VirtualList'
