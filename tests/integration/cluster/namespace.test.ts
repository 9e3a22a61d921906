// Namespaces stuck in Terminating on the lab (kubeadm-1, its real namespace controller), freed
// through the CLI with kubectl as the oracle: one held by an object's finalizer (the plan names
// exactly that object and finalizer, removes only it, and the namespace goes), one held by an
// APIService whose Service does not exist (diagnosed as such; deleting it lets the namespace go).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { kubectl, labSkipReason, requireLab, type LabInfo } from '../../lab'
import { runKubedeck } from '../kubeconfig/harness'
import { LAB_INSTANCE } from '../terminals/support'

const skip = labSkipReason()
const HELD = 'kd-unstick-finalizer'
const DISCOVERY = 'kd-unstick-apiservice'
const APISERVICE = 'v1.kd-unstick.example.com'

describe.skipIf(!!skip)(`namespace unstick on kubeadm-1 ${skip ?? ''}`, () => {
  let lab: LabInfo
  let env: NodeJS.ProcessEnv
  let dataDir: string
  const k = (args: string[], o: { input?: string; allowFailure?: boolean } = {}) => kubectl(lab, args, { timeoutMs: 120_000, ...o })
  const kd = (...args: string[]) => runKubedeck(args, env, dataDir)
  const exists = async (ns: string) => (await k(['get', 'namespace', ns, '--ignore-not-found', '-o', 'name'])).stdout.trim() !== ''

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-unstick-it-'))
    env = { PATH: process.env.PATH, HOME: dataDir, KUBECONFIG: lab.kubeconfig, KUBEDECK_DATA_DIR: join(dataDir, 'data') }
  })

  afterAll(async () => {
    if (lab) {
      await k(['delete', 'apiservice', APISERVICE, '--ignore-not-found'], { allowFailure: true })
      for (const ns of [HELD, DISCOVERY]) {
        await k(['-n', ns, 'patch', 'configmap', 'held', '--type=merge', '-p', '{"metadata":{"finalizers":null}}'], { allowFailure: true })
        await k(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false'], { allowFailure: true })
      }
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('frees a namespace held by one object’s finalizer by removing exactly that finalizer', async () => {
    await k(['apply', '-f', '-'], {
      input: `apiVersion: v1
kind: Namespace
metadata: { name: ${HELD} }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: held, namespace: ${HELD}, finalizers: [kubedeck.test/hold] }
data: { a: b }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: plain, namespace: ${HELD} }
`
    })
    // Not being deleted yet: nothing to free, nothing changed.
    const early = await kd('namespace', 'unstick', HELD, '--context', lab.context, '--dry-run')
    expect(early.code).toBe(1)
    expect(early.stderr).toContain(`Namespace ${HELD} is not being deleted (phase Active)`)

    await k(['delete', 'namespace', HELD, '--wait=false'])
    await k(['wait', '--for=jsonpath={.status.conditions[?(@.type=="NamespaceFinalizersRemaining")].status}=True', `namespace/${HELD}`, '--timeout=90s'])
    const dry = await kd('namespace', 'unstick', HELD, '--context', lab.context, '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`Namespace ${HELD}: Terminating`)
    expect(dry.stdout).toContain('NamespaceFinalizersRemaining: Some content in the namespace has finalizers remaining: kubedeck.test/hold in 1 resource instances')
    expect(dry.stdout).toContain('configmaps/held waits for kubedeck.test/hold (being deleted)')
    expect(dry.stdout).toContain('Remove kubedeck.test/hold from configmaps/held')
    expect(dry.stdout).not.toContain('finalize subresource')
    expect((await k(['-n', HELD, 'get', 'configmap', 'held', '-o', 'jsonpath={.metadata.finalizers}'])).stdout).toContain('kubedeck.test/hold')

    const r = await kd('namespace', 'unstick', HELD, '--context', lab.context, '--yes')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('removed kubedeck.test/hold from configmap/held')
    expect(await exists(HELD)).toBe(false)
  })

  it('names an APIService that is not available as what holds a namespace, and deleting it lets the namespace go', async () => {
    await k(['apply', '-f', '-'], {
      input: `apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata: { name: ${APISERVICE} }
spec:
  group: kd-unstick.example.com
  version: v1
  groupPriorityMinimum: 1000
  versionPriority: 15
  insecureSkipTLSVerify: true
  service: { namespace: default, name: kd-unstick-nobody }
---
apiVersion: v1
kind: Namespace
metadata: { name: ${DISCOVERY} }
`
    })
    await k(['wait', '--for=jsonpath={.status.conditions[?(@.type=="Available")].status}=False', `apiservice/${APISERVICE}`, '--timeout=60s'])
    await k(['delete', 'namespace', DISCOVERY, '--wait=false'])
    await k(['wait', '--for=jsonpath={.status.conditions[?(@.type=="NamespaceDeletionDiscoveryFailure")].status}=True', `namespace/${DISCOVERY}`, '--timeout=90s'])
    const dry = await kd('namespace', 'unstick', DISCOVERY, '--context', lab.context, '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(`APIService ${APISERVICE} is not available (service default/kd-unstick-nobody)`)
    expect(dry.stdout).toContain('discovery failed for kd-unstick.example.com/v1')
    expect(dry.stdout).toContain(`Delete the unavailable APIService ${APISERVICE}`)
    expect(dry.stdout).toContain('NamespaceDeletionDiscoveryFailure')

    const r = await kd('namespace', 'unstick', DISCOVERY, '--context', lab.context, '--yes')
    expect(r.code).toBe(0)
    expect((await k(['get', 'apiservice', APISERVICE, '--ignore-not-found', '-o', 'name'])).stdout.trim()).toBe('')
    expect(await exists(DISCOVERY)).toBe(false)
  })
})
