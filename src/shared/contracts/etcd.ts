// etcd calls and streams. (Filled in by the etcd domain.)
export const etcdCalls = {} as const
export const etcdStreams = {} as const
