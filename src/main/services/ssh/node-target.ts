// How a node the API lists is reached over SSH when the user has not mapped it: by its name when
// the ssh config has a Host of that name (the user's own settings apply), else by its InternalIP.
import { join } from 'node:path'
import type { SshTarget } from '../../../shared/model/ssh'
import { listConfigHosts } from './config'
import { sshEnvironment } from './settings'

export function defaultNodeTarget(node: { name: string; internalIP?: string }, configFile: string | undefined, env: NodeJS.ProcessEnv): SshTarget {
  const home = sshEnvironment(env).home
  const aliases = listConfigHosts(configFile ?? join(home, '.ssh', 'config'), home, !configFile).map((h) => h.alias)
  return { host: aliases.includes(node.name) || !node.internalIP ? node.name : node.internalIP }
}
