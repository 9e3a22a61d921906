// How a plan names an SSH host so that any later process (a resume after a crash) can reach it
// again: the target and the ssh config it was resolved with. Checked when read back from a
// journal, like every input that crossed a file.
import { z } from 'zod'
import { sshTargetSchema } from '../../../shared/contracts/ssh'
import type { SshTarget } from '../../../shared/model/ssh'

export interface SshHostTarget {
  ssh: SshTarget
  /** `ssh -F` the plan was made with (the CLI's -F); absent: the user's own config. */
  configFile?: string
}

export const sshHostTargetSchema: z.ZodType<SshHostTarget> = z.object({ ssh: sshTargetSchema, configFile: z.string().optional() })
