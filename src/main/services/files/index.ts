// Files Kubedeck writes: atomically, with their earlier versions kept for undo, through links.
export { atomicWriteFile, type AtomicWriteOptions } from './atomic-write'
export { FileHistory, type SavedVersion } from './file-history'
export { followLinks } from './symlinks'
