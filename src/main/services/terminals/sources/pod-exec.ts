// A shell in a pod's container through the API server (client-node's Exec over a WebSocket,
// channel.k8s.io): stdin on channel 0, the tty's output on 1, the exit status on 3 and window
// sizes on 4. Pausing pauses the WebSocket's socket, so TCP back-pressure reaches the API
// server and, through it, the container's pty.
import { Readable, Writable } from 'node:stream'
import type { KubeConfig, V1Pod, V1Status } from '@kubernetes/client-node'
import { clientNode } from '../../kube'
import type WebSocket from 'ws'
import { AppError, errorInfo } from '../../../../shared/errors'
import type { ExecTarget, TerminalSize } from '../../../../shared/model/terminals'
import type { SourceExit, TerminalSource } from '../types'
import { t, type Sentence } from '../../../../shared/error-messages'

/** `bash` where the image has it, `sh` otherwise (what k9s runs). */
export const DEFAULT_SHELL = ['sh', '-c', 'command -v bash >/dev/null 2>&1 && exec bash || exec sh']

const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container'

export interface PodExecOptions {
  kubeConfig: KubeConfig
  /** For messages: the context's name. */
  contextName: string
  namespace: string
  pod: string
  container: string
  command: string[]
  size: TerminalSize
}

/** The pty's output side as client-node sees it: resizable like a tty WriteStream. */
class PtyOutput extends Writable {
  constructor(
    private readonly sink: (chunk: Buffer) => void,
    public columns: number,
    public rows: number
  ) {
    super()
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.sink(chunk)
    done()
  }

  setSize({ cols, rows }: TerminalSize): void {
    this.columns = cols
    this.rows = rows
    this.emit('resize')
  }
}

export function execTargetOf(pod: V1Pod): ExecTarget {
  const containers = (pod.spec?.containers ?? []).map((c) => c.name)
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION]
  return {
    namespace: pod.metadata?.namespace ?? '',
    pod: pod.metadata?.name ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    containers,
    defaultContainer: annotated && containers.includes(annotated) ? annotated : (containers[0] ?? '')
  }
}

export async function listExecTargets(kubeConfig: KubeConfig, contextName: string, namespace: string): Promise<ExecTarget[]> {
  try {
    const { CoreV1Api } = await clientNode()
    const list = await kubeConfig.makeApiClient(CoreV1Api).listNamespacedPod({ namespace })
    return list.items.map(execTargetOf).sort((a, b) => a.pod.localeCompare(b.pod))
  } catch (e) {
    throw apiError(e, t`list the pods of namespace ${namespace}`, contextName, kubeConfig)
  }
}

/** Finds the container `kubectl exec` would use when none is named, and checks a named one exists. */
export async function resolveContainer(kubeConfig: KubeConfig, contextName: string, namespace: string, pod: string, container?: string): Promise<string> {
  let target: ExecTarget
  try {
    const { CoreV1Api } = await clientNode()
    target = execTargetOf(await kubeConfig.makeApiClient(CoreV1Api).readNamespacedPod({ namespace, name: pod }))
  } catch (e) {
    throw apiError(e, t`read pod ${namespace}/${pod}`, contextName, kubeConfig)
  }
  if (container === undefined) {
    if (!target.defaultContainer) throw new AppError({ code: 'terminals.no-container', message: t`Pod ${namespace}/${pod} has no containers to exec into.` })
    return target.defaultContainer
  }
  if (!target.containers.includes(container)) {
    throw new AppError({
      code: 'terminals.no-container',
      message: t`Pod ${namespace}/${pod} has no container "${container}".`,
      hint: t`Its containers: ${target.containers.join(', ') || '(none)'}.`
    })
  }
  return container
}

