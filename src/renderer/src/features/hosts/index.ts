// The hosts feature: the Nodes page (a cluster's nodes and SSH hosts with their targets,
// editable), and the dialogs for what SSH asks a person (host keys, passphrases, passwords,
// keyboard-interactive, sudo). Other features add per-host buttons through hostActions.
import './hosts.css'

export { NodesPage } from './NodesPage'
export { SshPrompts } from './SshPrompts'
export { hostActions, type HostActionProps } from './host-actions'
export { createHostsSlice, type HostsSlice, type HostDialog } from './hosts-slice'
export { hostsStrings } from './strings'
