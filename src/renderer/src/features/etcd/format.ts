// Numbers as an admin reads them in the etcd views.
export function formatBytes(n: number | undefined, locale = 'en'): string {
  if (n === undefined || !Number.isFinite(n)) return '—'
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = n
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v.toLocaleString(locale, { maximumFractionDigits: i === 0 ? 0 : v < 10 ? 1 : 0 })} ${units[i]}`
}

/** First 12 hex digits: enough to tell snapshots apart, the full value is in the title. */
export const shortSha = (sha: string) => sha.slice(0, 12)
