// Hostile values in every plan: quotes, $(…), backquotes, newlines, `;`, `|`, a leading `-` and
// non-ASCII, as every context, member, host, path, token, schedule and snapshot name each plan
// builder takes. A plan is either refused before it exists (a clear error, nothing run), or each
// of its scripts — every action, check and undo — runs in a sandbox (bubblewrap: the machine
// read-only, private /etc /var /opt /tmp, no network; cluster tools stubbed, every command
// logged) where nothing but the intended commands runs: no canary file appears and no command
// outside the plans' own tools is started.
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { EtcdTopology } from '../../../src/shared/model/etcd'
import type { Plan, PlanAction } from '../../../src/shared/model/operations'
import { isAppError } from '../../../src/shared/errors'
import { buildCronPlan, buildRepairPlan, buildRestorePlan } from '../../../src/main/services/etcd'
import { binary3, kubeadm1, kubeadm3, snapshot } from '../../kits/etcd-topologies'
import { buildCsrPlan, buildKubeletPlan, buildRenewPlan, type PlanningInput } from '../../../src/main/services/certs/plans'
import { certPlanning } from '../../kits/cert-hosts'

const LOG = '/run/sbx/log'
const CANARY = `${LOG}/canary`

/** Hostile strings, each trying to run `touch CANARY` (an external command) or write it with builtins. */
const PAYLOADS = [
  `$(touch ${CANARY})`,
  `\`touch ${CANARY}\``,
  `'; touch ${CANARY}; '`,
  `"; touch ${CANARY}; "`,
  `x\ntouch ${CANARY}\n`,
  `x; echo pwned > ${CANARY}`,
  `x | touch ${CANARY}`,
  `x && echo pwned>${CANARY} #`,
  `$IFS$(echo\${IFS}pwned>${CANARY})`,
  '-rf',
  '--help',
  'ünïcødé-名前'
]

/** What the plans may start: their own tools, the cluster's (stubbed) and coreutils. */
const ALLOWED = new Set(
  (
    'awk cat chmod chown cp cut date df du echo find grep head hostname id ls mkdir mv od printf rm rmdir sed sh sha256sum openssl stat tail test tr true false wc xargs sleep ' +
    'systemctl etcdctl etcdutl ss pgrep kubectl journalctl kubeadm curl base64 dirname readlink ln timeout mktemp umount mount'
  ).split(' ')
)
/** Tools of the cluster: answered by stubs (nothing real to stop, restore or list in a sandbox). */
const STUBS: Record<string, string> = {
  systemctl: 'exit 0',
  etcdctl: 'case "$*" in *version*) echo "etcdctl version: 3.6.16";; esac; exit 0',
  etcdutl: 'case "$*" in *version*) echo "etcdutl version: 3.6.16";; *restore*) mkdir -p "$S/member/wal" "$S/member/snap" 2>/dev/null;; esac; exit 0',
  ss: 'exit 0',
  pgrep: 'exit 1',
  kubectl: 'exit 0',
  journalctl: 'exit 0',
  kubeadm: 'exit 0',
  curl: 'echo 200',
  df: 'echo "Filesystem 1024-blocks Used Available Capacity Mounted"; echo "tmpfs 99999999 0 99999999 0% /"'
}
// Commands an injection would reach for: wrapped (and logged) so that an attempt shows up even
// where a canary would not.
const BAIT = ['touch', 'wget', 'bash', 'nc', 'python3', 'perl']

let root: string
let bin: string

function installWrappers(): void {
  bin = join(root, 'bin')
  mkdirSync(bin)
  for (const name of [...ALLOWED, ...BAIT, ...Object.keys(STUBS)]) {
    const real = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()
    const body = STUBS[name] ?? (real ? `exec ${real} "$@"` : 'exit 127')
    // Each record: the argument count, the name and every argument, NUL-terminated (arguments
    // may hold newlines): the log shows exactly what ran.
    writeFileSync(join(bin, name), `#!/bin/sh\nprintf '%s\\0' "$#" "${name}" "$@" >> ${LOG}/commands\n${body}\n`)
    chmodSync(join(bin, name), 0o755)
  }
}

interface SandboxRun {
  commands: string[][]
  canary: boolean
}

