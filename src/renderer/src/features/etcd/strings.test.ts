import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { etcdStrings } from './strings'

const sources = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true })

describeCatalog('etcd', etcdStrings, { namespace: 'etcd', sources, minUsed: 50 })
