import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { clusterStrings } from './strings'

const sources = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true })

describeCatalog('cluster', clusterStrings, { namespace: 'cluster', sources, minUsed: 10 })