/** Runs each script in one fresh sandbox after `prepare` made the paths discovery would have found. */
function runInSandbox(scripts: string[], prepareDirs: string[], prepareFiles: string[]): SandboxRun {
  const log = mkdtempSync(join(root, 'log-'))
  writeFileSync(join(log, 'commands'), '')
  const runner = [
    'for d in "$@"; do case "$d" in F:*) f="${d#F:}"; mkdir -p -- "$(dirname -- "$f")"; : > "$f";; *) mkdir -p -- "$d";; esac; done',
    `: > ${LOG}/commands`,
    // Each script as the host session runs it: sh -c SCRIPT, as root, stdin closed.
    `for s in /run/sbx/scripts/*; do PATH=/run/sbx/bin sh -c "$(cat "$s")" </dev/null >/dev/null 2>&1; done`,
    'exit 0'
  ].join('\n')
  const scriptsDir = mkdtempSync(join(root, 'scripts-'))
  scripts.forEach((s, i) => writeFileSync(join(scriptsDir, String(i).padStart(4, '0')), s))
  const r = spawnSync(
    'bwrap',
    [
      ...['--ro-bind', '/', '/'],
      ...['--tmpfs', '/etc', '--ro-bind', '/etc/passwd', '/etc/passwd', '--ro-bind', '/etc/group', '/etc/group'],
      ...['--tmpfs', '/var', '--tmpfs', '/opt', '--tmpfs', '/tmp', '--tmpfs', '/root', '--tmpfs', '/home', '--tmpfs', '/srv', '--tmpfs', '/run'],
      ...['--dev', '/dev', '--proc', '/proc', '--unshare-all', '--die-with-parent'],
      ...['--ro-bind', bin, '/run/sbx/bin', '--ro-bind', scriptsDir, '/run/sbx/scripts', '--bind', log, LOG],
      'sh',
      '-c',
      runner,
      'sandbox',
      ...prepareDirs,
      ...prepareFiles.map((f) => `F:${f}`)
    ],
    { encoding: 'utf8', timeout: 60_000 }
  )
  if (r.status !== 0) throw new Error(`sandbox failed (${r.status ?? r.signal}): ${r.stderr}`)
  const fields = readFileSync(join(log, 'commands'), 'utf8').split('\0')
  const commands: string[][] = []
  for (let i = 0; i + 1 < fields.length;) {
    const argc = Number(fields[i])
    commands.push(fields.slice(i + 1, i + 2 + argc))
    i += 2 + argc
  }
  return { commands, canary: existsSync(join(log, 'canary')) }
}

const shellOf = (a: PlanAction): string[] => (a.kind === 'shell' ? [a.command] : [])

function planScripts(plan: Plan): string[] {
  return plan.steps.flatMap((s) => [
    ...s.actions.flatMap(shellOf),
    ...(s.check ? shellOf(s.check.action) : []),
    ...(s.undo?.actions.flatMap(shellOf) ?? []),
    ...(s.undo?.check ? shellOf(s.undo.check.action) : [])
  ])
}

/** Every path of a topology the scripts look for, so they get past their existence checks. */
function discoveredPaths(t: EtcdTopology): { dirs: string[]; files: string[] } {
  const dirs = new Set<string>()
  const files = new Set<string>()
  for (const m of t.members) {
    dirs.add(`${m.hostDataDir}/member/wal/0.tmp`)
    dirs.add(`${m.hostDataDir}/member/snap`)
    for (const f of [m.hostTls.ca, m.hostTls.cert, m.hostTls.key]) if (f) files.add(f)
  }
  for (const c of [...t.members, ...t.apiservers, ...t.components]) if (c.source.kind === 'static-pod') files.add(c.source.manifest)
  return { dirs: [...dirs].filter((p) => p.startsWith('/')), files: [...files].filter((p) => p.startsWith('/')) }
}

type Builder = { name: string; build(t: EtcdTopology): Plan }
const BUILDERS: Builder[] = [
  { name: 'restore', build: (t) => buildRestorePlan({ topology: t, snapshot, stamp: '20250102-030405' }) },
  { name: 'repair wal-tmp-dir', build: (t) => buildRepairPlan({ topology: t, kind: 'wal-tmp-dir', member: t.members[0].settings.name, stamp: 's1' }) },
  { name: 'repair rejoin-member', build: (t) => buildRepairPlan({ topology: t, kind: 'rejoin-member', member: t.members[t.members.length - 1].settings.name, stamp: 's1' }) },
  { name: 'backup cron', build: (t) => buildCronPlan(t, { member: t.members[0].settings.name }) }
]

