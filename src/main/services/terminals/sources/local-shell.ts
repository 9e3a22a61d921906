// A shell on this machine in a pty (node-pty), for kubectl, helm and friends against one
// context: KUBECONFIG points at a private minified copy of it, so `kubectl` in this tab keeps
// talking to that cluster whatever the user switches to elsewhere.
import { accessSync, constants as fsConstants } from 'node:fs'
import { createRequire } from 'node:module'
import { constants } from 'node:os'
import { delimiter, isAbsolute, join } from 'node:path'
import { AppError } from '../../../../shared/errors'
import type { TerminalSize } from '../../../../shared/model/terminals'
import type { SourceExit, TerminalSource } from '../types'
import { t } from '../../../../shared/error-messages'

type NodePty = typeof import('node-pty')

let nodePty: NodePty | undefined

/** node-pty is native: load it on first use, and say plainly when it is missing or broken. */
function loadNodePty(): NodePty {
  if (nodePty) return nodePty
  try {
    nodePty = createRequire(import.meta.url)('node-pty') as NodePty
    return nodePty
  } catch (e) {
    throw new AppError(
      {
        code: 'terminals.local-unavailable',
        message: t`Local shells need the native module node-pty, which could not be loaded: ${(e as Error).message}`,
        hint: t`Reinstall Kubedeck (or run \`npm rebuild node-pty\` in a source checkout). SSH and pod terminals still work.`
      },
      { cause: e }
    )
  }
}

export interface LocalShellOptions {
  size: TerminalSize
  /** The environment of the shell (KUBECONFIG already pinned). */
  env: NodeJS.ProcessEnv
  cwd: string
  /** Defaults to $SHELL, then /bin/bash (cmd.exe family on Windows: COMSPEC). */
  shell?: string
  /** Runs after the shell is gone (removes the temporary kubeconfig). */
  cleanup?: () => void
}

export function defaultShell(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return env.COMSPEC || 'cmd.exe'
  return env.SHELL || '/bin/bash'
}

/** node-pty reports a missing program only as output of a dead child: look it up first. */
function findExecutable(file: string, env: NodeJS.ProcessEnv): string | null {
  const executable = (p: string) => {
    try {
      accessSync(p, fsConstants.X_OK)
      return true
    } catch {
      return false
    }
  }
  // Windows resolves COMSPEC and PATHEXT itself (and has no X_OK).
  if (process.platform === 'win32') return file
  if (isAbsolute(file)) return executable(file) ? file : null
  for (const dir of (env.PATH ?? '').split(delimiter)) if (dir && executable(join(dir, file))) return join(dir, file)
  return null
}

export function openLocalShell(opts: LocalShellOptions): TerminalSource {
  const pty = loadNodePty()
  const wanted = opts.shell ?? defaultShell(opts.env)
  const file = findExecutable(wanted, opts.env)
  if (!file) {
    opts.cleanup?.()
    throw new AppError({
      code: 'terminals.local-spawn',
      message: isAbsolute(wanted) ? t`Could not start the shell ${wanted}: no such executable.` : t`Could not start the shell ${wanted}: no such executable on PATH.`,
      command: wanted,
      hint: t`Set SHELL to a shell that exists on this machine.`
    })
  }
  let child: import('node-pty').IPty
  try {
    child = pty.spawn(file, [], {
      name: 'xterm-256color',
      cols: opts.size.cols,
      rows: opts.size.rows,
      cwd: opts.cwd,
      env: { ...opts.env, TERM: 'xterm-256color', COLORTERM: 'truecolor' },
      // Raw bytes: decoding is the session's job (one streaming UTF-8 decoder for every kind).
      encoding: null
    })
  } catch (e) {
    opts.cleanup?.()
    throw new AppError(
      {
        code: 'terminals.local-spawn',
        message: t`Could not start the shell ${file}: ${(e as Error).message}`,
        command: file,
        hint: t`Set SHELL to a shell that exists on this machine.`
      },
      { cause: e }
    )
  }
  let cleaned = false
  const cleanup = () => {
    if (cleaned) return
    cleaned = true
    opts.cleanup?.()
  }
  let exited = false
  let exitListener: ((exit: SourceExit) => void) | undefined
  let pendingExit: SourceExit | undefined
  child.onExit(({ exitCode, signal }) => {
    exited = true
    cleanup()
    const exit: SourceExit = { code: signal ? null : exitCode, signal: signal ? signalName(signal) : undefined }
    if (exitListener) exitListener(exit)
    else pendingExit = exit
  })
  return {
    write: (data) => {
      if (!exited) child.write(data)
    },
    resize: ({ cols, rows }) => {
      if (!exited) child.resize(cols, rows)
    },
    pause: () => child.pause(),
    resume: () => child.resume(),
    close: () => {
      if (!exited) child.kill('SIGHUP')
      cleanup()
    },
    onData: (listener) => {
      child.onData((chunk) => listener(chunk as unknown as Buffer))
    },
    onExit: (listener) => {
      exitListener = listener
      if (pendingExit) listener(pendingExit)
    }
  }
}

function signalName(signal: number): string {
  return Object.entries(constants.signals).find(([, n]) => n === signal)?.[0] ?? `signal ${signal}`
}
