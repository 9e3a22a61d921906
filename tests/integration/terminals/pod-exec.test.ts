// Pod exec terminals through the lab's real API server (kwok runs the command on the node):
// the container picker's data, a shell that echoes, exit codes from the status channel, the
// window size on the resize channel, and errors that name what is wrong.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContextRef } from '../../../src/shared/model/kubeconfig'
import { KubeconfigService } from '../../../src/main/services/kubeconfig'
import { TerminalService } from '../../../src/main/services/terminals'
import { labSkipReason, requireLab, type LabInfo } from '../../lab'
import { LAB_INSTANCE, TestWindow, until } from './support'

const skip = labSkipReason()

describe.skipIf(!!skip)(`pod exec terminals on the lab ${skip ?? ''}`, () => {
  let lab: LabInfo
  let dataDir: string
  let kubeconfig: KubeconfigService
  let terminals: TerminalService
  let context: ContextRef

  beforeAll(async () => {
    lab = await requireLab('kubeadm-1', { instance: LAB_INSTANCE })
    dataDir = mkdtempSync(join(tmpdir(), 'kubedeck-pod-exec-it-'))
    kubeconfig = new KubeconfigService({ dataDir, env: { ...process.env, KUBECONFIG: lab.kubeconfig }, watch: false, loginShell: false })
    context = { file: lab.kubeconfig, name: lab.context }
    terminals = new TerminalService({
      kubeConfigFor: (ref) => kubeconfig.clientFor(ref),
      writeMinifiedKubeconfig: () => Promise.reject(new Error('this test opens no local shells')),
      connectSsh: () => Promise.reject(new Error('this test opens no SSH terminals')),
      env: process.env
    })
  })
  afterAll(async () => {
    await terminals?.close()
    kubeconfig?.close()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('lists pods with their containers and the one kubectl would pick', async () => {
    const targets = await terminals.execTargets(context, 'shop')
    const api = targets.find((t) => t.pod.startsWith('api-'))
    expect(api).toMatchObject({ namespace: 'shop', phase: 'Running', containers: ['api', 'metrics'], defaultContainer: 'api' })
  })

  it('runs a shell in the container: echo, the window size, and the exit code', async () => {
    const [web] = (await terminals.execTargets(context, 'demo')).filter((t) => t.phase === 'Running')
    expect(web).toBeDefined()
    const window = new TestWindow(() => terminals)
    const id = crypto.randomUUID()
    const info = await terminals.openPod({ id, cols: 100, rows: 30, context, namespace: 'demo', pod: web.pod }, window)
    expect(info).toMatchObject({ state: 'connected', kind: 'pod', host: `${web.pod}/web`, context })

    terminals.write(id, 'echo kd-$((6*7))\n', window)
    await until('the echo', () => window.data.includes('kd-42\r\n'))
    terminals.write(id, 'stty size\n', window)
    await until('the initial size', () => window.data.includes('30 100'))
    terminals.resize(id, { cols: 90, rows: 25 }, window)
    const mark = window.data.length
    terminals.write(id, 'stty size\n', window)
    await until('the new size', () => window.since(mark).includes('25 90'))

    terminals.write(id, 'exit 3\n', window)
    await until('the exit', () => window.lastState()?.state === 'exited')
    expect(window.lastState()).toMatchObject({ state: 'exited', exitCode: 3 })
  })

  it('names the containers when asked for one the pod does not have', async () => {
    const api = (await terminals.execTargets(context, 'shop')).find((t) => t.pod.startsWith('api-'))!
    await expect(
      terminals.openPod({ id: crypto.randomUUID(), cols: 80, rows: 24, context, namespace: 'shop', pod: api.pod, container: 'nginx' }, new TestWindow(() => terminals))
    ).rejects.toMatchObject({ info: { code: 'terminals.no-container', message: `Pod shop/${api.pod} has no container "nginx".`, hint: 'Its containers: api, metrics.' } })
  })

  it('says which pod is missing', async () => {
    await expect(
      terminals.openPod({ id: crypto.randomUUID(), cols: 80, rows: 24, context, namespace: 'demo', pod: 'no-such-pod' }, new TestWindow(() => terminals))
    ).rejects.toMatchObject({ info: { code: 'terminals.not-found', message: expect.stringContaining('demo/no-such-pod') } })
  })
})
