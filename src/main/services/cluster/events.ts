// Core v1 Events as the window shows them: newest first, a series' count and last time (an
// event that repeats is one object whose count grows), whichever time field the emitter set.
import type { EventLine } from '../../../shared/model/cluster'

export interface ApiEvent {
  metadata?: { namespace?: string }
  involvedObject?: { kind?: string; name?: string }
  type?: string
  reason?: string
  message?: string
  count?: number
  lastTimestamp?: string
  eventTime?: string
  series?: { count?: number; lastObservedTime?: string }
}

export function eventLines(events: ApiEvent[]): EventLine[] {
  return events
    .map((e) => ({
      namespace: e.metadata?.namespace ?? '',
      object: `${(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`,
      type: e.type ?? '',
      reason: e.reason ?? '',
      message: e.message ?? '',
      count: e.series?.count ?? e.count ?? 1,
      last: e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? ''
    }))
    .sort((a, b) => b.last.localeCompare(a.last))
}
