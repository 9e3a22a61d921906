import { useAppStore } from '../../../store'
import { DeleteDialog } from './DeleteDialog'
import { ClusterDialog, UserDialog } from './EntryDialogs'
import { NewContextDialog } from './NewContextDialog'
import { ExportDialog } from './ExportDialog'
import { FoldersDialog } from './FoldersDialog'
import { ImportDialog } from './ImportDialog'
import { NamespaceDialog } from './NamespaceDialog'
import { RenameDialog } from './RenameDialog'
import { UndoDialog } from './UndoDialog'

/** The one open context dialog, if any (opened from the page, the switcher or a shortcut). */
export function ContextDialogs() {
  const dialog = useAppStore((s) => s.contextDialog)
  const close = useAppStore((s) => s.closeContextDialog)
  if (!dialog) return null
  switch (dialog.kind) {
    case 'rename':
      return <RenameDialog context={dialog.context} onClose={close} />
    case 'namespace':
      return <NamespaceDialog context={dialog.context} onClose={close} />
    case 'delete':
      return <DeleteDialog context={dialog.context} onClose={close} />
    case 'export':
      return <ExportDialog context={dialog.context} onClose={close} />
    case 'undo':
      return <UndoDialog file={dialog.file} onClose={close} />
    case 'import':
      return <ImportDialog onClose={close} given={dialog.given} />
    case 'folders':
      return <FoldersDialog onClose={close} />
    case 'cluster':
      return <ClusterDialog context={dialog.context} onClose={close} />
    case 'user':
      return <UserDialog context={dialog.context} onClose={close} />
    case 'new-context':
      return <NewContextDialog onClose={close} />
  }
}