export async function openPodExec(opts: PodExecOptions): Promise<TerminalSource> {
  let dataListener: ((chunk: Uint8Array) => void) | undefined
  let early: Buffer[] = []
  const stdout = new PtyOutput(
    (chunk) => {
      if (dataListener) dataListener(chunk)
      else early.push(chunk)
    },
    opts.size.cols,
    opts.size.rows
  )
  const stdin = new Readable({ read() {} })
  let status: V1Status | undefined
  let socket: WebSocket
  try {
    const { Exec } = await clientNode()
    socket = (await new Exec(opts.kubeConfig).exec(opts.namespace, opts.pod, opts.container, opts.command, stdout, null, stdin, true, (s) => {
      status = s
    })) as unknown as WebSocket
  } catch (e) {
    throw execError(e, opts)
  }

  let exitListener: ((exit: SourceExit) => void) | undefined
  let exit: SourceExit | undefined
  let closedByUs = false
  const finish = (result: SourceExit) => {
    if (exit) return
    exit = result
    exitListener?.(result)
  }
  socket.on('close', () => {
    if (status) finish(exitOfStatus(status, opts))
    else if (closedByUs) finish({ code: null })
    else
      finish({
        lost: true,
        error: errorInfo({
          code: 'terminals.exec-closed',
          message: t`The API server closed the exec stream of ${opts.namespace}/${opts.pod} (${opts.container}) without an exit status.`,
          hint: t`The pod may have been deleted or the API server restarted. Reconnect to open a new shell.`
        })
      })
  })
  socket.on('error', () => undefined)

  return {
    write: (data) => {
      if (!exit) stdin.push(data)
    },
    resize: (size) => stdout.setSize(size),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    close: () => {
      closedByUs = true
      socket.close()
    },
    onData: (listener) => {
      dataListener = listener
      for (const chunk of early) listener(chunk)
      early = []
    },
    onExit: (listener) => {
      exitListener = listener
      if (exit) listener(exit)
    }
  }
}

/** Success → 0; NonZeroExitCode → the code from its causes (or its words); anything else is an error with the API server's message. */
function exitOfStatus(status: V1Status, opts: PodExecOptions): SourceExit {
  if (status.status === 'Success') return { code: 0 }
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode')
  if (cause?.message !== undefined && /^\d+$/.test(cause.message)) return { code: Number(cause.message) }
  // Runtimes that hand back Go's exec error unwrapped (kwok, some CRI shims) say it in words.
  const worded = /\bexit status (\d+)$/.exec(status.message ?? '')
  if (worded) return { code: Number(worded[1]) }
  return {
    error: errorInfo({
      code: 'terminals.exec-failed',
      message: t`Exec in ${opts.namespace}/${opts.pod} (${opts.container}) failed: ${status.message ?? status.reason ?? 'no reason given'}.`,
      command: opts.command.join(' '),
      hint: t`Check that the command exists in the container image.`
    })
  }
}

function execError(e: unknown, opts: PodExecOptions): AppError {
  const detail = e instanceof Error ? e.message : typeof e === 'object' && e && 'message' in e ? String((e as { message: unknown }).message) : String(e)
  const forbidden = /\b403\b/.test(detail)
  return new AppError(
    {
      code: forbidden ? 'terminals.exec-forbidden' : 'terminals.exec-connect',
      message: t`Could not exec into ${opts.namespace}/${opts.pod} (${opts.container}) with context ${opts.contextName}: ${detail}.`,
      host: opts.kubeConfig.getCurrentCluster()?.server,
      hint: forbidden
        ? t`The user of context ${opts.contextName} may not create pods/exec in namespace ${opts.namespace} (kubectl auth can-i create pods/exec -n ${opts.namespace}).`
        : t`Check that the API server is reachable and the pod is running.`
    },
    { cause: e }
  )
}

function apiError(e: unknown, what: Sentence, contextName: string, kubeConfig: KubeConfig): AppError {
  const code = (e as { code?: unknown })?.code
  const body = (e as { body?: unknown })?.body
  let reason = e instanceof Error ? e.message : String(e)
  if (typeof body === 'string') {
    try {
      reason = (JSON.parse(body) as { message?: string }).message ?? reason
    } catch {
      // not JSON: keep the error's own message
    }
  }
  return new AppError(
    {
      code: code === 404 ? 'terminals.not-found' : 'terminals.api',
      message: t`Could not ${what} with context ${contextName}: ${reason}`,
      host: kubeConfig.getCurrentCluster()?.server,
      hint: code === 404 ? t`It may have been deleted; refresh the list.` : t`Check the context with Test connection.`
    },
    { cause: e }
  )
}
