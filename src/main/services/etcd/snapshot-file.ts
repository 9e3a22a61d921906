// A snapshot file as `etcdctl snapshot save` writes it: the bbolt database (a whole number of
// 512-byte units) followed by the SHA-256 of that database (32 bytes). `snapshot status` and
// even `snapshot restore` accept many truncated files (a cut at the wrong place just looks like
// "no checksum"), so Kubedeck checks the trailer itself before a snapshot is trusted.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'

const TRAILER = 32

export interface SnapshotFileFacts {
  bytes: number
  /** SHA-256 of the whole file (what sha256sum prints). */
  sha256: string
  /** The file ends with a checksum of the rest (size is 512·n + 32) and the checksum matches. */
  trailer: 'ok' | 'missing' | 'mismatch'
}

export async function inspectSnapshotFile(file: string, signal?: AbortSignal): Promise<SnapshotFileFacts> {
  const st = await stat(file).catch((e: NodeJS.ErrnoException) => {
    throw new AppError({
      code: 'etcd.snapshot-missing',
      message: t`The snapshot ${file} cannot be read: ${e.code === 'ENOENT' ? 'no such file' : e.message}.`,
      file
    })
  })
  const whole = createHash('sha256')
  const body = createHash('sha256')
  // Everything but the last 32 bytes goes into `body`; hold back a tail until the end.
  let held = Buffer.alloc(0)
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20, signal })) {
    const buf = chunk as Buffer
    whole.update(buf)
    const joined = held.length ? Buffer.concat([held, buf]) : buf
    if (joined.length > TRAILER) {
      body.update(joined.subarray(0, joined.length - TRAILER))
      held = Buffer.from(joined.subarray(joined.length - TRAILER))
    } else {
      held = Buffer.from(joined)
    }
  }
  const hasTrailer = st.size > TRAILER && st.size % 512 === TRAILER
  return {
    bytes: st.size,
    sha256: whole.digest('hex'),
    trailer: !hasTrailer ? 'missing' : body.digest().equals(held) ? 'ok' : 'mismatch'
  }
}

/** Throws an AppError saying what is wrong with the file, or returns its facts. */
export async function verifySnapshotFile(file: string, expectedSha256?: string, signal?: AbortSignal): Promise<SnapshotFileFacts> {
  const f = await inspectSnapshotFile(file, signal)
  if (f.trailer === 'missing') {
    throw new AppError({
      code: 'etcd.snapshot-truncated',
      message: t`The snapshot ${file} is ${f.bytes} bytes: a file from \`etcdctl snapshot save\` is a multiple of 512 bytes plus its 32-byte checksum, so this one is truncated (or is a raw member/snap/db copy).`,
      file,
      hint: t`Use a complete snapshot (check the size against the original) or take a new backup.`
    })
  }
  if (f.trailer === 'mismatch') {
    throw new AppError({
      code: 'etcd.snapshot-corrupt',
      message: t`The snapshot ${file} does not match its own SHA-256 checksum: the data was damaged or cut after it was saved.`,
      file,
      hint: t`Use another snapshot from the catalog or take a new backup.`
    })
  }
  if (expectedSha256 && f.sha256 !== expectedSha256) {
    throw new AppError({
      code: 'etcd.snapshot-changed',
      message: t`The snapshot ${file} has SHA-256 ${f.sha256}, but the catalog recorded ${expectedSha256} when it was taken.`,
      file,
      hint: t`The file changed since the backup; use another snapshot.`
    })
  }
  return f
}
