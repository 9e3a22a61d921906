// One kind's rows in one context, kept current: a paged list (500 a page, `continue`), then a
// watch from the list's resourceVersion with bookmarks, a new list when the server says the
// version is gone (410), a new watch after a dropped one, backing off while the API is away.
// Rows are what the API server prints for kubectl (Table), kept as table.ts cuts them: whole
// objects never stay. client-node's ListWatch is not used: it lists without paging, asks for no
// bookmarks and cannot ask for Table rows, so a big cluster would be read whole, as objects, and
// re-listed after every quiet period.
import type { KubeConfig } from '@kubernetes/client-node'
import type { KindInfo } from '../../../shared/cluster-kinds'
import { collectionPath } from '../../../shared/cluster-kinds'
import type { ResourceColumn, ResourceRow } from '../../../shared/model/cluster'
import type { ErrorInfo } from '../../../shared/errors'
import { errorInfo } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'
import { apiRequest, apiWatch, statusMessage, TABLE } from './raw'
import { pickColumns, tableRows, type ApiTable } from './table'

export interface RowChanges {
  reset?: boolean
  upserts: ResourceRow[]
  removed: string[]
  error?: ErrorInfo
  synced: boolean
  columns?: ResourceColumn[]
}

export interface ListWatchOptions {
  kind: KindInfo
  /** One namespace; all when not given. */
  namespace?: string
  /** How often changes go out (they are batched: a flood becomes one update). */
  flushMs?: number
  /** What comes with each row; by default pods with their status (RESTARTS' "ago" stays true from it), the rest with metadata. */
  objects?: 'None' | 'Metadata' | 'Object'
}

const query = (o: ListWatchOptions) => `includeObject=${o.objects ?? (o.kind.id === 'pods' ? 'Object' : 'Metadata')}`

export interface TableList {
  columns: ResourceColumn[]
  indexes: number[]
  rows: ResourceRow[]
  resourceVersion: string
}

/**
 * Every object of a kind as rows, page by page (500 a page, as kubectl), starting over when a
 * continue token expires. `onPage` sees each page as it arrives (a window draws the first rows
 * while the rest still come).
 */
export async function listTable(
  kc: KubeConfig,
  o: ListWatchOptions,
  stopped: () => boolean = () => false,
  onPage?: (rows: ResourceRow[], columns: ResourceColumn[], first: boolean) => void
): Promise<TableList> {
  const path = collectionPath(o.kind, o.namespace)
  let rows: ResourceRow[] = []
  let picked: { columns: ResourceColumn[]; indexes: number[] } | null = null
  let cont = ''
  let rv = ''
  do {
    const r = await apiRequest(kc, 'GET', `${path}?limit=500&${query(o)}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`, undefined, undefined, TABLE)
    if (r.status === 410 && cont) {
      rows = []
      cont = ''
      continue
    }
    if (r.status !== 200) throw new Error(`${r.status}: ${statusMessage(r)}`)
    const body = r.body as ApiTable
    picked ??= pickColumns(o.kind.id, body.columnDefinitions)
    const page = tableRows(body, picked.indexes)
    onPage?.(page, picked.columns, rows.length === 0)
    rows.push(...page)
    rv ||= body.metadata?.resourceVersion ?? ''
    cont = body.metadata?.continue ?? ''
  } while (cont && !stopped())
  return { ...(picked ?? { columns: [], indexes: [] }), rows, resourceVersion: rv }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export class ListWatch {
  private rows = new Map<string, ResourceRow>()
  private listeners = new Set<(c: RowChanges) => void>()
  private pending = new Map<string, ResourceRow | null>()
  private columns: ResourceColumn[] = []
  private indexes: number[] = []
  private flushTimer: NodeJS.Timeout | null = null
  private stopped = false
  private watchAbort: AbortController | null = null
  private synced = false
  private error: ErrorInfo | undefined
  private resourceVersion = ''

  constructor(
    private readonly kc: KubeConfig,
    private readonly o: ListWatchOptions
  ) {}

  /** Starts (once) and sends the listener everything known now, then the changes. */
  subscribe(listener: (c: RowChanges) => void): () => void {
    this.listeners.add(listener)
    // What is known now goes out after the caller has returned (its subscription must exist
    // before the first update arrives); later changes follow in order.
    if (this.synced || this.error || this.rows.size)
      setImmediate(() => {
        if (!this.listeners.has(listener)) return
        listener({ reset: true, upserts: [...this.rows.values()], removed: [], synced: this.synced, columns: this.columns, ...(this.error ? { error: this.error } : {}) })
      })
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
    // The first list goes out page by page (rows on screen at once); a later one (after a 410)
    // replaces the rows when complete, so what is shown never empties meanwhile.
    const progressive = !this.synced
    const l = await listTable(
      this.kc,
      this.o,
      () => this.stopped,
      (page, columns, first) => {
        if (!progressive) return
        if (first) this.rows.clear()
        this.columns = columns
        for (const r of page) this.rows.set(r.key, r)
        this.emit({ ...(first ? { reset: true, columns } : {}), upserts: page, removed: [], synced: false })
      }
    )
    this.rows = new Map(l.rows.map((r) => [r.key, r]))
    this.columns = l.columns
    this.indexes = l.indexes
    this.resourceVersion = l.resourceVersion
    this.synced = true
    this.error = undefined
    this.pending.clear()
    // Progressive: the window has every page already; it only learns the list is complete.
    this.emit(progressive ? { upserts: [], removed: [], synced: true } : { reset: true, upserts: l.rows, removed: [], synced: true, columns: l.columns })
  }

  /** 'again': the watch ended normally (watch from the same version); 'relist': the version is gone. */
  private async watch(): Promise<'again' | 'relist'> {
    const abort = new AbortController()
    this.watchAbort = abort
    if (this.stopped) return 'again'
    let gone = false
    const path = `${collectionPath(this.o.kind, this.o.namespace)}?watch=1&allowWatchBookmarks=true&timeoutSeconds=300&${query(this.o)}&resourceVersion=${encodeURIComponent(this.resourceVersion)}`
    const watching = apiWatch(
      this.kc,
      path,
      TABLE,
      (e) => {
        if (e.type === 'ERROR') {
          if ((e.object as { code?: number }).code === 410) gone = true
          return
        }
        const table = e.object as ApiTable
        const rv = table.metadata?.resourceVersion ?? table.rows?.[0]?.object?.metadata?.resourceVersion
        if (rv) this.resourceVersion = rv
        if (e.type === 'BOOKMARK') return
        for (const row of tableRows(table, this.indexes)) {
          if (e.type === 'DELETED') {
            this.rows.delete(row.key)
            this.pending.set(row.key, null)
          } else {
            this.rows.set(row.key, row)
            this.pending.set(row.key, row)
          }
        }
        this.schedule()
      },
      abort.signal
    )
    try {
      await watching
    } catch (e) {
      // Asked from a version the server no longer has: list again (not an outage).
      if ((e as Error).message.startsWith('410:')) return 'relist'
      throw e
    }
    return gone ? 'relist' : 'again'
  }

  private schedule(): void {
    if (this.flushTimer) return
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null
      const upserts: ResourceRow[] = []
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

  private emit(c: RowChanges): void {
    for (const l of this.listeners) l(c)
  }
}
