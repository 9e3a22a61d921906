import type { TFunction } from 'i18next'
import type { ErrorInfo } from '@shared/errors'
import { isAbsoluteOrHomePath } from '../validation'

/** The error for a path field (`field` is its label) that main could not take, or null. */
export function typedPathProblem(t: TFunction, path: string, field: string): ErrorInfo | null {
  if (isAbsoluteOrHomePath(path)) return null
  const message = t('contexts.errors.pathNotAbsolute', { path })
  return { code: 'input.path', message, issues: [{ path: field, message }] }
}