/** The places a hostile value can come from: what discovery reads on the hosts, and what a person types. */
const FIELDS: { name: string; apply(t: EtcdTopology, v: string): void }[] = [
  { name: 'context name', apply: (t, v) => (t.context = { ...t.context, name: v }) },
  { name: 'cluster name', apply: (t, v) => (t.clusterName = v) },
  { name: 'member name', apply: (t, v) => t.members.forEach((m, i) => (m.settings.name = `${v}${i}`)) },
  { name: 'host id', apply: (t, v) => renameHosts(t, v) },
  { name: 'data dir', apply: (t, v) => t.members.forEach((m) => (m.hostDataDir = `/var/lib/etcd${v}`)) },
  { name: 'TLS files', apply: (t, v) => t.members.forEach((m) => (m.hostTls = { ca: `/etc/etcd${v}/ca.crt`, cert: `/etc/etcd${v}/s.crt`, key: `/etc/etcd${v}/s.key` })) },
  {
    name: 'manifest path',
    apply: (t, v) =>
      [...t.members, ...t.apiservers, ...t.components].forEach((c) => {
        if (c.source.kind === 'static-pod') c.source = { ...c.source, manifest: `${c.source.manifestsDir}/etcd${v}.yaml`, manifestsDir: `/etc/kubernetes/manifests${v}` }
      })
  },
  { name: 'cluster token', apply: (t, v) => t.members.forEach((m) => (m.settings.initialClusterToken = v)) },
  {
    name: 'tool path',
    apply: (t, v) =>
      t.hosts.forEach((h) => {
        if (h.tools.etcdutl) h.tools.etcdutl = { ...h.tools.etcdutl, path: `/usr/local/bin/etcdutl${v}` }
        if (h.tools.etcdctl) h.tools.etcdctl = { ...h.tools.etcdctl, path: `/usr/local/bin/etcdctl${v}` }
      })
  }
]

function renameHosts(t: EtcdTopology, v: string): void {
  const to = new Map(t.hosts.map((h, i) => [h.id, `${v}${i}`]))
  for (const h of t.hosts) h.id = to.get(h.id)!
  for (const x of [...t.members, ...t.apiservers, ...t.components]) x.host = to.get(x.host) ?? x.host
}

const TOPOLOGIES: [string, () => EtcdTopology][] = [
  ['kubeadm-1', kubeadm1],
  ['kubeadm-3', kubeadm3],
  ['binary-3', binary3]
]

beforeAll(() => {
  expect(spawnSync('bwrap', ['--version']).status, 'bubblewrap (scripts/install-test-deps.sh installs it) runs the scripts').toBe(0)
  root = mkdtempSync(join(tmpdir(), 'kubedeck-sandbox-'))
  installWrappers()
})
afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('the sandbox itself', () => {
  it('sees an injection: a script that runs touch and writes with builtins is caught', () => {
    const r = runInSandbox([`touch ${CANARY}.x; echo pwned > ${CANARY}`], [], [])
    expect(r.canary).toBe(true)
    expect(r.commands.map((c) => c[0])).toContain('touch')
  })
})

describe.each(TOPOLOGIES)('plans for %s with hostile values', (_topo, topology) => {
  it.each(BUILDERS.map((b) => [b.name, b] as const))('%s: refused before planning, or nothing but its own commands runs', (_name, builder) => {
    // A repair that does not apply to this topology (rejoin needs a second member) is refused untainted too.
    try {
      builder.build(topology())
    } catch (e) {
      expect(isAppError(e)).toBe(true)
      return
    }
    const scripts: string[] = []
    const dirs = new Set<string>()
    const files = new Set<string>()
    const outcomes: string[] = []
    for (const field of FIELDS) {
      for (const payload of PAYLOADS) {
        const t = topology()
        field.apply(t, payload)
        let plan: Plan
        try {
          plan = builder.build(t)
        } catch (e) {
          // Refused with an error a person can act on (never an internal one).
          expect(isAppError(e), `${field.name} ${JSON.stringify(payload)}: ${(e as Error).message}`).toBe(true)
          outcomes.push(`refused ${field.name}`)
          continue
        }
        outcomes.push(`planned ${field.name}`)
        scripts.push(...planScripts(plan))
        const p = discoveredPaths(t)
        p.dirs.forEach((d) => dirs.add(d))
        p.files.forEach((f) => files.add(f))
      }
    }
    expect(scripts.length, outcomes.join(', ')).toBeGreaterThan(0)
    const r = runInSandbox(scripts, [...dirs], [...files])
    expect(r.canary, 'a hostile value ran as a command (the canary file exists)').toBe(false)
    const unexpected = r.commands.filter((c) => !ALLOWED.has(c[0])).map((c) => c.join(' '))
    expect(unexpected, 'commands outside the plans’ own tools ran').toEqual([])
    // The scripts really ran their commands (the sandbox is not vacuous).
    expect(r.commands.length).toBeGreaterThan(scripts.length / 2)
  })
})

