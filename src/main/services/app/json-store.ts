// A small JSON document in the data folder, written atomically with its previous versions kept.
// Used for preferences and other app-owned state (context favourites, host mappings, ...).
import { readFile } from 'node:fs/promises'
import { AppError } from '../../../shared/errors'
import { atomicWriteFile, type FileHistory } from '../files'
import { t } from '../../../shared/error-messages'

export class JsonStore<T extends object> {
  private cache: T | null = null
  private queue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly file: string,
    private readonly defaults: () => T,
    private readonly history?: FileHistory
  ) {}

  async read(): Promise<T> {
    if (this.cache) return this.cache
    let text: string
    try {
      text = await readFile(this.file, 'utf8')
    } catch {
      this.cache = this.defaults()
      return this.cache
    }
    try {
      this.cache = { ...this.defaults(), ...(JSON.parse(text) as Partial<T>) }
    } catch (e) {
      throw new AppError({
        code: 'state.corrupt',
        message: t`Kubedeck's state file ${this.file} is not valid JSON: ${(e as Error).message}.`,
        file: this.file,
        hint: t`Fix or remove the file; Kubedeck keeps earlier versions in its history folder.`
      })
    }
    return this.cache
  }

  /** Serialised read-modify-write, so two concurrent updates never lose each other. */
  update(change: (current: T) => T | void, reason = 'update'): Promise<T> {
    const run = this.queue.then(async () => {
      const current = structuredClone(await this.read())
      const next = (change(current) ?? current) as T
      const before = await readFile(this.file).catch(() => null)
      if (this.history) await this.history.save(this.file, before, reason)
      await atomicWriteFile(this.file, JSON.stringify(next, null, 2) + '\n')
      this.cache = next
      return next
    })
    this.queue = run.catch(() => undefined)
    return run
  }
}
