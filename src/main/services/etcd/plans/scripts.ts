// The shell the etcd plans run on a member's data dir. Each script is written to be run again safely:
// after a dropped connection nobody knows whether the last command finished, so a resumed step
// (or an undo) first looks at what is on disk and only does what is still to do. Every value
// goes in through the shell builder (services/shell): quoted, or refused before a plan exists.
import { script, sh, type ShellCommand } from '../../shell'
import { snapshotTool } from '../etcdctl'
import { IS_MOUNTPOINT } from '../host-scripts'
import type { RestoreTool } from '../members'

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
export function moveAsideScript(p: DataDirPaths): ShellCommand {
  return script(
    sh`set -eu`,
    IS_MOUNTPOINT,
    sh`D=${p.dir}; A=${p.aside}`,
    sh`if [ -e "$A" ]; then echo "already moved aside: $A"`,
    sh`elif [ ! -e "$D" ]; then echo "$D does not exist: nothing to keep"; mkdir -p -- "$A"`,
    sh`elif is_mountpoint "$D"; then mkdir -p -- "$A"; chown --reference="$D" -- "$A"; chmod --reference="$D" -- "$A"; find "$D" -mindepth 1 -maxdepth 1 -exec mv -t "$A" -- {} +`,
    sh`else mv -- "$D" "$A"; fi`,
    sh`test -d "$A" && ls -la -- "$A"`
  )
}

/** Puts the old data back (after undoRestoreScript took the restored data away). */
export function undoMoveAsideScript(p: DataDirPaths): ShellCommand {
  return script(
    sh`set -eu`,
    IS_MOUNTPOINT,
    sh`D=${p.dir}; A=${p.aside}`,
    sh`if [ ! -e "$A" ]; then echo "nothing aside at $A"; exit 0; fi`,
    sh`if [ -z "$(ls -A -- "$A")" ]; then rmdir -- "$A"; echo "nothing had been moved"; exit 0; fi`,
    sh`if [ -e "$D" ] && is_mountpoint "$D"; then`,
    sh`  if [ -n "$(ls -A -- "$D")" ]; then echo "$D is not empty: refusing to mix $A into it" >&2; exit 1; fi`,
    sh`  find "$A" -mindepth 1 -maxdepth 1 -exec mv -t "$D" -- {} + && rmdir -- "$A"`,
    sh`elif [ -d "$D" ] && [ -z "$(ls -A -- "$D")" ]; then rmdir -- "$D" && mv -- "$A" "$D"`,
    sh`elif [ -e "$D" ]; then echo "$D exists and is not empty: refusing to move $A over it" >&2; exit 1`,
    sh`else mv -- "$A" "$D"; fi`,
    sh`ls -la -- "$D"`
  )
}

export interface RestoreCommand {
  tool: RestoreTool
  snapshot: string
  name: string
  initialCluster: string
  initialClusterToken: string
  peerUrls: string[]
  bumpRevision?: number
}

/** `etcdutl snapshot restore` into "$S" (a flag's value is the next word, whatever it starts with). */
export function restoreCommandLine(c: RestoreCommand): ShellCommand {
  return script(
    sh`${snapshotTool(c.tool)} snapshot restore ${c.snapshot} \\`,
    sh`  --name ${c.name} \\`,
    sh`  --initial-cluster ${c.initialCluster} \\`,
    sh`  --initial-cluster-token ${c.initialClusterToken} \\`,
    sh`  --initial-advertise-peer-urls ${c.peerUrls.join(',')} \\`,
    c.bumpRevision ? sh`  --data-dir "$S" \\` : sh`  --data-dir "$S"`,
    c.bumpRevision ? sh`  --bump-revision ${c.bumpRevision} --mark-compacted` : null
  )
}

/**
 * Restores into a staging folder beside the data dir, gives it the old dir's owner and mode,
 * then moves it into place. Run again, it sees a finished restore and stops, or discards its
 * own half-written staging folder (never anything else) and restores again.
 */
export function restoreScript(p: DataDirPaths, c: RestoreCommand): ShellCommand {
  return script(
    sh`set -eu`,
    sh`D=${p.dir}; A=${p.aside}; S=${p.staging}`,
    sh`if [ -d "$D/member" ]; then echo "already restored into $D"; exit 0; fi`,
    sh`rm -rf -- "$S"`,
    restoreCommandLine(c),
    sh`# keep the owner and mode of the old data dir`,
    sh`chown -R "$(stat -c %u:%g -- "$A")" -- "$S"`,
    sh`chmod "$(stat -c %a -- "$A")" -- "$S"`,
    sh`if [ -d "$D" ]; then mv -- "$S/member" "$D/member"; rmdir -- "$S"; else mv -- "$S" "$D"; fi`,
    sh`ls -la -- "$D" "$D/member"`
  )
}

/** Takes restored data away (kept as …kubedeck-restored-STAMP), only while the old data is safe aside. */
export function undoRestoreScript(p: DataDirPaths): ShellCommand {
  return script(
    sh`set -eu`,
    IS_MOUNTPOINT,
    sh`D=${p.dir}; A=${p.aside}; S=${p.staging}; R=${p.restored}`,
    sh`if [ -e "$S" ]; then mkdir -p -- "$R"; mv -- "$S" "$R/staging"; fi`,
    sh`if [ -e "$A" ] && [ -d "$D/member" ]; then`,
    sh`  if is_mountpoint "$D"; then mkdir -p -- "$R"; mv -- "$D/member" "$R/member"; else mkdir -p -- "$R"; mv -- "$D" "$R/data"; fi`,
    sh`fi`,
    sh`echo "restored data kept in $R"`
  )
}
