// SFTP transfers that hash the bytes as they pass, so a checked transfer reads the data once on
// this side. Many requests are in flight at once, as in OpenSSH's sftp and ssh2's fastGet/fastPut
// (one request per round trip would make a transfer latency-bound), but the bytes reach the
// hash in file order. Memory stays bounded: requests in flight plus chunks waiting for their
// turn or for the disk never exceed WINDOW chunks.
import { createHash } from 'node:crypto'
import { close, fstat, fsync, open, read, write } from 'node:fs'
import { rename } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { SFTPWrapper } from 'ssh2'
import type { TransferResult } from './types'

/** Bytes per request (OpenSSH's sftp-server serves up to 255 KiB; larger ones showed no gain). */
const CHUNK = 64 * 1024
/** Requests in flight: 2 MiB, ssh2's channel window, so the server always has data it may send. */
const WINDOW = 32
/** Local reads for an upload: fewer trips to the disk thread pool than one per request. */
const READ = 8 * CHUNK

export interface TransferOptions {
  onProgress?(done: number, total: number): void
  signal?: AbortSignal
  /** Thrown (rejected) when `signal` aborts. */
  cancelled(): Error
}

const fsOpen = (path: string, flags: string, mode: number) => new Promise<number>((res, rej) => open(path, flags, mode, (e, fd) => (e ? rej(e) : res(fd))))
const fsClose = (fd: number) => new Promise<void>((res) => close(fd, () => res()))
const fsSize = (fd: number) => new Promise<number>((res, rej) => fstat(fd, (e, st) => (e ? rej(e) : res(st.size))))
const fsSync = (fd: number) => new Promise<void>((res, rej) => fsync(fd, (e) => (e ? rej(e) : res())))
const sftpOpen = (sftp: SFTPWrapper, path: string, flags: 'r' | 'wx', mode?: number) =>
  new Promise<Buffer>((res, rej) => sftp.open(path, flags, mode === undefined ? {} : { mode }, (e, h) => (e ? rej(e) : res(h))))
const sftpClose = (sftp: SFTPWrapper, handle: Buffer) => new Promise<void>((res, rej) => sftp.close(handle, (e: Error | null | undefined) => (e ? rej(e) : res())))
const sftpSize = (sftp: SFTPWrapper, handle: Buffer) => new Promise<number>((res, rej) => sftp.fstat(handle, (e, st) => (e ? rej(e) : res(st.size))))

/**
 * What both directions share: one outcome, a cancel through the signal, and a failure that
 * settles only once none of our own I/O on the local file is queued (it is closed right after).
 */
class Flow {
  failure: Error | null = null
  /** Local reads or writes queued in the thread pool. */
  localIo = 0
  private readonly onAbort = () => this.fail(this.opts.cancelled())

  constructor(
    private readonly opts: TransferOptions,
    private readonly resolve: () => void,
    private readonly reject: (e: Error) => void
  ) {
    opts.signal?.addEventListener('abort', this.onAbort, { once: true })
  }

  fail(e: Error): void {
    if (this.failure) return
    this.failure = e
    this.opts.signal?.removeEventListener('abort', this.onAbort)
    this.settleFailure()
  }

  /** After local I/O ended: true when the transfer has failed (and the caller should stop). */
  localIoDone(e: Error | null): boolean {
    this.localIo--
    if (e) this.fail(e)
    this.settleFailure()
    return this.failure !== null
  }

  private settleFailure(): void {
    if (this.failure && this.localIo === 0) this.reject(this.failure)
  }

  succeed(): void {
    this.opts.signal?.removeEventListener('abort', this.onAbort)
    this.resolve()
  }
}

/**
 * Copies `remotePath` into a new local file `localPath` (created 0600, fsynced), returning the
 * sha256 of the bytes as they arrived. The file's size is taken when it is opened: a file that
 * shrinks meanwhile fails here, one that grows or changes fails the caller's sha256 comparison.
 */
