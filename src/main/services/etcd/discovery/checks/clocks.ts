// Clocks: etcd's peer prober warns at one second of difference between members.
import type { EtcdHost, EtcdMember } from '../../../../../shared/model/etcd'
import type { TopologyCheck } from './types'

const MAX_CLOCK_SKEW_MS = 1000

export const clocks: TopologyCheck = {
  id: 'clocks',
  title: "The member hosts' clocks agree within one second",
  run: ({ t, hostOf }) => {
    const out: ReturnType<TopologyCheck['run']> = []
    const clocks = t.members.map((m) => ({ m, h: hostOf(m.host) })).filter((x): x is { m: EtcdMember; h: EtcdHost & { clock: NonNullable<EtcdHost['clock']> } } => !!x.h?.clock)
    if (clocks.length > 1) {
      const sorted = [...clocks].sort((a, b) => a.h.clock.offsetMs - b.h.clock.offsetMs)
      const lo = sorted[0]
      const hi = sorted[sorted.length - 1]
      const skew = hi.h.clock.offsetMs - lo.h.clock.offsetMs
      const slack = hi.h.clock.uncertaintyMs + lo.h.clock.uncertaintyMs
      if (skew - slack > MAX_CLOCK_SKEW_MS) {
        out.push({
          code: 'clock-skew',
          severity: 'warning',
          title: `Clocks of ${hi.h.id} and ${lo.h.id} differ by ${(skew / 1000).toFixed(1)} s`,
          explanation: `etcd members compare clocks and warn above one second; large differences break lease expiry and leader election. Sync time on every member (chrony or systemd-timesyncd; the seed notes' \`ntpdate\` works once), then check again.`,
          values: Object.fromEntries(clocks.map((x) => [x.h.id, `${x.h.clock.offsetMs >= 0 ? '+' : ''}${x.h.clock.offsetMs} ms`])),
          blocksRestore: false
        })
      }
    }
    return out
  }
}
