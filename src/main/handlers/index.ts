// The contract mapped onto the services: one file per domain, joined here. This is the only
// code that knows CallContext, windows and sockets; services see their own small interfaces.
import type { CallContext, Handlers } from '../dispatch'
import type { Services } from '../composition'
import { appHandlers } from './app'
import { askerOf } from './callers'
import { certsHandlers } from './certs'
import { clusterHandlers } from './cluster'
import { doctorHandlers } from './doctor'
import { etcdHandlers } from './etcd'
import { logsHandlers } from './logs'
import { kubeconfigHandlers } from './kubeconfig'
import { operationsHandlers } from './operations'
import { sshHandlers } from './ssh'
import { terminalsHandlers } from './terminals'

export function createHandlers(s: Services): Handlers {
  // The app (a window or web mode) uses every domain: building the handlers builds the services.
  const asker = (ctx: CallContext) => askerOf(s.sshPrompts, ctx)
  return {
    ...appHandlers({ info: s.info, preferences: s.preferences, desktop: s.desktop, kubeconfig: () => s.kubeconfig }),
    ...kubeconfigHandlers(s.kubeconfig),
    ...sshHandlers({ ssh: s.ssh, inventory: s.hostInventory, prompts: s.sshPrompts }),
    ...terminalsHandlers(s.terminals, s.sshPrompts),
    ...operationsHandlers(s.operations, asker),
    ...etcdHandlers(s.etcd, asker),
    ...certsHandlers(s.certs, asker),
    ...logsHandlers(s.logs, asker),
    ...clusterHandlers(() => s.cluster),
    ...doctorHandlers(() => s.doctor)
  }
}
