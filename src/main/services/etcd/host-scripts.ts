// Shell snippets more than one part of the etcd domain runs on a host.
import { sh } from '../shell'

/** Defines is_mountpoint DIR: a bind mount or its own disk cannot be renamed, only emptied. */
export const IS_MOUNTPOINT = sh`is_mountpoint() { awk -v d="$1" '$5 == d { found = 1 } END { exit !found }' /proc/self/mountinfo; }`
