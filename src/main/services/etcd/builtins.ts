// The etcd domain's part of the operations engine: how plan hosts are reached (the SSH
// service, with the ssh config the plan was made with) and the built-in steps no single remote
// command expresses: checking a snapshot file, re-reading members' configuration, an SFTP
// upload checked end to end, waiting for health, and /readyz through the API.
import type { KubeConfig } from '@kubernetes/client-node'
import type { z } from 'zod'
import type { EtcdHost } from '../../../shared/model/etcd'
import type { ContextRef } from '../../../shared/model/kubeconfig'
import { isAppError, toErrorInfo } from '../../../shared/errors'
import { implement, pause, type BuiltinContext, type BuiltinOutcome, type OperationDomain } from '../operations'
import { sh } from '../shell'
import { sshHostTargetSchema, type HostSession, type SshHostTarget, type SshInteraction } from '../ssh'
import { checkTopology } from './discovery/checks'
import { probeHost } from './discovery/probe'
import { parseMemberList, parseSnapshotStatus, snapshotTool } from './etcdctl'
import { checkHealth, lastErrorLine } from './health'
import { pollReadyz } from '../kube'
import { hostEtcdctlRunner } from './runners'
import { verifySnapshotFile } from './snapshot-file'
import { etcdSteps } from './steps'

export interface EtcdDomainDeps {
  /** An audited command session on a plan host, asking `asker` about host keys and passwords. */
  openSession(target: SshHostTarget, audit: { context: string; purpose: string }, signal: AbortSignal, asker?: SshInteraction): Promise<HostSession>
  kubeConfigFor(context: ContextRef): Promise<KubeConfig>
}

type Ctx = BuiltinContext<HostSession>

const fail = (error: string, output?: string): BuiltinOutcome => ({ ok: false, error, output })

export function etcdOperationDomain(deps: EtcdDomainDeps): OperationDomain<HostSession, SshHostTarget, SshInteraction> {
  return {
    target: sshHostTargetSchema,
    connect: (_id, host, plan, signal, asker) => deps.openSession(host.target, { context: plan.context.name, purpose: plan.kind }, signal, asker),
    builtins: [
      implement(etcdSteps.verifySnapshot, async (args, ctx: Ctx) => {
        const f = await verifySnapshotFile(args.file, args.sha256, ctx.signal)
        const out = `${args.file}: ${f.bytes} bytes, SHA-256 ${f.sha256} (as recorded), etcd checksum ok\n`
        ctx.stdout(out)
        return { ok: true, output: out }
      }),

      implement(etcdSteps.verifyConfiguration, async (args, ctx: Ctx) => {
        const expected = args.members
        const hostIds = [...new Set(expected.map((m) => m.host))]
        const probes = await Promise.all(
          hostIds.map((id) => {
            const target = sshHostTargetSchema.parse(ctx.plan.hosts[id].target)
            return probeHost({ id, ssh: target.ssh }, () => ctx.host(id), { keepOpen: true, signal: ctx.signal })
          })
        )
        const problems: string[] = [...args.unresolved]
        const lines: string[] = []
        for (const e of expected) {
          const probe = probes.find((p) => p.host.id === e.host)!
          if (!probe.host.reachable) {
            problems.push(`${e.host} cannot be reached: ${probe.host.error?.message ?? 'unknown error'}`)
            continue
          }
          const m = probe.members[0]
          if (!m) {
            problems.push(`${e.host} no longer runs an etcd member (no etcd manifest or unit found)`)
            continue
          }
          const s = m.settings
          if (s.name !== e.name) problems.push(`${e.host}: the member is now named "${s.name}", the plan restores "${e.name}"`)
          if (m.hostDataDir !== e.dataDir) problems.push(`${e.host}: the data dir is now ${m.hostDataDir}, the plan uses ${e.dataDir}`)
          if (s.initialAdvertisePeerUrls.join(',') !== e.peerUrls.join(',')) {
            problems.push(`${e.host}: the peer URLs are now ${s.initialAdvertisePeerUrls.join(',')}, the plan uses ${e.peerUrls.join(',')}`)
          }
          lines.push(`${e.host}: member ${s.name}, data dir ${m.hostDataDir}, peer ${s.initialAdvertisePeerUrls.join(',')}, initial-cluster ${s.initialCluster}`)
        }
        // The live member list, when etcd still answers: every member in it must be in the plan.
        const withTool = probes.find((p) => p.host.reachable && p.host.tools.etcdctl && p.members.length)
        if (withTool) {
          const m = withTool.members[0]
          const runner = hostEtcdctlRunner(await ctx.host(withTool.host.id), withTool.host, m.hostTls, ctx.plan.context.name)
          const endpoints = probes.flatMap((p) => p.members.map((x) => x.settings.advertiseClientUrls[0])).filter(Boolean)
          const r = await runner.run([`--endpoints=${endpoints.join(',')}`, '--dial-timeout=3s', '--command-timeout=5s', 'member', 'list', '-w', 'json'], { timeoutMs: 30_000, signal: ctx.signal })
          if (r.exitCode === 0) {
            const planned = new Set(expected.flatMap((e) => e.peerUrls))
            for (const live of parseMemberList(r.stdout).members) {
              if (!live.peerUrls.some((u) => planned.has(u))) {
                problems.push(`etcd's member list has ${live.name || `an unstarted member ${live.id}`} (peer ${live.peerUrls.join(',')}), which this plan does not restore: a restore must include every member (discover again with that host reachable)`)
              }
            }
            lines.push(`member list: ${parseMemberList(r.stdout).members.map((x) => x.name || x.id).join(', ')}`)
          } else {
            lines.push(`member list not available (etcd does not answer: ${lastErrorLine(r.stderr)}); the configured members are used`)
          }
        }
        const findings = checkTopology({ hosts: probes.map((p) => p.host), members: probes.flatMap((p) => p.members), apiservers: [] }).filter((f) => f.blocksRestore)
        for (const f of findings) {
          problems.push(`${f.title} (${Object.entries(f.values).map(([k, v]) => `${k}: ${v}`).join('; ')}). ${f.explanation}`)
        }
        const output = lines.join('\n') + '\n'
        ctx.stdout(output)
        return problems.length ? fail(problems.join('\n'), output) : { ok: true, output }
      }),

      implement(etcdSteps.upload, async (args, ctx: Ctx) => {
        const hostId = args.host
        const session = await ctx.host(hostId)
        const remote = args.remotePath
        const dir = remote.slice(0, remote.lastIndexOf('/'))
        // As the SSH user (not root), so SFTP can write there; root reads it for the restore.
        const mk = await session.run(sh`mkdir -p -m 700 -- ${dir}`, { timeoutMs: 30_000, signal: ctx.signal, audit: { context: ctx.plan.context.name, purpose: 'etcd restore: upload folder' } })
        if (mk.exitCode !== 0) return fail(`mkdir ${dir} failed on ${hostId}: ${lastErrorLine(mk.stderr)}`)
        let last = 0
        const t = await session.upload(args.localPath, remote, {
          mode: 0o600,
          signal: ctx.signal,
          onProgress: (sent, total) => {
            const pct = Math.floor((sent / Math.max(total, 1)) * 10)
            if (pct > last) {
              last = pct
              ctx.stdout(`uploaded ${pct * 10}% (${sent} of ${total} bytes)\n`)
            }
          }
        })
        if (t.sha256 !== args.sha256) return fail(`The copy on ${hostId} has SHA-256 ${t.sha256}, expected ${args.sha256}.`)
        ctx.stdout(`${remote}: ${t.bytes} bytes, SHA-256 ${t.sha256} on both ends\n`)
        const tool = args.tool
        if (!tool) return fail(`${hostId} has neither etcdutl nor etcdctl to read the snapshot with.`)
        const st = await session.run(sh`${snapshotTool(tool)} snapshot status ${remote} -w json`, { timeoutMs: 600_000, signal: ctx.signal, audit: { context: ctx.plan.context.name, purpose: 'etcd restore: snapshot status' } })
        if (st.exitCode !== 0) return fail(`${tool.kind} cannot read the snapshot on ${hostId}: ${lastErrorLine(st.stderr || st.stdout)}`)
        const s = parseSnapshotStatus(st.stdout)
        const out = `${tool.kind} snapshot status: revision ${s.revision}, ${s.totalKey} keys, ${s.totalSize} bytes, hash ${s.hash}\n`
        ctx.stdout(out)
        return { ok: true, output: out }
      }),

      implement(etcdSteps.waitHealthy, waitHealthy),

      implement(etcdSteps.readyz, async (args, ctx: Ctx) => {
        const r = await pollReadyz(await deps.kubeConfigFor(args.context), { timeoutMs: args.timeoutMs, signal: ctx.signal, pause, report: (l) => ctx.stdout(l + '\n') })
        if (!r.ok) return fail(`The API server did not become ready: ${r.last}`)
        ctx.stdout(r.body.endsWith('\n') ? r.body : r.body + '\n')
        return { ok: true, output: r.body }
      })
    ]
  }
}

