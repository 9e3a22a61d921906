// The shell every etcd plan runs on its hosts. Each script is written to be run again safely:
// after a dropped connection nobody knows whether the last command finished, so a resumed step
// (or an undo) first looks at what is on disk and only does what is still to do.
import type { ComponentSource, EtcdHost } from '../../../../shared/model/etcd'
import type { PlanAction, PlanCheck } from '../../../../shared/model/operations'
import { q } from '../etcdctl'

export const sh = (host: string, command: string, timeoutMs?: number): PlanAction => ({ kind: 'shell', host, command, root: true, timeoutMs })

/** Where a stopped static pod's manifest waits: beside the manifests folder, where kubelet does not look. */
export const manifestAsideDir = (manifestsDir: string, stamp: string) => `${manifestsDir.replace(/\/+$/, '')}.kubedeck-${stamp}`

const basename = (p: string) => p.slice(p.lastIndexOf('/') + 1)

/** Stops a component: moves its manifest out of kubelet's folder, or `systemctl stop`. */
export function stopScript(src: ComponentSource, stamp: string): string {
  if (src.kind === 'static-pod') {
    const aside = manifestAsideDir(src.manifestsDir, stamp)
    const parked = `${aside}/${basename(src.manifest)}`
    return [
      'set -eu',
      `mkdir -p ${q(aside)}`,
      `if [ -e ${q(src.manifest)} ]; then mv ${q(src.manifest)} ${q(parked)}; fi`,
      `test -e ${q(parked)}`
    ].join('\n')
  }
  return `systemctl stop ${q(src.unit)}`
}

/**
 * Starts a component again: the manifest back into kubelet's folder, or `systemctl start
 * --no-block` (an etcd unit of Type=notify would otherwise block until the member has quorum,
 * which needs the next member started too).
 */
export function startScript(src: ComponentSource, stamp: string): string {
  if (src.kind === 'static-pod') {
    const parked = `${manifestAsideDir(src.manifestsDir, stamp)}/${basename(src.manifest)}`
    return [
      'set -eu',
      `if [ -e ${q(parked)} ] && [ ! -e ${q(src.manifest)} ]; then mv ${q(parked)} ${q(src.manifest)}; fi`,
      `test -e ${q(src.manifest)}`
    ].join('\n')
  }
  return `systemctl start --no-block ${q(src.unit)}`
}

/** A shell test that passes when nothing listens on any of `ports` (ss), or no such process runs (pgrep). */
function listening(host: EtcdHost | undefined, ports: number[], processName: string): string {
  if (host?.tools.ss !== false) return `ss -Hltn | awk '{print $4}' | grep -Eq '[:.](${ports.join('|')})$'`
  return `pgrep -x ${q(processName.slice(0, 15))} >/dev/null`
}

export function stoppedCheck(hostId: string, host: EtcdHost | undefined, what: string, ports: number[], processName: string): PlanCheck {
  return {
    description: `${what} has stopped (nothing listens on ${ports.map((p) => `:${p}`).join(', ')})`,
    action: sh(hostId, `if ${listening(host, ports, processName)}; then echo "still running"; exit 1; fi; echo stopped`),
    stdoutMatches: '^stopped$',
    retry: { timeoutMs: 120_000, intervalMs: 1000 }
  }
}

export function runningCheck(hostId: string, host: EtcdHost | undefined, what: string, ports: number[], processName: string, timeoutMs = 180_000): PlanCheck {
  return {
    description: `${what} is running (listening on ${ports.map((p) => `:${p}`).join(', ')})`,
    action: sh(hostId, `if ${listening(host, ports, processName)}; then echo running; else echo "not yet"; exit 1; fi`),
    stdoutMatches: '^running$',
    retry: { timeoutMs, intervalMs: 1000 }
  }
}

/** Prelude for scripts acting on a data dir that may be a mount point (a bind mount or its own disk cannot be renamed). */
export const IS_MOUNTPOINT = `is_mountpoint() { awk -v d="$1" '$5 == d { found = 1 } END { exit !found }' /proc/self/mountinfo; }`

export interface DataDirPaths {
  /** The member's data dir on the host. */
  dir: string
  /** Where the old data goes (kept, never deleted). */
  aside: string
  /** Where the restore writes before it moves into place. */
  staging: string
  /** Where a rollback puts the restored data it takes away. */
  restored: string
}

export const dataDirPaths = (dir: string, stamp: string): DataDirPaths => {
  const d = dir.replace(/\/+$/, '')
  return { dir: d, aside: `${d}.kubedeck-aside-${stamp}`, staging: `${d}.kubedeck-restore-${stamp}`, restored: `${d}.kubedeck-restored-${stamp}` }
}

