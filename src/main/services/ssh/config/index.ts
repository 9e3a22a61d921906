// ssh_config resolution with OpenSSH's semantics, and `ssh -G`'s output for the options
// Kubedeck models.
export { resolveSshOptions } from './resolve'
export { formatSshG } from './format'
export { parseUserHostPort } from './values'
export { SshConfigError, type ResolveEnvironment, type ResolveRequest, type SshOptions, type IdentityFileEntry, type ProxyJumpSpec } from './options'
export { configNamesHost, listConfigHosts, type ConfigHostEntry } from './hosts'
export { percentDollarExpand, percentExpand, tildeExpand } from './expand'
export { matchHostname } from './patterns'
export { printedKeywords } from './keywords'
