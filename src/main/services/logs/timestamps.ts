// RFC 3339 timestamps as the API and CRI files write them (`2026-12-06T02:00:00.123456789Z`,
// fraction optional, any length up to nanoseconds), compared exactly: a sortable key with the
// fraction padded to nine digits. JavaScript dates stop at milliseconds, which would reorder
// lines written in the same millisecond by two pods and repeat lines on a resumed follow.

/** A key that sorts as the instants do (UTC only, as Kubernetes writes them); '' for anything else. */
export function timeKey(t: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(t)
  if (!m) return ''
  return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}`
}

/** The instant to the second (for `sinceTime`, which the API reads at second precision). */
export const toSecond = (t: string) => (timeKey(t) ? `${t.slice(0, 19)}Z` : t)

/** Splits an API log line read with timestamps=true: `TIMESTAMP SP TEXT`. */
export function splitTimestamp(line: string): { t: string; text: string } {
  const sp = line.indexOf(' ')
  if (sp > 0 && timeKey(line.slice(0, sp))) return { t: line.slice(0, sp), text: line.slice(sp + 1) }
  return { t: '', text: line }
}
