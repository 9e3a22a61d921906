// The last resort of a long-running process (the Electron main process, `kubedeck serve`): an
// error no code path caught is logged with its stack and the process keeps serving. Every
// socket, stream and child has its own error path; this is for the one that was missed, so a
// single bad client or config never takes down the app and every open terminal with it.
export function keepServingOnUncaughtErrors(log: (message: string) => void): () => void {
  const onError = (e: unknown) => log(`an error nothing handled (the app keeps running): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`)
  process.on('uncaughtException', onError)
  process.on('unhandledRejection', onError)
  return () => {
    process.off('uncaughtException', onError)
    process.off('unhandledRejection', onError)
  }
}

/**
 * Ends the process on SIGTERM/SIGINT within `deadlineMs`: `shutdown` (close terminals, remove
 * private kubeconfigs, stop servers) gets that long, then the process exits anyway.
 */
export function exitOnSignals(shutdown: () => Promise<void>, deadlineMs = 4500): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      const force = setTimeout(() => process.exit(0), deadlineMs)
      force.unref()
      void shutdown()
        .catch(() => undefined)
        .finally(() => {
          clearTimeout(force)
          resolve(signal)
        })
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}
