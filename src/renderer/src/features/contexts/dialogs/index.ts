export { ContextDialogs } from './ContextDialogs'
