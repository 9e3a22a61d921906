// Test kit: a program run to its end with its output collected, and the built `kubedeck` CLI as
// users run it (bin/kubedeck.js → out/main/cli.js) in its own process.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export interface RunResult {
  stdout: string
  stderr: string
  code: number
}

/** A program run to its end with its output collected (stdin closed). */
export function runProgram(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d))
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d))
    child.on('error', reject)
    child.on('close', (code) => resolve({ stdout, stderr, code: code ?? -1 }))
  })
}

/** The built CLI as users run it, in its own process. */
export function runBuiltKubedeck(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<RunResult> {
  return runProgram(process.execPath, [fileURLToPath(new URL('../../bin/kubedeck.js', import.meta.url)), ...args], env, cwd)
}
