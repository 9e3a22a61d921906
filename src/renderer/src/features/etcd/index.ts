// The etcd page: health and topology, verified backups and their catalog, the restore wizard,
// repairs and the backup cron entry — plans shown in the operations plan view.
import './etcd.css'

export { EtcdPage } from './EtcdPage'
export { createEtcdSlice, type EtcdSlice } from './etcd-slice'
export { etcdStrings } from './strings'
