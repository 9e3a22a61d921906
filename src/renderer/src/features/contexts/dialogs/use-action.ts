import { useCallback, useState } from 'react'
import type { ErrorInfo } from '@shared/errors'
import { errorInfoOf } from '../../../api'

/**
 * A dialog's submit: runs once at a time, and keeps the error (from our own checks or from
 * main) to show in place with ErrorMessage. The dialog stays open on error; nothing was written.
 */
export function useAction() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ErrorInfo | null>(null)
  const run = useCallback(async (work: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    try {
      await work()
    } catch (e) {
      setError(errorInfoOf(e))
    } finally {
      setBusy(false)
    }
  }, [])
  return { busy, error, setError, run }
}
