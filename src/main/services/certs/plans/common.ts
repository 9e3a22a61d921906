// What every certificate plan shares: its hosts as the engine reaches them, where backups go,
// and the checks that prove a renewal took (a file valid for long enough, a server presenting
// exactly the file's certificate).
import type { ContextRef } from '../../../../shared/model/kubeconfig'
import { described, say, stepWords, type Said } from '../../../../shared/plan-messages'
import type { PlanCheck, PlanHost, PlanStep } from '../../../../shared/model/operations'
import type { SshTarget } from '../../../../shared/model/ssh'
import type { CertHost } from '../../../../shared/model/certs'
import { onHost } from '../../host-components'
import { script, sh, type ShellCommand } from '../../shell'
import type { SshHostTarget } from '../../ssh'
import type { HostCerts } from '../host-certs'

/** A host as the plans see it: how to reach it and what its probe found. */
export interface PlanningHost {
  host: CertHost
  ssh: SshTarget
  address?: string
  root: boolean
  certs: HostCerts
}

export interface PlanningInput {
  context: ContextRef
  hosts: PlanningHost[]
  sshConfigFile?: string
  /** Names this plan's folders and journal entries (UTC, to the second). */
  stamp: string
}

export const planHosts = (input: PlanningInput, ids: string[]): Record<string, PlanHost<SshHostTarget>> =>
  Object.fromEntries(
    input.hosts
      .filter((h) => ids.includes(h.host.id))
      .map((h) => [
        h.host.id,
        {
          label: h.host.nodeName && h.host.nodeName !== h.host.id ? `${h.host.id} (${h.host.nodeName})` : h.host.id,
          target: { ssh: h.ssh, ...(input.sshConfigFile ? { configFile: input.sshConfigFile } : {}) },
          root: h.root
        }
      ])
  )

/** Where a plan keeps what it replaces: on the host, outside the folders it changes. */
export const backupDir = (what: string, stamp: string) => `/var/backups/kubedeck/${what}-${stamp}`

/** Copies `paths` into `dir` once (a resume never overwrites a backup with renewed files); prints `backed-up`. */
export function backupScript(dir: string, paths: ShellCommand): ShellCommand {
  const partial = dir + '.partial'
  return script(
    sh`set -eu`,
    sh`if [ ! -e ${dir} ]; then`,
    sh`  rm -rf ${partial}; mkdir -p -m 700 ${partial}`,
    // Each path kept at its own place under the backup folder (<dir>/etc/kubernetes/pki, …).
    sh`  for f in ${paths}; do mkdir -p ${partial}"$(dirname "$f")"; cp -a "$f" ${partial}"$f"; done`,
    sh`  mv ${partial} ${dir}`,
    sh`fi`,
    sh`echo backed-up`
  )
}

/** The certificate in `file` (or embedded in a kubeconfig) stays valid for at least `days` more days. */
export function validForCheck(host: string, files: { path: string; kubeconfig: boolean }[], days: number): PlanCheck {
  const seconds = days * 86400
  const lines = files.map((f) =>
    f.kubeconfig
      ? sh`sed -n 's/^ *client-certificate-data: *//p' ${f.path} | head -1 | base64 -d | openssl x509 -noout -checkend ${seconds} >/dev/null || { echo ${`${f.path} is not valid for ${days} more days`}; exit 1; }`
      : sh`openssl x509 -in ${f.path} -noout -checkend ${seconds} >/dev/null || { echo ${`${f.path} is not valid for ${days} more days`}; exit 1; }`
  )
  return {
    ...described(say('certs.validFor', { days })),
    action: onHost(host, sh`${lines.map((l) => sh`${l};`)} echo renewed`),
    stdoutMatches: '^renewed$'
  }
}

/** Shell that prints `serves-file` when the server on `port` presents exactly the certificate in `file`. */
export function servesFile(port: number, file: string): ShellCommand {
  return sh`P=${port}; b=$(openssl x509 -in ${file} -noout -fingerprint -sha256); a=; for h in 127.0.0.1 $(hostname -I 2>/dev/null); do a=$(timeout 5 openssl s_client -connect "$h:$P" </dev/null 2>/dev/null | openssl x509 -noout -fingerprint -sha256 2>/dev/null) && [ -n "$a" ] && break; done; if [ "$a" = "$b" ]; then echo serves-file; else echo "serves \${a:-nothing}; the file is $b"; exit 1; fi`
}

/** A pre-flight step: each check is a shell line that exits non-zero with its reason on stderr; `ready` when all pass. */
export function preflightStep(o: { id: string; host: string; title: Said; description: Said; checks: ShellCommand[] }): PlanStep {
  return {
    id: o.id,
    ...stepWords(o.title, say('certs.preflight.nothingChanged', { what: o.description })),
    host: o.host,
    preflight: true,
    destructive: false,
    actions: [onHost(o.host, script(sh`set -u`, ...o.checks, sh`echo ready`))]
  }
}

/** Fails, naming the folder, unless each of `dirs` takes a new file (a read-only file system is the usual reason it does not). */
export const writableDirs = (dirs: string[]) =>
  sh`for d in ${dirs}; do t="$d/.kubedeck-write-test.$$"; if ! ( : > "$t" ) 2>/dev/null; then echo "$d is not writable (a read-only file system?): nothing can be renewed here" >&2; exit 1; fi; rm -f "$t"; done`

export const utcStamp = (d = new Date()) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