async function waitHealthy(args: z.output<typeof etcdSteps.waitHealthy.args>, ctx: Ctx): Promise<BuiltinOutcome> {
  const hostId = args.host
  const etcdctl = args.etcdctl
  if (!etcdctl) return fail(`${hostId} has no etcdctl to check the members' health with; check by hand, then resume.`)
  const session = await ctx.host(hostId)
  const host: EtcdHost = { id: hostId, ssh: { host: hostId }, reachable: true, root: ctx.plan.hosts[hostId].root, tools: { etcdctl: { path: etcdctl, version: '' }, sha256sum: true, ss: true } }
  const runner = hostEtcdctlRunner(session, host, args.tls, ctx.plan.context.name)
  const expected = args.expectedMembers.map((m) => m.name).sort()
  const deadline = Date.now() + args.timeoutMs
  let last = ''
  for (;;) {
    let line: string
    try {
      const h = await checkHealth(runner, ctx.plan.context, [], args.endpoints, ctx.signal)
      const names = h.members.map((m) => m.name).sort()
      const allHealthy = h.endpoints.every((e) => e.healthy)
      const membersOk = names.join(',') === expected.join(',')
      line = `${h.endpoints.map((e) => `${e.member ?? e.endpoint} ${e.healthy ? 'healthy' : 'unhealthy'}`).join(', ')}; members: ${names.map((n) => n || '(unstarted)').join(', ') || '?'}${h.leader ? `; leader ${h.leader}` : ''}`
      if (allHealthy && membersOk && h.alarms.length === 0) {
        ctx.stdout(line + '\n')
        return { ok: true, output: line }
      }
    } catch (e) {
      // etcdctl failing is what a starting cluster does: try again. A lost SSH connection is not.
      if (!isAppError(e) || e.info.code !== 'etcd.etcdctl-failed') throw e
      line = toErrorInfo(e).message
    }
    if (line !== last) ctx.stdout(line + '\n')
    last = line
    if (Date.now() > deadline || ctx.signal.aborted) return fail(`The members did not become healthy as ${expected.join(', ')}: ${line}`)
    await pause(1000, ctx.signal)
  }
}
