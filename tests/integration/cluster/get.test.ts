// `kubedeck get` on the lab (kubeadm-1) with kubectl as the oracle: every built-in kind the
// window lists, a custom resource, a namespace and a label selector, each printed with kubectl's
// columns and cells (AGE aside: it moves on between the two reads); an unknown kind and a
// selector that cannot be read are refused as kubectl refuses them.
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BUILTIN_KINDS } from '../../../src/shared/cluster-kinds'
import { kubectl, labSkipReason, requireLab, type LabInfo } from '../../lab'
import { runKubedeck } from '../kubeconfig/harness'
import { LAB_INSTANCE } from '../terminals/support'

const skip = labSkipReason()

/** Rows as cells (kubectl's tabwriter puts 3+ spaces between columns), without the AGE column. */
function table(text: string): string[][] {
  const lines = text.trim().split('\n').filter(Boolean)
  if (!lines.length) return []
  const head = lines[0].split(/\s{3,}/)
  const age = head.indexOf('AGE')
  return lines.map((l) => l.split(/\s{3,}/).filter((_, i) => i !== age))
}

describe.skipIf(!!skip)(`kubedeck get against kubectl on kubeadm-1 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let env: NodeJS.ProcessEnv
  let dataDir: string
  const kd = (...args: string[]) => runKubedeck(['get', ...args, '--context', lab.context], env, dataDir)
  const same = async (...args: string[]) => {
    const [ours, theirs] = await Promise.all([kd(...args), kubectl(lab, ['get', ...args], { timeoutMs: 120_000, allowFailure: true })])
    expect(ours.code, `${args.join(' ')}: ${ours.stderr}`).toBe(theirs.code)
    expect(table(ours.stdout), args.join(' ')).toEqual(table(theirs.stdout))
    return ours
  }

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-get-it-'))
    env = { PATH: process.env.PATH, HOME: dataDir, KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: join(dataDir, 'data') }
  })
  afterAll(() => {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('prints every built-in kind as kubectl get -A does (events aside: they change between reads)', async () => {
    for (const kind of BUILTIN_KINDS.filter((k) => k.id !== 'events')) await same(kind.id, '-A')
  })

  it('prints a custom resource, one namespace, a label selector and named objects as kubectl does', async () => {
    const r = await same('logs.kwok.x-k8s.io', '-A')
    expect(r.stdout).toContain('NAMESPACE')
    await same('pods', '-n', 'kube-system', '-l', 'component in (etcd,kube-apiserver),tier=control-plane')
    await same('deploy', '-n', 'kube-system', 'coredns')
    await same('svc', '-n', 'default')
    await same('nodes', '-l', '!node-role.kubernetes.io/control-plane')
  })

  it('refuses an unknown kind and a selector it cannot read, as kubectl does', async () => {
    const unknown = await kd('nosuchkind')
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('error: the server doesn\'t have a resource type "nosuchkind"')
    const hostile = await kd('pods', '-A', '-l', '$(touch /tmp/kd-pwned)=x')
    expect(hostile.code).toBe(1)
    expect(hostile.stderr).toContain('unable to parse requirement: "$(touch /tmp/kd-pwned)=x"')
    expect(existsSync('/tmp/kd-pwned')).toBe(false)
    const missing = await kd('deploy', '-n', 'kube-system', 'nope')
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('Error from server (NotFound): deployments "nope" not found')
  })
})
