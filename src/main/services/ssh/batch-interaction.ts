// Nobody to ask, like `ssh -o BatchMode=yes`: work that runs with no window or terminal attached
// (a resumed operation whose window went away, a cron backup) declines unknown host keys and
// has no secrets to offer.
import type { SshInteraction } from './types'

export const nobodyToAsk: SshInteraction = {
  confirmHostKey: async () => 'reject',
  askSecret: async () => null,
  keyboardInteractive: async () => null
}
