// Paths people type into the app (a folder to add, a file to import, where to export): `~` and
// `~/…` mean their home folder, as in a shell; anything else must be absolute. The app's process
// has no working directory the user knows of (a desktop app starts wherever the launcher put
// it), so a relative path is refused rather than guessed. The CLI does not come here: it
// resolves relative paths against its working directory, as kubectl does.
import { isAbsolute, join, normalize } from 'node:path'
import { AppError } from '../../../shared/errors'
import { t } from '../../../shared/error-messages'

/** `input` as an absolute path; `what` names the field in the message ("the folder to add"). */
export function typedPath(input: string, home: string, what: string): string {
  const tilde = /^~(?=$|[\\/])/.exec(input)
  if (tilde) return join(home, input.slice(1))
  if (isAbsolute(input)) return normalize(input)
  const other = /^~[^\\/]+/.exec(input)
  throw new AppError({
    code: 'input.path-relative',
    message: other
      ? t`${what} "${input}" starts with ${other[0]}: only your own home folder (~/…) can be written that way; nothing was changed`
      : t`${what} "${input}" is a relative path, and the app has no folder it could be relative to; nothing was changed`,
    hint: t`Give the full path (starting with /), or start it with ~/ for your home folder (${home}).`
  })
}