export async function sftpDownload(sftp: SFTPWrapper, remotePath: string, localPath: string, opts: TransferOptions): Promise<TransferResult> {
  const handle = await sftpOpen(sftp, remotePath, 'r')
  let fd: number | null = null
  try {
    const size = await sftpSize(sftp, handle)
    const file = (fd = await fsOpen(localPath, 'wx', 0o600))
    const hash = createHash('sha256')
    await new Promise<void>((resolve, reject) => {
      const flow = new Flow(opts, resolve, reject)
      let requested = 0
      let hashed = 0
      let inFlight = 0
      /** Chunks that arrived before the ones in front of them, by file offset. */
      const early = new Map<number, Buffer>()
      const request = (offset: number, length: number) => {
        inFlight++
        sftp.read(handle, Buffer.allocUnsafe(length), 0, length, offset, (e, got, data) => {
          inFlight--
          if (flow.failure) return
          if (e) return flow.fail(e)
          if (got === 0) return flow.fail(new Error(`${remotePath} ended at ${offset} bytes of ${size} (it shrank during the transfer)`))
          early.set(offset, got === length ? data : data.subarray(0, got))
          // A short read (the server may serve less than asked): ask for the rest.
          if (got < length) request(offset + got, length - got)
          drain()
        })
      }
      const drain = () => {
        for (let chunk = early.get(hashed); chunk; chunk = early.get(hashed)) {
          early.delete(hashed)
          hash.update(chunk)
          flow.localIo++
          write(file, chunk, 0, chunk.length, hashed, (e) => flow.localIoDone(e) || pump())
          hashed += chunk.length
          opts.onProgress?.(hashed, size)
        }
        pump()
      }
      const pump = () => {
        if (flow.failure) return
        while (requested < size && inFlight + early.size + flow.localIo < WINDOW) {
          const length = Math.min(CHUNK, size - requested)
          request(requested, length)
          requested += length
        }
        if (hashed === size && flow.localIo === 0) flow.succeed()
      }
      pump()
    })
    await fsSync(file)
    return { sha256: hash.digest('hex'), bytes: size }
  } finally {
    if (fd !== null) await fsClose(fd)
    await sftpClose(sftp, handle).catch(() => undefined)
  }
}

/**
 * Copies the local file into a new remote file `remotePath` (created 0600, never an existing
 * one), returning the sha256 of the bytes as they were read and sent.
 */
export async function sftpUpload(sftp: SFTPWrapper, localPath: string, remotePath: string, opts: TransferOptions): Promise<TransferResult> {
  const fd = await fsOpen(localPath, 'r', 0)
  let handle: Buffer | null = null
  try {
    const total = await fsSize(fd)
    const remote = (handle = await sftpOpen(sftp, remotePath, 'wx', 0o600))
    const hash = createHash('sha256')
    let bytes = 0
    await new Promise<void>((resolve, reject) => {
      const flow = new Flow(opts, resolve, reject)
      let sent = 0
      let inFlight = 0
      let eof = false
      // One local read at a time keeps the hash in file order; the writes overlap.
      const pump = () => {
        if (flow.failure) return
        if (eof && inFlight === 0) return flow.succeed()
        if (eof || flow.localIo > 0 || inFlight > WINDOW - READ / CHUNK) return
        flow.localIo++
        const buf = Buffer.allocUnsafe(READ)
        read(fd, buf, 0, READ, bytes, (e, n) => {
          if (flow.localIoDone(e)) return
          if (n === 0) {
            eof = true
            return pump()
          }
          hash.update(buf.subarray(0, n))
          for (let at = 0; at < n; at += CHUNK) {
            const length = Math.min(CHUNK, n - at)
            inFlight++
            sftp.write(remote, buf, at, length, bytes + at, (err: Error | null | undefined) => {
              inFlight--
              if (flow.failure) return
              if (err) return flow.fail(err)
              sent += length
              opts.onProgress?.(sent, total)
              pump()
            })
          }
          bytes += n
          pump()
        })
      }
      pump()
    })
    // The server reports a failed write-back (a full disk) when the handle closes.
    handle = null
    await sftpClose(sftp, remote)
    return { sha256: hash.digest('hex'), bytes }
  } finally {
    if (handle) await sftpClose(sftp, handle).catch(() => undefined)
    await fsClose(fd)
  }
}

/** Moves a checked download into place, durably (the data was fsynced; this makes the rename so). */
export async function renameIntoPlace(tmp: string, target: string): Promise<void> {
  await rename(tmp, target)
  // Best effort: not every platform can open a folder.
  const dir = await fsOpen(dirname(target), 'r', 0).catch(() => null)
  if (dir === null) return
  await fsSync(dir).catch(() => undefined)
  await fsClose(dir)
}
