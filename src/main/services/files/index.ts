export { atomicWriteFile, type AtomicWriteOptions } from './atomic-write'
export { FileHistory, type SavedVersion } from './file-history'
