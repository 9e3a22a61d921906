// Keeps the renderer's kubeconfig overview in step with main's revisions: main announces each
// change (`kubeconfig.changed`, and the revision a write returns); a burst of announcements
// becomes one load in flight plus at most one after it, an answer older than what is held is
// dropped, and a load is skipped when what is held is already new enough. Pure: the slice
// gives it the fetch and what to do with an overview.
export interface Revisioned {
  revision: number
}

export class OverviewSync<T extends Revisioned> {
  /** The newest overview main sent. */
  private held: T | null = null
  private loading: Promise<void> | null = null
  private reloadAfter = false
  /** The newest revision main has announced, and what it was when the load in flight was sent. */
  private announced = -1
  private loadingCovers = -1

  constructor(
    private readonly fetch: () => Promise<T>,
    private readonly onOverview: (overview: T) => void,
    private readonly onError: (e: unknown) => void
  ) {}

  get latest(): T | null {
    return this.held
  }

  /** Takes an overview main answered with directly (a folder added): kept unless older than what is held. */
  accept(next: T): void {
    if (this.held && next.revision < this.held.revision) return
    this.held = next
    this.onOverview(next)
  }

  /** Loads unless `minRevision` is already held; resolves when an overview at least that new arrived (or the load failed). */
  load(minRevision?: number): Promise<void> {
    if (minRevision !== undefined) this.announced = Math.max(this.announced, minRevision)
    if (minRevision !== undefined && this.held && this.held.revision >= minRevision) return Promise.resolve()
    if (this.loading) {
      // The load in flight answers anything announced before it was sent.
      if (minRevision === undefined || minRevision > this.loadingCovers) this.reloadAfter = true
      return this.loading
    }
    this.loading = (async () => {
      try {
        do {
          this.reloadAfter = false
          this.loadingCovers = this.announced
          this.accept(await this.fetch())
        } while (this.reloadAfter)
      } catch (e) {
        this.onError(e)
      } finally {
        this.loading = null
      }
    })()
    return this.loading
  }
}