/** Moves the data dir aside (its contents, when it is a mount point). */
export function moveAsideScript(p: DataDirPaths): string {
  return [
    'set -eu',
    IS_MOUNTPOINT,
    `D=${q(p.dir)}; A=${q(p.aside)}`,
    'if [ -e "$A" ]; then echo "already moved aside: $A"',
    'elif [ ! -e "$D" ]; then echo "$D does not exist: nothing to keep"; mkdir -p "$A"',
    'elif is_mountpoint "$D"; then mkdir -p "$A"; chown --reference="$D" "$A"; chmod --reference="$D" "$A"; find "$D" -mindepth 1 -maxdepth 1 -exec mv -t "$A" {} +',
    'else mv "$D" "$A"; fi',
    'test -d "$A" && ls -la "$A"'
  ].join('\n')
}

/** Puts the old data back (after undoRestoreScript took the restored data away). */
export function undoMoveAsideScript(p: DataDirPaths): string {
  return [
    'set -eu',
    IS_MOUNTPOINT,
    `D=${q(p.dir)}; A=${q(p.aside)}`,
    'if [ ! -e "$A" ]; then echo "nothing aside at $A"; exit 0; fi',
    'if [ -z "$(ls -A "$A")" ]; then rmdir "$A"; echo "nothing had been moved"; exit 0; fi',
    'if [ -e "$D" ] && is_mountpoint "$D"; then',
    '  if [ -n "$(ls -A "$D")" ]; then echo "$D is not empty: refusing to mix $A into it" >&2; exit 1; fi',
    '  find "$A" -mindepth 1 -maxdepth 1 -exec mv -t "$D" {} + && rmdir "$A"',
    'elif [ -d "$D" ] && [ -z "$(ls -A "$D")" ]; then rmdir "$D" && mv "$A" "$D"',
    'elif [ -e "$D" ]; then echo "$D exists and is not empty: refusing to move $A over it" >&2; exit 1',
    'else mv "$A" "$D"; fi',
    'ls -la "$D"'
  ].join('\n')
}

export interface RestoreCommand {
  /** etcdutl, or etcdctl for 3.4 (with ETCDCTL_API=3). */
  tool: { path: string; kind: 'etcdutl' | 'etcdctl' }
  snapshot: string
  name: string
  initialCluster: string
  initialClusterToken: string
  peerUrls: string[]
  bumpRevision?: number
}

export function restoreCommandLine(c: RestoreCommand, dataDir: string): string {
  const exe = c.tool.kind === 'etcdctl' ? `ETCDCTL_API=3 ${q(c.tool.path)}` : q(c.tool.path)
  return [
    `${exe} snapshot restore ${q(c.snapshot)}`,
    `  --name ${q(c.name)}`,
    `  --initial-cluster ${q(c.initialCluster)}`,
    `  --initial-cluster-token ${q(c.initialClusterToken)}`,
    `  --initial-advertise-peer-urls ${q(c.peerUrls.join(','))}`,
    `  --data-dir "$S"`,
    ...(c.bumpRevision ? [`  --bump-revision ${c.bumpRevision} --mark-compacted`] : [])
  ].join(' \\\n')
}

/**
 * Restores into a staging folder beside the data dir, gives it the old dir's owner and mode,
 * then moves it into place. Run again, it sees a finished restore and stops, or discards its
 * own half-written staging folder (never anything else) and restores again.
 */
export function restoreScript(p: DataDirPaths, c: RestoreCommand): string {
  return [
    'set -eu',
    `D=${q(p.dir)}; A=${q(p.aside)}; S=${q(p.staging)}`,
    'if [ -d "$D/member" ]; then echo "already restored into $D"; exit 0; fi',
    'rm -rf "$S"',
    restoreCommandLine(c, p.staging),
    '# keep the owner and mode of the old data dir',
    'chown -R "$(stat -c %u:%g "$A")" "$S"',
    'chmod "$(stat -c %a "$A")" "$S"',
    'if [ -d "$D" ]; then mv "$S/member" "$D/member"; rmdir "$S"; else mv "$S" "$D"; fi',
    'ls -la "$D" "$D/member"'
  ].join('\n')
}

/** Takes restored data away (kept as …kubedeck-restored-STAMP), only while the old data is safe aside. */
export function undoRestoreScript(p: DataDirPaths): string {
  return [
    'set -eu',
    IS_MOUNTPOINT,
    `D=${q(p.dir)}; A=${q(p.aside)}; S=${q(p.staging)}; R=${q(p.restored)}`,
    'if [ -e "$S" ]; then mkdir -p "$R"; mv "$S" "$R/staging"; fi',
    'if [ -e "$A" ] && [ -d "$D/member" ]; then',
    '  if is_mountpoint "$D"; then mkdir -p "$R"; mv "$D/member" "$R/member"; else mkdir -p "$R"; mv "$D" "$R/data"; fi',
    'fi',
    'echo "restored data kept in $R"'
  ].join('\n')
}
