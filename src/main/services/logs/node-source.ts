// Logs read on a host over SSH: a systemd unit's journal, a file, or a pod's files under
// /var/log/pods — which hold what the API no longer serves (its rotated files, gzipped or
// not) and the containers of pods that never reached the API (a static pod that will not
// start). CRI lines (`TIME stdout|stderr P|F text`) are parsed and partial ones joined.
import { script, sh, type ShellCommand } from '../shell'

const POD_LOGS = '/var/log/pods'
const CRI = /^(\S+) (stdout|stderr) ([PF]) ?(.*)$/

export interface NodeLogRequest {
  source: { units: string[] } | { file: string } | { pod: { namespace: string; name: string; container?: string } }
  lines?: number
  follow?: boolean
  /** journalctl --since (a time or a relative like "-1h"). */
  since?: string
}

/** A Kubernetes object name as it appears in /var/log/pods folder names (no quoting games there). */
const NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/

export function nodeLogCommand(r: NodeLogRequest): ShellCommand {
  const n = r.lines !== undefined ? String(r.lines) : undefined
  if ('units' in r.source) {
    const args = [...r.source.units.flatMap((u) => ['-u', u]), ...(n ? ['-n', n] : []), ...(r.follow ? ['-f'] : []), ...(r.since ? ['--since', r.since] : [])]
    return sh`journalctl --no-pager ${args}`
  }
  if ('file' in r.source) {
    const f = r.source.file
    return r.follow ? sh`tail -n ${n ?? '1000'} -F -- ${f}` : n ? sh`tail -n ${n} -- ${f}` : sh`cat -- ${f}`
  }
  const { namespace, name, container } = r.source.pod
  if (!NAME.test(namespace) || !NAME.test(name) || (container && !NAME.test(container))) throw new Error(`not a pod name: ${namespace}/${name}`)
  // Each container's files, oldest first: for each restart N, its rotated files (by the time in
  // their names, gzipped or not), then N.log. Following reads the newest file on.
  return script(
    sh`set -u; found=0`,
    sh`for d in ${POD_LOGS}/${namespace + '_' + name + '_'}*/; do [ -d "$d" ] || continue; found=1`,
    sh`  for c in "$d"*/; do cn=$(basename "$c"); if [ -n ${container ?? ''} ] && [ "$cn" != ${container ?? ''} ]; then continue; fi`,
    sh`    echo "@@kubedeck container $cn"`,
    r.follow
      ? sh`    last=$(ls -1 "$c" | grep -E '^[0-9]+\\.log$' | sort -n | tail -1); [ -n "$last" ] && exec tail -n ${n ?? '1000'} -F -- "$c$last"`
      : sh`    for k in $(ls -1 "$c" | sed -n 's/^\\([0-9]*\\)\\.log.*/\\1/p' | sort -un); do for f in $(ls -1 "$c" | grep -E "^$k\\.log\\." | sort); do case "$f" in *.gz) zcat -- "$c$f";; *) cat -- "$c$f";; esac; done; [ -f "$c$k.log" ] && cat -- "$c$k.log"; done`,
    sh`  done`,
    sh`done`,
    sh`[ $found = 1 ] || { echo ${`no folder of ${namespace}/${name} under ${POD_LOGS} on this host (kubelet writes one per pod that started a container here)`} >&2; exit 3; }`
  )
}

/** Which pods have log folders on a host (every pod that started a container there). */
export const LIST_POD_LOGS = sh`ls -1d ${POD_LOGS}/*/*/ 2>/dev/null`

export function parsePodLogFolders(out: string): { namespace: string; pod: string; uid: string; container: string }[] {
  return out
    .split('\n')
    .map((l) => new RegExp(`^${POD_LOGS}/([^_/]+)_([^_/]+)_([^_/]+)/([^/]+)/$`).exec(l.trim()))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ namespace: m[1], pod: m[2], uid: m[3], container: m[4] }))
}

/**
 * Splits a node source's output into lines: CRI lines become (time, text) with partial (`P`)
 * lines joined to the line they start, plain lines keep '' as their time; `@@kubedeck
 * container NAME` marks which container the lines after it belong to.
 */
export class NodeLineParser {
  private rest = ''
  private partial: { t: string; text: string } | null = null
  private readonly decoder = new TextDecoder('utf-8')
  container = ''

  constructor(private readonly emit: (lines: { t: string; text: string; container: string }[]) => void) {}

  push(chunk: string | Uint8Array, final = false): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: !final })
    const parts = (this.rest + text).split('\n')
    this.rest = final ? '' : parts.pop()!
    if (final && parts.length && parts[parts.length - 1] === '') parts.pop()
    const out: { t: string; text: string; container: string }[] = []
    for (const raw of parts) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw
      if (line.startsWith('@@kubedeck container ')) {
        this.container = line.slice('@@kubedeck container '.length)
        continue
      }
      const m = CRI.exec(line)
      if (!m) {
        out.push({ t: '', text: line, container: this.container })
        continue
      }
      const [, t, , tag, body] = m
      if (tag === 'P') {
        this.partial = this.partial ? { t: this.partial.t, text: this.partial.text + body } : { t, text: body }
        continue
      }
      out.push({ t: this.partial?.t ?? t, text: (this.partial?.text ?? '') + body, container: this.container })
      this.partial = null
    }
    if (out.length) this.emit(out)
  }
}
