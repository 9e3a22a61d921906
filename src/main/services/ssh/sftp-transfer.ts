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
 * Copies `remotePath` into a new local file `localPath` (created 0600, fsynced), returning the
 * sha256 of the bytes as they arrived. The file's size is taken when it is opened: a file that
 * shrinks meanwhile fails here, one that grows or changes fails the caller's sha256 comparison.
 */
export async function sftpDownload(sftp: SFTPWrapper, remotePath: string, localPath: string, opts: TransferOptions): Promise<TransferResult> {
  const handle = await sftpOpen(sftp, remotePath, 'r')
  let fd: number | null = null
  try {
    const size = await sftpSize(sftp, handle)
    fd = await fsOpen(localPath, 'wx', 0o600)
    const hash = createHash('sha256')
    await new Promise<void>((resolve, reject) => {
      let requested = 0
      let hashed = 0
      let inFlight = 0
      let writing = 0
      let failure: Error | null = null
      /** Chunks that arrived before the ones in front of them, by file offset. */
      const early = new Map<number, Buffer>()
      // The file is closed after this settles: no write of ours may still be queued on its fd.
      const settleFailure = () => failure && writing === 0 && reject(failure)
      const fail = (e: Error) => {
        if (failure) return
        failure = e
        opts.signal?.removeEventListener('abort', onAbort)
        settleFailure()
      }
      const onAbort = () => fail(opts.cancelled())
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      const request = (offset: number, length: number) => {
        inFlight++
        sftp.read(handle, Buffer.allocUnsafe(length), 0, length, offset, (e, got, data) => {
          inFlight--
          if (failure) return
          if (e) return fail(e)
          if (got === 0) return fail(new Error(`${remotePath} ended at ${offset} bytes of ${size} (it shrank during the transfer)`))
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
          writing++
          write(fd!, chunk, 0, chunk.length, hashed, (e) => {
            writing--
            if (e) fail(e)
            if (failure) return settleFailure()
            pump()
          })
          hashed += chunk.length
          opts.onProgress?.(hashed, size)
        }
        pump()
      }
      const pump = () => {
        if (failure) return
        while (requested < size && inFlight + early.size + writing < WINDOW) {
          const length = Math.min(CHUNK, size - requested)
          request(requested, length)
          requested += length
        }
        if (hashed === size && writing === 0) {
          opts.signal?.removeEventListener('abort', onAbort)
          resolve()
        }
      }
      pump()
    })
    await fsSync(fd)
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
    handle = await sftpOpen(sftp, remotePath, 'wx', 0o600)
    const remote = handle
    const hash = createHash('sha256')
    let bytes = 0
    await new Promise<void>((resolve, reject) => {
      let sent = 0
      let inFlight = 0
      let reading = false
      let eof = false
      let failure: Error | null = null
      // The file is closed after this settles: no read of ours may still be queued on its fd.
      const settleFailure = () => failure && !reading && reject(failure)
      const fail = (e: Error) => {
        if (failure) return
        failure = e
        opts.signal?.removeEventListener('abort', onAbort)
        settleFailure()
      }
      const onAbort = () => fail(opts.cancelled())
      opts.signal?.addEventListener('abort', onAbort, { once: true })
      // One local read at a time keeps the hash in file order; the writes overlap.
      const pump = () => {
        if (failure) return
        if (eof && inFlight === 0) {
          opts.signal?.removeEventListener('abort', onAbort)
          return resolve()
        }
        if (eof || reading || inFlight >= WINDOW) return
        reading = true
        const buf = Buffer.allocUnsafe(CHUNK)
        read(fd, buf, 0, CHUNK, bytes, (e, n) => {
          reading = false
          if (e) fail(e)
          if (failure) return settleFailure()
          if (n === 0) {
            eof = true
            return pump()
          }
          const offset = bytes
          bytes += n
          hash.update(buf.subarray(0, n))
          inFlight++
          sftp.write(remote, buf, 0, n, offset, (err: Error | null | undefined) => {
            inFlight--
            if (failure) return
            if (err) return fail(err)
            sent += n
            opts.onProgress?.(sent, total)
            pump()
          })
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