/** Certificate plans: values read on the hosts (host and node names, certificate and CA key paths) and typed (context, names). */
const CERT_FIELDS: { name: string; apply(i: PlanningInput, v: string): void }[] = [
  { name: 'context name', apply: (i, v) => (i.context = { ...i.context, name: v }) },
  {
    name: 'host id and node name',
    apply: (i, v) =>
      i.hosts.forEach((h, n) => {
        h.host.id = `${v}${n}`
        h.host.nodeName = `${v}${n}`
      })
  },
  {
    name: 'certificate path',
    apply: (i, v) =>
      i.hosts.forEach((h) => h.certs.certs.forEach((c) => c.entry.source === 'file' && !c.entry.isCA && (c.entry.path = c.entry.path.replace(/\/([^/]+)$/, `${v}/$1`))))
  },
  { name: 'CA key path', apply: (i, v) => i.hosts.forEach((h) => h.certs.caKeys.forEach((k) => (k.path = `/root/TLS${v}/ca-key.pem`))) }
]
const CERT_BUILDERS: [string, (i: PlanningInput) => Plan][] = [
  ['renew (kubeadm)', (i) => buildRenewPlan(i, { updateKubeconfig: { subject: 'CN=kubernetes-admin' } })],
  ['renew (binary)', (i) => buildRenewPlan(i, { only: i.hosts[1].certs.certs.filter((c) => c.entry.source === 'file' && !c.entry.isCA).map((c) => c.entry.path.split(' → ')[0]) })],
  ['rotate kubelet', (i) => buildKubeletPlan(i, i.hosts[1].host.id)],
  ['CSR decision', (i) => buildCsrPlan(i, i.context.name, 'approve')]
]

describe('certificate plans with hostile values', () => {
  it.each(CERT_BUILDERS)('%s: refused before planning, or nothing but its own commands runs', (name, build) => {
    const layout = name.includes('binary') ? 'binary' : 'kubeadm'
    const scripts: string[] = []
    const outcomes: string[] = []
    for (const field of CERT_FIELDS) {
      for (const payload of PAYLOADS) {
        const input = certPlanning(layout)
        field.apply(input, payload)
        try {
          scripts.push(...planScripts(build(input)))
          outcomes.push(`planned ${field.name}`)
        } catch (e) {
          expect(isAppError(e), `${field.name} ${JSON.stringify(payload)}: ${(e as Error).message}`).toBe(true)
          outcomes.push(`refused ${field.name}`)
        }
      }
    }
    if (name === 'CSR decision') {
      // No shell at all: the decision goes through the API.
      expect(scripts).toEqual([])
      return
    }
    expect(scripts.length, outcomes.join(', ')).toBeGreaterThan(0)
    const r = runInSandbox(scripts, ['/etc/kubernetes/pki/etcd', '/var/lib/kubelet/pki', '/opt/etcd/ssl', '/etc/kubernetes/manifests'], ['/etc/kubernetes/kubelet.conf'])
    expect(r.canary, 'a hostile value ran as a command (the canary file exists)').toBe(false)
    const unexpected = r.commands.filter((c) => !ALLOWED.has(c[0])).map((c) => c.join(' '))
    expect(unexpected, 'commands outside the plans’ own tools ran').toEqual([])
    expect(r.commands.length).toBeGreaterThan(scripts.length / 2)
  })
})

describe('values that cannot be made safe where they go are refused before anything runs', () => {
  it('a cron schedule or backup folder with a line break, a % in neither place breaks the job', () => {
    const t = kubeadm1()
    const member = t.members[0].settings.name
    expect(() => buildCronPlan(t, { member, schedule: `30 2 * * *\n* * * * * root touch ${CANARY}` })).toThrow(/not a cron schedule/)
    expect(() => buildCronPlan(t, { member, dir: `/var/backups/x\n* * * * * root touch ${CANARY}` })).toThrow(/line break/)
    expect(() => buildCronPlan(t, { member, dir: 'relative/dir' })).toThrow(/not an absolute path/)
    const ok = buildCronPlan(t, { member, dir: '/var/backups/100%' })
    expect((ok.steps[1].actions[0] as { command: string }).command).toContain('100\\%')
  })

  it('a member name that would change --initial-cluster is refused, naming the member and file', () => {
    const t = kubeadm3()
    t.members[1].settings.name = 'node-2,evil=https://198.18.0.99:2380'
    let error: unknown
    try {
      buildRestorePlan({ topology: t, snapshot, stamp: 's' })
    } catch (e) {
      error = e
    }
    expect(error).toMatchObject({ info: { code: 'etcd.unsafe-value', host: 'node-2', file: '/etc/kubernetes/manifests/etcd.yaml' } })
  })
})
