// SSH calls and streams: the host inventory of a cluster (nodes, ssh config hosts, added
// hosts) and its node → target mapping, resolved settings, a connection test, known_hosts
// repair, and the prompts main asks a person (host keys, passphrases, passwords,
// keyboard-interactive, sudo). Prompts go to the window that started the connection and are
// answered with `ssh.answerPrompt`; secrets only ever travel renderer → main.
import { z } from 'zod'
import { call, stream } from './define'
import { HOSTNAME_INVALID, USERNAME_INVALID, invalidHostName, invalidUserName } from '../ssh-names'
import { contextRefSchema } from './kubeconfig'
import type { HostInventory, InventoryHost, ResolvedSshSettings, SecretVaultStatus, SshConnectionReport, SshPrompt } from '../model/ssh'

const nonEmpty = z.string().min(1)
/** A host as ssh takes it (`[user@]host`), by ssh's own rules for names a shell could read. */
const sshHost = z
  .string()
  .min(1)
  .max(255)
  .refine((h) => {
    const at = h.lastIndexOf('@')
    return !invalidHostName(at >= 0 ? h.slice(at + 1) : h) && (at < 0 || !invalidUserName(h.slice(0, at)))
  }, HOSTNAME_INVALID)

/** `ssh`'s own syntax rules: host and user names as ssh accepts them; a jump spec is `[user@]host[:port][,...]`. */
export const sshTargetSchema = z.object({
  host: sshHost,
  user: z
    .string()
    .max(64)
    .regex(/^[^@]*$/, 'no @ in a user')
    .refine((u) => !u || !invalidUserName(u), USERNAME_INVALID)
    .optional(),
  port: z.number().int().min(1).max(65535).optional(),
  identityFile: z.string().max(4096).optional(),
  proxyJump: z
    .string()
    .max(1024)
    .regex(/^[^\s]*$/, 'no spaces in ProxyJump')
    .optional()
})

export const sshPromptAnswerSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('host-key'), decision: z.enum(['once', 'save', 'reject']) }),
  z.object({ kind: z.literal('secret'), secret: z.string().max(4096).nullable(), remember: z.boolean().optional() }),
  z.object({ kind: z.literal('keyboard-interactive'), responses: z.array(z.string().max(4096)).max(32).nullable() })
])

export const sshCalls = {
  /** The cluster's nodes (from its API), ~/.ssh/config hosts and added hosts, each with its SSH target. */
  'ssh.inventory': call<HostInventory>()(z.object({ context: contextRefSchema })),
  /** Sets (or with null, resets to the default) the target of one host of the cluster. */
  'ssh.setTarget': call<InventoryHost>()(z.object({ context: contextRefSchema, id: nonEmpty, target: sshTargetSchema.nullable() })),
  'ssh.addHost': call<InventoryHost>()(z.object({ context: contextRefSchema, name: nonEmpty.max(253), target: sshTargetSchema })),
  'ssh.removeHost': call<void>()(z.object({ context: contextRefSchema, id: nonEmpty })),
  /** What `kubedeck ssh config` prints for a target (ssh -G's keys), plus warnings. */
  'ssh.resolve': call<ResolvedSshSettings>()(z.object({ target: sshTargetSchema })),
  /** Connects (asking this window whatever needs asking), runs nothing, disconnects. */
  'ssh.testConnection': call<SshConnectionReport>()(z.object({ target: sshTargetSchema })),
  'ssh.answerPrompt': call<void>()(z.object({ id: nonEmpty, answer: sshPromptAnswerSchema })),
  /** Removes exactly the known_hosts line a changed-host-key refusal named (undoable). */
  'ssh.removeKnownHost': call<void>()(z.object({ file: nonEmpty, line: z.number().int().min(1), keyType: nonEmpty })),
  'ssh.vaultStatus': call<SecretVaultStatus>()(z.object({}))
} as const

export const sshStreams = {
  /** A question for the window that started a connection; answer with `ssh.answerPrompt`. */
  'ssh.prompt': stream<SshPrompt>()
} as const
