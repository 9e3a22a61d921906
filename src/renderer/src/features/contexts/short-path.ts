/**
 * A long path shortened from the left at a folder boundary, keeping the file name and its
 * nearest folders (the part that tells files apart): "…/clusters/prod.yaml".
 */
export function shortPath(path: string, max = 36): string {
  if (path.length <= max) return path
  const sep = path.includes('/') ? '/' : '\\'
  const parts = path.split(sep)
  let out = parts[parts.length - 1]
  for (let i = parts.length - 2; i >= 0; i--) {
    const next = parts[i] + sep + out
    if (next.length + 2 > max) break
    out = next
  }
  return `…${sep}${out}`
}
