import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { hostsStrings } from './strings'

const sources = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true })

describeCatalog('hosts', hostsStrings, { namespace: 'hosts', sources, minUsed: 40 })
