import { describeCatalog } from '../../../../../tests/kits/catalog-checks'
import { logsStrings } from './strings'

const sources = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true })

describeCatalog('logs', logsStrings, { namespace: 'logs', sources, minUsed: 50 })
