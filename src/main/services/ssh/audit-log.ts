// Every command Kubedeck itself runs on a host (never what a person types in a terminal), one
// JSON line each: when, for which context and purpose, where, what, and how it ended. Secrets
// never reach it: sudo passwords travel on stdin, not on command lines.
import { appendFile, mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

export interface AuditRecord {
  time: string
  context: string | null
  purpose: string | null
  /** The target as named (node or alias) and where it resolved to. */
  host: string
  address: string
  user: string
  command: string
  sudo: boolean
  exitCode: number | null
  signal?: string
  /** exit: the command ended; timeout / cancelled: Kubedeck stopped it; error: the channel failed. */
  outcome: 'exit' | 'timeout' | 'cancelled' | 'error'
  durationMs: number
  /** For transfers: the checked sha256 and size. */
  sha256?: string
  bytes?: number
}

export class AuditLog {
  readonly file: string
  private queue: Promise<unknown> = Promise.resolve()

  constructor(dataDir: string) {
    this.file = join(dataDir, 'audit', 'ssh-commands.jsonl')
  }

  append(record: AuditRecord): Promise<void> {
    const line = JSON.stringify(record) + '\n'
    const run = this.queue.then(async () => {
      await mkdir(dirname(this.file), { recursive: true, mode: 0o700 })
      await appendFile(this.file, line, { mode: 0o600 })
    })
    this.queue = run.catch(() => undefined)
    return run
  }

  /** Newest last. */
  async read(): Promise<AuditRecord[]> {
    const text = await readFile(this.file, 'utf8').catch(() => '')
    return text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as AuditRecord)
  }
}
