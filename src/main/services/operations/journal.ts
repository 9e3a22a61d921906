// The journal of one operation: a JSONL file in the data folder, append-only, each record
// fsync'd before the executor moves on. It holds the whole plan (so a new process can resume or
// roll back without rebuilding it) and every step's start and end, so after a crash or a dropped
// connection it says exactly which step was running and what had already changed.
import { constants } from 'node:fs'
import { open, readFile, type FileHandle } from 'node:fs/promises'
import { dirname } from 'node:path'
import type { CommandRecord, OperationState, Plan } from '../../../shared/model/operations'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'

export type RunMode = 'run' | 'resume' | 'rollback'

export type JournalRecord =
  | { t: 'created'; at: string; id: string; plan: Plan }
  /** A process started executing (pid/hostname say which). */
  | { t: 'run'; at: string; mode: RunMode; pid: number; hostname: string }
  | { t: 'step-start'; at: string; step: string }
  | ({ t: 'command'; at: string; step: string; phase: 'action' | 'check' | 'undo' } & Omit<CommandRecord, 'phase'>)
  | { t: 'step-end'; at: string; step: string; ok: boolean; error?: string }
  | { t: 'undo-start'; at: string; step: string }
  | { t: 'undo-end'; at: string; step: string; ok: boolean; error?: string }
  /** What it set aside was removed (by operation `by`): a rollback has nothing to put back. */
  | { t: 'sealed'; at: string; by: string }
  | { t: 'end'; at: string; state: Exclude<OperationState, 'planned' | 'running' | 'interrupted' | 'rolling-back'>; error?: string }

export class JournalWriter {
  private constructor(
    readonly file: string,
    private readonly handle: FileHandle
  ) {}

  /** Opens for appending; `create` refuses to reuse an existing journal. */
  static async open(file: string, create = false): Promise<JournalWriter> {
    const flags = create ? constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND : constants.O_WRONLY | constants.O_APPEND
    const handle = await open(file, flags, 0o600)
    if (create) {
      // The new file's name must survive a crash too: sync the folder (best effort where unsupported).
      const dir = await open(dirname(file), constants.O_RDONLY).catch(() => null)
      await dir?.sync().catch(() => undefined)
      await dir?.close()
    }
    return new JournalWriter(file, handle)
  }

  /** Appends one record and waits until it is on disk. */
  async append(record: JournalRecord): Promise<void> {
    await this.handle.write(JSON.stringify(record) + '\n')
    await this.handle.datasync()
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}

/**
 * Reads a journal. A last line cut short by a crash mid-write is ignored (the record it held
 * was never acknowledged); anything else malformed is an error naming the file and line.
 */
export async function readJournal(file: string): Promise<{ records: JournalRecord[]; text: string }> {
  const text = await readFile(file, 'utf8')
  const lines = text.split('\n')
  const records: JournalRecord[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!line.trim()) continue
    try {
      records.push(JSON.parse(line) as JournalRecord)
    } catch (e) {
      const isLast = lines.slice(i + 1).every((l) => !l.trim())
      if (isLast) break
      throw new AppError({
        code: 'operations.journal-corrupt',
        message: t`The operation journal ${file} has an unreadable record at line ${i + 1}: ${(e as Error).message}.`,
        file,
        line: i + 1,
        hint: t`The journal is append-only and written by Kubedeck; if it was edited by hand, restore the edited line.`
      })
    }
  }
  if (records[0]?.t !== 'created') {
    throw new AppError({
      code: 'operations.journal-corrupt',
      message: t`The operation journal ${file} does not start with its plan.`,
      file,
      line: 1
    })
  }
  return { records, text }
}
