// One kind's rows in one context, kept current: a paged list (500 a page, `continue`), then a
// watch from the list's resourceVersion with bookmarks, a new list when the server says the
// version is gone (410), a new watch after a dropped one, backing off while the API is away.
// Only rows are kept (the window's columns): whole objects, managedFields and all, are dropped
// as they arrive. client-node's ListWatch is not used: it lists without paging and asks for no
// bookmarks, so a big cluster would be read whole and re-listed after every quiet period.
import type { KubeConfig } from '@kubernetes/client-node'
import type { ErrorInfo } from '../../../shared/errors'
import { errorInfo } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'
import { clientNode } from '../kube'
import { apiRequest, statusMessage } from './raw'

export interface RowChanges<R> {
  reset?: boolean
  upserts: R[]
  removed: string[]
  error?: ErrorInfo
  synced: boolean
}

export interface ListWatchOptions<R> {
  /** The collection's path, e.g. /api/v1/pods (all namespaces). */
  path: string
  toRow(obj: unknown): R
  key(row: R): string
  /** How often changes go out (they are batched: a flood becomes one update). */
  flushMs?: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export class ListWatch<R> {
  private rows = new Map<string, R>()
  private listeners = new Set<(c: RowChanges<R>) => void>()
  private pending = new Map<string, R | null>()
  private flushTimer: NodeJS.Timeout | null = null
  private stopped = false
  private watchAbort: AbortController | null = null
  private synced = false
  private error: ErrorInfo | undefined
  private resourceVersion = ''

  constructor(
    private readonly kc: KubeConfig,
    private readonly o: ListWatchOptions<R>
  ) {}

  /** Starts (once) and sends the listener everything known now, then the changes. */
  subscribe(listener: (c: RowChanges<R>) => void): () => void {
    this.listeners.add(listener)
    if (this.synced || this.error) listener({ reset: true, upserts: [...this.rows.values()], removed: [], synced: this.synced, ...(this.error ? { error: this.error } : {}) })
    return () => this.listeners.delete(listener)
  }

  get listening(): number {
    return this.listeners.size
  }

  start(): void {
    void this.run()
  }

  stop(): void {
    this.stopped = true
    this.watchAbort?.abort()
    if (this.flushTimer) clearTimeout(this.flushTimer)
  }

  private async run(): Promise<void> {
    let backoff = 1000
    while (!this.stopped) {
      try {
        await this.list()
        backoff = 1000
        // Watch until the version is gone (list again) or the API goes away (back off, then list).
        while (!this.stopped && (await this.watch()) === 'again') backoff = 1000
      } catch (e) {
        this.fail(e)
        await sleep(backoff)
        backoff = Math.min(backoff * 2, 30_000)
      }
    }
  }

  private async list(): Promise<void> {
    const fresh = new Map<string, R>()
    let cont = ''
    let rv = ''
    do {
      const r = await apiRequest(this.kc, 'GET', `${this.o.path}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`)
      if (r.status === 410 && cont) {
        // The continue token expired mid-list: start over.
        fresh.clear()
        cont = ''
        continue
      }
      if (r.status !== 200) throw new Error(`${r.status}: ${statusMessage(r)}`)
      const body = r.body as { items?: unknown[]; metadata?: { continue?: string; resourceVersion?: string } }
      for (const item of body.items ?? []) {
        const row = this.o.toRow(item)
        fresh.set(this.o.key(row), row)
      }
      rv ||= body.metadata?.resourceVersion ?? ''
      cont = body.metadata?.continue ?? ''
    } while (cont && !this.stopped)
    this.rows = fresh
    this.resourceVersion = rv
    this.synced = true
    this.error = undefined
    this.pending.clear()
    this.emit({ reset: true, upserts: [...fresh.values()], removed: [], synced: true })
  }

  /** 'again': the watch ended normally (watch from the same version); 'relist': the version is gone. */
  private async watch(): Promise<'again' | 'relist'> {
    const { Watch } = await clientNode()
    return new Promise((resolve, reject) => {
      let settled = false
      const end = (how: 'again' | 'relist' | Error) => {
        if (settled) return
        settled = true
        if (how instanceof Error) reject(how)
        else resolve(how)
      }
      let gone = false
      new Watch(this.kc)
        .watch(
          this.o.path,
          { resourceVersion: this.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 300 },
          (phase, obj: { metadata?: { resourceVersion?: string }; code?: number }) => {
            if (phase === 'ERROR') {
              if (obj.code === 410) gone = true
              return
            }
            if (obj.metadata?.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion
            if (phase === 'BOOKMARK') return
            const row = this.o.toRow(obj)
            const key = this.o.key(row)
            if (phase === 'DELETED') {
              this.rows.delete(key)
              this.pending.set(key, null)
            } else {
              this.rows.set(key, row)
              this.pending.set(key, row)
            }
            this.schedule()
          },
          (err: unknown) => {
            if (gone) return end('relist')
            if (err && !this.stopped) return end(err instanceof Error ? err : new Error(String(err)))
            end('again')
          }
        )
        .then(
          (abort) => {
            this.watchAbort = abort
            if (this.stopped) abort.abort()
          },
          (e: unknown) => end(e instanceof Error ? e : new Error(String(e)))
        )
    })
  }

  private schedule(): void {
    if (this.flushTimer) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      const upserts: R[] = []
      const removed: string[] = []
      for (const [key, row] of this.pending) row ? upserts.push(row) : removed.push(key)
      this.pending.clear()
      if (upserts.length || removed.length) this.emit({ upserts, removed, synced: true })
    }, this.o.flushMs ?? 100)
  }

  private fail(e: unknown): void {
    const reason = (e as Error).message ?? String(e)
    // Never listed: nothing is shown, so nothing is said to be "the last seen".
    this.error = this.synced
      ? errorInfo({
          code: 'cluster.watch',
          message: t`The list stopped following the cluster: ${reason}`,
          hint: t`It is tried again by itself; the rows shown are the last ones seen.`
        })
      : errorInfo({ code: 'cluster.watch', message: t`The list could not be read: ${reason}`, hint: t`Kubedeck tries again by itself; check the context with Test connection.` })
    this.emit({ upserts: [], removed: [], synced: this.synced, error: this.error })
  }

  private emit(c: RowChanges<R>): void {
    for (const l of this.listeners) l(c)
  }
}
